import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The order page's follow-up sections (R4.2, R4.3, R4.7): follow-ups with
/// their contacts, feedback, and problem cases, each with its form.
extension TrackingChapter {
    struct FollowUpFacts: Sendable {
        let followUps: [FollowUpRow]
        let feedback: [FeedbackRow]
        let problems: [ProblemRow]
        let canFollowUp: Bool
        let canRecordFeedback: Bool
        let canHandleProblems: Bool
        let contactChannels: [Choice]
        let contactResults: [Choice]
        let feedbackChannels: [Choice]
        let problemKinds: [Choice]
        let defaultDue: String
    }

    struct FollowUpRow: Sendable {
        let id: String
        let reason: String
        let due: String
        let overdue: Bool
        let owner: String
        let origin: String
        let open: Bool
        let outcome: String?
        let contacts: [String]
    }

    struct FeedbackRow: Sendable {
        let stars: String
        let comment: String
        let channel: String
        let by: String
        let when: String
    }

    struct ProblemRow: Sendable {
        let id: String
        let href: String
        let kind: String
        let description: String
        let status: String
        let statusLabel: String
        let opened: String
    }

    func followUpFacts(_ order: Order, _ visit: ConsoleVisit, zone: TimeZone) async throws -> FollowUpFacts {
        let language = visit.language
        let caller = visit.caller
        let now = visit.now
        let staff = Dictionary(
            ((try? await tracking.colleagues(of: order.storeCode, by: caller)) ?? []).map { ($0.id, $0.displayName) },
            uniquingKeysWith: { first, _ in first })
        let followUps = try await tracking.followUps(ofOrder: order).map { followUp in
            FollowUpRow(
                id: followUp.id.uuidString, reason: Self.reason(of: followUp, in: language),
                due: ConsoleDates.instant(followUp.dueAt, in: zone),
                overdue: followUp.isOverdue(at: now), owner: staff[followUp.ownerID] ?? "",
                origin: visit.t["followUp_origin_\(followUp.origin.replacingOccurrences(of: ".", with: "_"))"]
                    ?? followUp.origin,
                open: followUp.status == .open, outcome: followUp.outcome,
                contacts: followUp.contacts.map {
                    "\(ConsoleDates.instant($0.at, in: zone)) · \($0.actor) · \($0.channel.label.text(in: language)) · "
                        + $0.result.label.text(in: language) + ($0.note.isEmpty ? "" : " · \($0.note)")
                })
        }
        let feedback = try await tracking.feedback(ofOrder: order).map { item in
            FeedbackRow(
                stars: item.rating.map { String(repeating: "★", count: $0) + String(repeating: "☆", count: 5 - $0) }
                    ?? "",
                comment: item.comment, channel: item.channel.label.text(in: language), by: item.recordedBy,
                when: ConsoleDates.instant(item.at, in: zone))
        }
        let problems = try await tracking.problemCases(ofOrder: order).map { Self.problemRow($0, visit, zone: zone) }
        func choices<T: RawRepresentable>(_ all: [T], _ label: (T) -> LocalizedText) -> [Choice]
        where T.RawValue == String {
            all.map { Choice(value: $0.rawValue, label: label($0).text(in: language), selected: false) }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let tomorrow = now.addingTimeInterval(86_400)
        let dueFormat = DateFormatter()
        dueFormat.timeZone = zone
        dueFormat.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return FollowUpFacts(
            followUps: followUps, feedback: feedback, problems: problems,
            canFollowUp: caller.may(.handleFollowUps, storeCode: order.storeCode),
            canRecordFeedback: caller.may(.recordFeedback, storeCode: order.storeCode),
            canHandleProblems: caller.may(.handleProblemCases, storeCode: order.storeCode),
            contactChannels: choices(ContactChannel.allCases) { $0.label },
            contactResults: choices(FollowUpResult.allCases) { $0.label },
            feedbackChannels: choices([FeedbackChannel.phone, .sms, .email]) { $0.label },
            problemKinds: choices(ProblemKind.allCases) { $0.label },
            defaultDue: dueFormat.string(
                from: calendar.date(bySettingHour: 10, minute: 0, second: 0, of: tomorrow) ?? tomorrow))
    }

    /// A rule's follow-up reads in the reader's language; one made by hand as typed.
    static func reason(of followUp: FollowUp, in language: Language) -> String {
        guard followUp.origin.hasPrefix("rule."),
            let rule = FollowUpRule(rawValue: String(followUp.origin.dropFirst("rule.".count)))
        else { return followUp.reason }
        return rule.reason.text(in: language)
    }

    static func problemRow(_ problem: ProblemCase, _ visit: ConsoleVisit, zone: TimeZone) -> ProblemRow {
        ProblemRow(
            id: problem.id.uuidString, href: "/console/problems/\(problem.id.uuidString)",
            kind: problem.kind.label.text(in: visit.language), description: problem.description,
            status: problem.status.rawValue, statusLabel: visit.t["problem_status_\(problem.status.rawValue)"] ?? "",
            opened: ConsoleDates.instant(problem.openedAt, in: zone))
    }

    /// The order page's follow-up forms: a follow-up, feedback, a problem case.
    func orderFollowUpAction(_ request: Request, reference: String, action: String, _ visit: ConsoleVisit) async throws
        -> Response
    {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let back = "/console/orders/\(ConsoleForm.percentEncoded(reference))"
        do {
            switch action {
            case "follow-up":
                _ = try await tracking.createFollowUp(
                    reference, ownerUsername: form["owner"], reason: form["reason"],
                    dueAt: ConsoleDates.localInstant(
                        form["due"] ?? "",
                        in: try await zone(ofStore: intake.order(reference, by: visit.caller).order.storeCode)),
                    by: visit.caller)
            case "feedback":
                _ = try await tracking.recordFeedback(
                    reference, rating: form["rating"].flatMap { Int($0) }, comment: form["comment"],
                    channel: form["channel"].flatMap(FeedbackChannel.init(rawValue:)), by: visit.caller)
            case "problem":
                let problem = try await tracking.openProblemCase(
                    reference, kind: form["kind"].flatMap(ProblemKind.init(rawValue:)),
                    description: form["description"],
                    by: visit.caller)
                return ConsoleRenderer.redirect("/console/problems/\(problem.id.uuidString)?done=opened")
            default: throw AppError.notFound(LocalizedText(zhHans: "没有此操作", en: "No such action"))
            }
        } catch let error as AppError {
            let (_, messages) = try formRefusal(error, visit)
            return try await chapter(IntakeChapter.self).orderDetail(
                reference, visit, notice: messages.joined(separator: " "), status: .unprocessableContent)
        }
        return ConsoleRenderer.redirect(back + "?done=\(action == "feedback" ? "feedback" : "followUp")")
    }

    /// A contact logged on a follow-up, or the follow-up closed.
    func followUpAction(_ request: Request, id: String, action: String, _ visit: ConsoleVisit) async throws -> Response
    {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        guard let followUpID = UUID(uuidString: id) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该跟进任务", en: "No such follow-up was found"))
        }
        let followUp: FollowUp
        switch action {
        case "contact":
            followUp = try await tracking.logContact(
                followUpID, channel: form["channel"].flatMap(ContactChannel.init(rawValue:)),
                result: form["result"].flatMap(FollowUpResult.init(rawValue:)), note: form["note"], by: visit.caller)
        case "close":
            followUp = try await tracking.closeFollowUp(followUpID, outcome: form["outcome"], by: visit.caller)
        default: throw AppError.notFound(LocalizedText(zhHans: "没有此操作", en: "No such action"))
        }
        let next = form["next"] == "list" ? "/console/follow-ups" : "/console/orders/\(followUp.orderNumber)"
        return ConsoleRenderer.redirect(next + "?done=\(action == "close" ? "followUpClosed" : "contact")")
    }

}
