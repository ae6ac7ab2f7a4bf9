import Foundation

/// How much of a customer's personal data a caller sees on an order (R1.4).
public enum PersonalDataView: String, Hashable, Sendable {
    case full
    case masked
}

extension AccessPolicy {
    /// Technicians see the full details of their own job from this long
    /// before the appointment starts until this long after it ends: enough
    /// to call ahead and to find the door, not to keep a customer list.
    public static let technicianWindow: TimeInterval = 4 * 3600

    /// What `caller` sees of the customer of an order of `storeCode`, at `now`.
    /// `assignedToCaller` says whether the order is the caller's own job.
    public static func personalDataView(
        for caller: Caller, storeCode: String, assignedToCaller: Bool, appointment: (start: Date, end: Date)?,
        now: Date
    ) -> PersonalDataView {
        let needsToKnow = caller.grants.contains { grant in
            grant.isValid && seesPersonalData.contains(grant.role) && grant.scope.covers(storeCode)
        }
        if needsToKnow { return .full }
        if assignedToCaller, caller.roles.contains(.technician), let appointment,
            now >= appointment.start.addingTimeInterval(-technicianWindow),
            now <= appointment.end.addingTimeInterval(technicianWindow)
        {
            return .full
        }
        return .masked
    }

    /// The stores whose customers' personal data the caller sees in full by
    /// role (nil: every store). Searching by phone is limited to these:
    /// elsewhere a search would confirm a number the caller sees masked.
    public static func storesWithPersonalData(for caller: Caller) -> Set<String>? {
        var stores: Set<String> = []
        for grant in caller.grants where grant.isValid && seesPersonalData.contains(grant.role) {
            switch grant.scope {
            case .allStores: return nil
            case .stores(let codes): stores.formUnion(codes)
            }
        }
        return stores
    }

    /// A reveal must say why, in words someone can check later.
    public static func revealReasonProblems(_ reason: String?) -> [FieldProblem] {
        guard let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), reason.count >= 4 else {
            return [
                FieldProblem(
                    field: "reason", code: "reveal.reasonRequired",
                    message: LocalizedText(
                        zhHans: "查看完整信息须说明原因（至少 4 个字）",
                        en: "Say why you need the full details (at least 4 characters)"))
            ]
        }
        return reason.count > TextLimits.reason ? [IntakeProblem.tooLong("reason", limit: TextLimits.reason)] : []
    }
}
