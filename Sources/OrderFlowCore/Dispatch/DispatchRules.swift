import Foundation

/// Why a technician cannot take a job: the hard constraints of R3.1, which
/// no automatic choice and no dispatcher may break.
public enum DispatchViolation: Hashable, Sendable {
    case otherStore(String)
    case missingSkill(String)
    case offShift
    case overlaps(String)

    public var code: String {
        switch self {
        case .otherStore: "dispatch.otherStore"
        case .missingSkill: "dispatch.missingSkill"
        case .offShift: "dispatch.offShift"
        case .overlaps: "dispatch.overlaps"
        }
    }

    public var message: LocalizedText {
        switch self {
        case .otherStore(let store):
            LocalizedText(zhHans: "不属于门店 \(store)", en: "Does not work for store \(store)")
        case .missingSkill(let skill):
            LocalizedText(
                zhHans: "缺少技能或有效证书：\(skill)", en: "Lacks the skill, or its valid certificate: \(skill)")
        case .offShift:
            LocalizedText(zhHans: "预约时间不在其班次内", en: "Not on shift for the whole job")
        case .overlaps(let number):
            LocalizedText(zhHans: "与订单 \(number) 时间冲突", en: "Overlaps order \(number)")
        }
    }
}

/// Every constraint that keeps a job off a technician's day.
public struct Unplaceable: Error, Hashable, Sendable {
    public var violations: [DispatchViolation]

    public init(_ violations: [DispatchViolation]) { self.violations = violations }
}

/// Settings of a store's dispatch: the time between two on-site jobs.
public struct DispatchSettings: Hashable, Codable, Sendable {
    public var travelBufferMinutes: Int

    public init(travelBufferMinutes: Int = 30) { self.travelBufferMinutes = travelBufferMinutes }

    public var travelBuffer: TimeInterval { TimeInterval(travelBufferMinutes) * 60 }
}

/// The hard constraints, and where in its window a job fits a technician's day.
public enum DispatchRules {
    /// The earliest start inside the job's window at which `technician` can
    /// do all of it, or every constraint that stops each possible start.
    public static func placement(
        of job: DispatchJob, on technician: TechnicianDay, settings: DispatchSettings = DispatchSettings()
    ) -> Result<Date, Unplaceable> {
        var standing: [DispatchViolation] = []
        if !technician.storeCodes.contains(job.storeCode) { standing.append(.otherStore(job.storeCode)) }
        for skill in job.requiredSkills.sorted() where technician.skills[skill] == nil {
            standing.append(.missingSkill(skill))
        }
        guard standing.isEmpty else { return .failure(Unplaceable(standing)) }
        guard let shift = technician.shift else { return .failure(Unplaceable([.offShift])) }

        // Candidate starts: the window's start, the shift's start, and the end
        // of each booking (plus travel when either job is on site). Sorted
        // arrays rather than sets: the solver asks this for every technician
        // of every job when it explains a plan, and hashing was most of it.
        var candidates: [Date] = [job.window.start, shift.start]
        candidates.reserveCapacity(technician.bookings.count + 2)
        for booking in technician.bookings {
            let gap = booking.onSite || job.onSite ? settings.travelBuffer : 0
            candidates.append(booking.end.addingTimeInterval(gap))
        }
        candidates.sort()
        var blockers: [String] = []
        var onShiftSomewhere = false
        var tried: Date?
        for start in candidates where start != tried && start >= job.window.start && start <= job.latestStart {
            tried = start
            let end = start.addingTimeInterval(job.duration)
            guard start >= shift.start, end <= shift.end else { continue }
            onShiftSomewhere = true
            let clashes = technician.bookings.filter { booking in
                let gap = booking.onSite || job.onSite ? settings.travelBuffer : 0
                return start < booking.end.addingTimeInterval(gap) && booking.start < end.addingTimeInterval(gap)
            }
            if clashes.isEmpty { return .success(start) }
            blockers.append(contentsOf: clashes.map(\.orderNumber))
        }
        guard onShiftSomewhere else { return .failure(Unplaceable([.offShift])) }
        blockers.sort()
        var distinct: [String] = []
        for number in blockers where number != distinct.last { distinct.append(number) }
        return .failure(Unplaceable(distinct.map(DispatchViolation.overlaps)))
    }
}
