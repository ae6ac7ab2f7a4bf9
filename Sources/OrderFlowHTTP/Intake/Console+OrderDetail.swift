import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// One order: its facts, lines, review reasons and timeline, with the
/// decisions the person may take (approve, reject, cancel, reveal).
extension IntakeChapter {
    struct OrderDetailPage: Sendable {
        let notice: String?
        let order: OrderFacts
        let lines: [LineRow]
        let reasons: [String]
        let hasReasons: Bool
        let timeline: [TimelineRow]
        let assignment: AssignmentFacts?
        let stageClock: StageFacts?
        /// Every alert the deadline monitor raised on the order (R4.5).
        let alerts: [TrackingChapter.AlertRow]
        let hasAlerts: Bool
        /// What the customer and the integrations were sent about the order (B3).
        let notices: [NoticeRow]
        let hasNotices: Bool
        let followUpSection: TrackingChapter.FollowUpFacts
        let delivery: DeliveryOrderSection?
        /// Requests for service under warranty (R6.2), for who handles them.
        let claims: AfterSalesChapter.OrderClaims?
        let intact: Bool
        let masked: Bool
        let revealed: Bool
        let canDecide: Bool
        let canCancel: Bool
        let canReveal: Bool
        /// Each form's typed reason and its error, after a refused submit.
        let rejectReason: String
        let rejectError: String?
        let cancelReason: String
        let cancelError: String?
        let revealError: String?
    }

    struct OrderFacts: Sendable {
        let number: String
        let version: Int
        let store: String
        let status: String
        let statusLabel: String
        let channel: String
        let customerName: String
        let phone: String
        let address: String
        let tier: String
        let appointment: String
        let payment: String
        let priority: String
        let notes: String?
        let total: String
    }

    struct LineRow: Sendable {
        let item: String
        let specification: String
        let quantity: Int
        let unitPrice: String
        let lineTotal: String
        let override: String?
    }

    /// The running stage against its time limit (R4.4).
    struct StageFacts: Sendable {
        let stage: String
        let since: String
        let due: String
        let state: String
        let stateLabel: String
        let pausedSince: String?
        let pauseReason: String?
        let canPause: Bool
    }

    /// Who does the order, when, and why (when it is assigned).
    struct AssignmentFacts: Sendable {
        let technicians: String
        let time: String
        let how: String
        let reason: String?
        let override: String?
        let checkedIn: String?
        let jobHref: String
    }

    struct TimelineRow: Sendable {
        let when: String
        let label: String
        let actor: String
        let reason: String?
    }

    /// What was typed into a decision form, and its error, kept on a re-display.
    struct DecisionForm: Sendable {
        var decision = ""
        var reason = ""
        var error: String?
    }

