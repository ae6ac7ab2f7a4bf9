/// The ways OrderFlow reaches people outside the console (B3).
public enum NotificationChannel: String, Hashable, Codable, Sendable, CaseIterable {
    case sms
    case email
    /// A signed HTTP POST to an integration's endpoint.
    case webhook

    public var label: LocalizedText {
        switch self {
        case .sms: LocalizedText(zhHans: "短信", en: "SMS")
        case .email: LocalizedText(zhHans: "电子邮件", en: "E-mail")
        case .webhook: LocalizedText(zhHans: "Webhook", en: "Webhook")
        }
    }
}

/// What a customer is told about, in their terms (R4.1, B3): one topic
/// per moment of the order that changes what they can expect.
public enum NotificationTopic: String, Hashable, Codable, Sendable, CaseIterable {
    case orderReceived
    case orderConfirmed
    case orderRejected
    case orderCancelled
    case technicianAssigned
    case appointmentRescheduled
    case serviceStarted
    case serviceFinished
    /// A problem case: the cause, the measures and when it will be resolved (R4.8).
    case problemUpdate
    case problemResolved
    case acceptanceRequested
    case reworkArranged
    case delivered
    case claimAccepted
    case claimDeclined
    case claimProgress
    case claimClosed

    /// The topic an event of the order's timeline announces, if any. An
    /// order that passes the automatic check is confirmed at once: the
    /// customer gets one message ("confirmed"), not two; "received" is for
    /// orders that wait for a reviewer.
    public static func of(_ type: OrderEventType) -> NotificationTopic? {
        switch type {
        case .reviewRequested: .orderReceived
        case .autoConfirmed, .approved: .orderConfirmed
        case .rejected: .orderRejected
        case .cancelled: .orderCancelled
        case .assigned, .reassigned: .technicianAssigned
        case .rescheduled: .appointmentRescheduled
        case .checkedIn: .serviceStarted
        case .checkedOut: .serviceFinished
        case .customerInformed: .problemUpdate
        case .problemResolved: .problemResolved
        case .reportSubmitted: .acceptanceRequested
        case .reworkAssigned: .reworkArranged
        case .delivered: .delivered
        case .claimAccepted: .claimAccepted
        case .claimDeclined: .claimDeclined
        case .claimProgressSent: .claimProgress
        case .claimClosed: .claimClosed
        case .received, .unassigned, .contactLogged, .siteSurveyRequested, .checklistTicked, .serviceRecorded,
            .clockPaused, .clockResumed, .followUpCreated, .followUpContacted, .followUpClosed, .feedbackReceived,
            .problemOpened, .problemUpdated, .accepted, .acceptanceRejected, .acceptanceLapsed, .claimUpdated,
            .claimRepairOpened:
            nil
        }
    }

    /// The events that announce this topic, for the "what is sent when" screen.
    public var events: [OrderEventType] {
        OrderEventType.allCases.filter { Self.of($0) == self }
    }

    public var label: LocalizedText {
        switch self {
        case .orderReceived: LocalizedText(zhHans: "订单已收到，待审核", en: "Order received, in review")
        case .orderConfirmed: LocalizedText(zhHans: "订单已确认", en: "Order confirmed")
        case .orderRejected: LocalizedText(zhHans: "订单未通过审核", en: "Order not accepted")
        case .orderCancelled: LocalizedText(zhHans: "订单已取消", en: "Order cancelled")
        case .technicianAssigned: LocalizedText(zhHans: "已安排服务人员", en: "Technician assigned")
        case .appointmentRescheduled: LocalizedText(zhHans: "预约时间已更改", en: "Appointment changed")
        case .serviceStarted: LocalizedText(zhHans: "服务人员已到达，服务开始", en: "Technician arrived, service started")
        case .serviceFinished: LocalizedText(zhHans: "服务完成", en: "Service finished")
        case .problemUpdate: LocalizedText(zhHans: "问题处理进展", en: "Update on a problem")
        case .problemResolved: LocalizedText(zhHans: "问题已解决", en: "Problem resolved")
        case .acceptanceRequested: LocalizedText(zhHans: "请验收服务成果", en: "Please accept the work")
        case .reworkArranged: LocalizedText(zhHans: "已安排返工", en: "Rework arranged")
        case .delivered: LocalizedText(zhHans: "服务已交付", en: "Work delivered")
        case .claimAccepted: LocalizedText(zhHans: "售后申请已受理", en: "After-sales request accepted")
        case .claimDeclined: LocalizedText(zhHans: "售后申请答复", en: "Answer to your after-sales request")
        case .claimProgress: LocalizedText(zhHans: "售后处理进展", en: "After-sales progress")
        case .claimClosed: LocalizedText(zhHans: "售后申请已办结", en: "After-sales request closed")
        }
    }
}