    func orderDetail(
        _ reference: String, _ visit: ConsoleVisit, notice: String? = nil, form: DecisionForm = .init(),
        revealed: Customer? = nil, status: HTTPResponse.Status = .ok, delivery typed: DeliveryOrderTyped? = nil
    ) async throws -> Response {
        let (shown, entries, intact) = try await intake.timeline(reference, by: visit.caller)
        var order = shown.order
        if let revealed { order.customer = revealed }
        let stores = try await referenceData.stores(by: visit.caller)
        let store = stores.first { $0.code == order.storeCode }
        let catalog = Dictionary(
            try await referenceData.catalog(by: visit.caller).map { ($0.code, $0) },
            uniquingKeysWith: { first, _ in first })
        let language = visit.language
        let zone = try await zone(ofStore: order.storeCode)
        let address =
            order.customer.address.map {
                [$0.province, $0.city, $0.district, $0.detail].filter { !$0.isEmpty }.joined(separator: " ")
            } ?? ""
        let facts = OrderFacts(
            number: order.number, version: order.version, store: store?.name.text(in: language) ?? order.storeCode,
            status: order.status.rawValue, statusLabel: order.status.label.text(in: language),
            channel: (visit.t["channel_\(order.channel.kind.rawValue)"] ?? "")
                + (order.channel.platformName.map { " · \($0)" } ?? ""),
            customerName: order.customer.name, phone: order.customer.phone, address: address,
            tier: visit.t["tier_\(order.customer.tier.rawValue)"] ?? "",
            appointment: ConsoleDates.window(order.appointment.start, order.appointment.end, in: zone),
            payment: visit.t["payment_\(order.paymentMethod.rawValue)"] ?? order.paymentMethod.rawValue,
            priority: visit.t["priority_\(order.priority.rawValue)"] ?? order.priority.rawValue,
            notes: order.notes.isEmpty ? nil : order.notes, total: order.total.formatted)
        let caller = visit.caller
        let assignment = try? await jobs.job(order.number, by: caller)
        let assigned = assignment.map { job in
            AssignmentFacts(
                technicians: job.technicianNames.joined(separator: " + ")
                    + (job.assignment.team.map { " (\($0))" } ?? ""),
                time: ConsoleDates.window(job.assignment.start, job.assignment.end, in: zone),
                how: (job.assignment.mode == .automatic
                    ? visit.t["order_assignedAutomatically"] : visit.t["order_assignedByHand"]) ?? "",
                reason: job.assignment.reason, override: job.assignment.overrideReason,
                checkedIn: job.checkedInAt.map { ConsoleDates.instant($0, in: zone) },
                jobHref: "/console/jobs/\(order.number)")
        }
        let staffNames = try await access.staffNames(
            Set(entries.compactMap { $0.actor.hasPrefix("staff:") ? String($0.actor.dropFirst(6)) : nil }))
        let alerts = try await tracking.alerts(ofOrder: order).map { TrackingChapter.alertRow($0, visit, zone: zone) }
        let notices = try await notifications.deliveries(ofOrder: order).map { delivery in
            NoticeRow(
                topic: delivery.topic.label.text(in: language), channel: delivery.channel.label.text(in: language),
                recipient: NotificationsChapter.maskedRecipient(delivery), status: delivery.status.rawValue,
                statusLabel: visit.t["delivery_status_\(delivery.status.rawValue)"] ?? delivery.status.rawValue,
                when: ConsoleDates.instant(delivery.sentAt ?? delivery.createdAt, in: zone))
        }
        let page = OrderDetailPage(
            notice: notice, order: facts,
            lines: order.lines.map {
                LineRow(
                    item: catalog[$0.itemCode]?.name.text(in: language) ?? $0.itemCode, specification: $0.specification,
                    quantity: $0.quantity, unitPrice: $0.unitPrice.formatted, lineTotal: $0.lineTotal.formatted,
                    override: $0.priceOverrideReason)
            },
            reasons: order.reviewReasons.map { $0.message.text(in: language) },
            hasReasons: !order.reviewReasons.isEmpty,
            timeline: Self.timelineRows(entries, names: staffNames, zone: zone, language: language),
            assignment: assigned,
            stageClock: try await tracking.status(of: order, timeline: entries, store: store).map { status in
                StageFacts(
                    stage: status.stage.label.text(in: language), since: ConsoleDates.instant(status.since, in: zone),
                    due: status.deadline.map { ConsoleDates.instant($0, in: zone) } ?? "—",
                    state: status.state.rawValue, stateLabel: visit.t["stage_state_\(status.state.rawValue)"] ?? "",
                    pausedSince: status.pausedSince.map { ConsoleDates.instant($0, in: zone) },
                    pauseReason: status.pauseReason,
                    canPause: caller.may(.pauseStageClock, storeCode: order.storeCode))
            },
            alerts: alerts, hasAlerts: !alerts.isEmpty, notices: notices, hasNotices: !notices.isEmpty,
            followUpSection: try await chapter(TrackingChapter.self).followUpFacts(order, visit, zone: zone),
            delivery: try await chapter(DeliveryChapter.self).deliveryOrderSection(
                order, visit, zone: zone, typed: typed),
            claims: try await chapter(AfterSalesChapter.self).orderClaims(order, visit, zone: zone),
            intact: intact, masked: shown.personalData == .masked && revealed == nil, revealed: revealed != nil,
            canDecide: order.status == .pendingReview && caller.may(.decideReview, storeCode: order.storeCode),
            canCancel: order.status.canMove(to: .cancelled) && caller.may(.cancelOrder, storeCode: order.storeCode),
            canReveal: shown.personalData == .masked && revealed == nil
                && caller.may(.revealPersonalData, storeCode: order.storeCode),
            rejectReason: form.decision == "reject" ? form.reason : "",
            rejectError: form.decision == "reject" ? form.error : nil,
            cancelReason: form.decision == "cancel" ? form.reason : "",
            cancelError: form.decision == "cancel" ? form.error : nil,
            revealError: form.decision == "reveal" ? form.error : nil)
        return renderer.page(
            "order", visit.frame(title: "\(visit.t["order_title"] ?? "") \(order.number)", current: "orders"), page,
            status: status)
    }

    /// Approve, reject, cancel or reveal, from the order page's forms.
    func decide(_ request: Request, ref: String, decision: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let reason = form["reason"]?.first ?? ""
        let version = form["version"]?.first.flatMap(Int.init)
        let caller = visit.caller
        do {
            switch decision {
            case "approve":
                let order = try await intake.approve(
                    ref, note: reason.isEmpty ? nil : reason, ifMatch: version, by: caller)
                return ConsoleRenderer.redirect("/console/orders/\(order.order.number)?done=approved")
            case "reject":
                let order = try await intake.reject(ref, reason: reason, ifMatch: version, by: caller)
                return ConsoleRenderer.redirect("/console/orders/\(order.order.number)?done=rejected")
            case "cancel":
                let order = try await intake.cancel(ref, reason: reason, ifMatch: version, by: caller)
                return ConsoleRenderer.redirect("/console/orders/\(order.order.number)?done=cancelled")
            case "reveal":
                let customer = try await intake.revealPersonalData(ref, reason: reason, by: caller)
                return try await orderDetail(ref, visit, revealed: customer)
            default:
                throw AppError.notFound(LocalizedText(zhHans: "没有这个操作", en: "No such action"))
            }
        } catch AppError.invalid(let problems) {
            // Back to the order with what was typed and the error beside the field.
            let message = problems.map { $0.message.text(in: visit.language) }.joined(separator: " ")
            return try await orderDetail(
                ref, visit, form: DecisionForm(decision: decision, reason: reason, error: message),
                status: .unprocessableContent)
        } catch AppError.versionMismatch {
            return try await orderDetail(ref, visit, notice: visit.t["error_changed"], status: .preconditionFailed)
        }
    }
}

extension IntakeChapter {
    struct NoticeRow: Sendable {
        let topic: String
        let channel: String
        let recipient: String
        let status: String
        let statusLabel: String
        let when: String
    }
}

extension IntakeChapter {
    /// The timeline in the order things happened (sequence breaks ties), each
    /// step with the name of who did it.
    static func timelineRows(
        _ entries: [TimelineEntry], names: [String: String], zone: TimeZone, language: Language
    ) -> [TimelineRow] {
        entries.sorted { ($0.occurredAt, $0.sequence) < ($1.occurredAt, $1.sequence) }.map {
            TimelineRow(
                when: ConsoleDates.instant($0.occurredAt, in: zone), label: $0.type.label.text(in: language),
                actor: ActorLabel.text($0.actor, staffNames: names, in: language), reason: $0.payload.reason)
        }
    }
}
