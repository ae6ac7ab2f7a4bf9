/// The kinds of entry in an order's timeline. The raw values are stored in
/// the event log and never renamed.
public enum OrderEventType: String, Codable, Sendable, CaseIterable {
    /// Accepted by the automatic check; payload: the order as entered.
    case received = "order.received"
    /// Sent to the review queue; payload: the reasons.
    case reviewRequested = "order.reviewRequested"
    /// Confirmed without review because no rule matched.
    case autoConfirmed = "order.autoConfirmed"
    case approved = "order.approved"
    case rejected = "order.rejected"
    case cancelled = "order.cancelled"
    /// Dispatch (R3.1–R3.3); payload: the assignment with its explanation.
    case assigned = "order.assigned"
    case reassigned = "order.reassigned"
    case unassigned = "order.unassigned"
    /// The customer agreed a new time with the technician (R3.4); payload:
    /// the new window, and the assignment moved with it or withdrawn.
    case rescheduled = "order.rescheduled"
    /// The technician's records (R3.4–R3.8); payload: the entry.
    case contactLogged = "job.contactLogged"
    case siteSurveyRequested = "job.siteSurveyRequested"
    case checklistTicked = "job.checklistTicked"
    case checkedIn = "job.checkedIn"
    case checkedOut = "job.checkedOut"
    case serviceRecorded = "job.serviceRecorded"
    /// The stage's clock stops while the order waits on the customer (R4.4);
    /// payload: the reason. It runs again on `clockResumed`.
    case clockPaused = "tracking.clockPaused"
    case clockResumed = "tracking.clockResumed"
    /// Follow-ups, feedback and problem cases (R4.2, R4.3, R4.7, R4.8).
    case followUpCreated = "aftercare.followUpCreated"
    case followUpContacted = "aftercare.followUpContacted"
    case followUpClosed = "aftercare.followUpClosed"
    case feedbackReceived = "aftercare.feedbackReceived"
    case problemOpened = "aftercare.problemOpened"
    case problemUpdated = "aftercare.problemUpdated"
    /// The customer was told the cause, the measures and the expected resolution time (R4.8).
    case customerInformed = "aftercare.customerInformed"
    case problemResolved = "aftercare.problemResolved"
    /// Delivery (R5.2–R5.5); payload: the report as it stood.
    case reportSubmitted = "delivery.reportSubmitted"
    case accepted = "delivery.accepted"
    case acceptanceRejected = "delivery.rejected"
    /// The acceptance period ran out; payload: what the store's setting did.
    case acceptanceLapsed = "delivery.acceptanceLapsed"
    /// Rework given to a technician after a rejection (R5.4).
    case reworkAssigned = "delivery.reworkAssigned"
    /// Status delivered, with time and method (R5.5).
    case delivered = "delivery.delivered"
    /// After-sales requests under warranty (R6.2–R6.4); payload: the claim.
    case claimAccepted = "afterSales.claimAccepted"
    /// Not eligible; the explanation is recorded and sent (R6.3).
    case claimDeclined = "afterSales.claimDeclined"
    /// Cause, solution or a note, for staff.
    case claimUpdated = "afterSales.claimUpdated"
    /// Progress told to the customer (R6.4).
    case claimProgressSent = "afterSales.claimProgressSent"
    /// A repair order at zero price raised for the claim.
    case claimRepairOpened = "afterSales.claimRepairOpened"
    case claimClosed = "afterSales.claimClosed"

    /// Whether the customer's tracking page lists it (R4.1): what happened
    /// to their booking, not the company's internal steps.
    public var isShownToCustomers: Bool {
        ![
            .checklistTicked, .clockPaused, .clockResumed, .followUpCreated, .followUpContacted, .followUpClosed,
            .problemOpened, .problemUpdated, .acceptanceLapsed, .claimUpdated,
        ].contains(self)
    }

    public var label: LocalizedText {
        switch self {
        case .received: LocalizedText(zhHans: "订单已接收", en: "Order received")
        case .reviewRequested: LocalizedText(zhHans: "转人工审核", en: "Sent to manual review")
        case .autoConfirmed: LocalizedText(zhHans: "系统审核通过", en: "Confirmed by the automatic check")
        case .approved: LocalizedText(zhHans: "人工审核通过", en: "Approved in review")
        case .rejected: LocalizedText(zhHans: "已驳回", en: "Rejected")
        case .cancelled: LocalizedText(zhHans: "已取消", en: "Cancelled")
        case .assigned: LocalizedText(zhHans: "已派单", en: "Assigned")
        case .reassigned: LocalizedText(zhHans: "已改派", en: "Reassigned")
        case .unassigned: LocalizedText(zhHans: "已撤回派单", en: "Assignment withdrawn")
        case .rescheduled: LocalizedText(zhHans: "客户改约", en: "Rescheduled with the customer")
        case .contactLogged: LocalizedText(zhHans: "联系确认", en: "Customer contact")
        case .siteSurveyRequested: LocalizedText(zhHans: "申请现场勘查", en: "Site survey requested")
        case .checklistTicked: LocalizedText(zhHans: "准备清单勾选", en: "Checklist ticked")
        case .checkedIn: LocalizedText(zhHans: "签到", en: "Checked in")
        case .checkedOut: LocalizedText(zhHans: "签退", en: "Checked out")
        case .serviceRecorded: LocalizedText(zhHans: "服务记录", en: "Service record")
        case .clockPaused: LocalizedText(zhHans: "等待客户，计时暂停", en: "Waiting on the customer: clock paused")
        case .clockResumed: LocalizedText(zhHans: "恢复计时", en: "Clock resumed")
        case .followUpCreated: LocalizedText(zhHans: "新建跟进任务", en: "Follow-up created")
        case .followUpContacted: LocalizedText(zhHans: "跟进联系", en: "Follow-up contact")
        case .followUpClosed: LocalizedText(zhHans: "跟进任务完成", en: "Follow-up closed")
        case .feedbackReceived: LocalizedText(zhHans: "收到客户评价", en: "Feedback received")
        case .problemOpened: LocalizedText(zhHans: "登记问题", en: "Problem case opened")
        case .problemUpdated: LocalizedText(zhHans: "问题处理更新", en: "Problem case updated")
        case .customerInformed: LocalizedText(zhHans: "已告知客户原因与措施", en: "Customer told cause and measures")
        case .problemResolved: LocalizedText(zhHans: "问题已解决", en: "Problem resolved")
        case .reportSubmitted: LocalizedText(zhHans: "提交服务交付报告", en: "Delivery report submitted")
        case .accepted: LocalizedText(zhHans: "客户验收通过", en: "Accepted by the customer")
        case .acceptanceRejected: LocalizedText(zhHans: "客户验收不通过", en: "Not accepted by the customer")
        case .acceptanceLapsed: LocalizedText(zhHans: "验收期满未答复", en: "Acceptance period lapsed")
        case .reworkAssigned: LocalizedText(zhHans: "安排返工整改", en: "Rework assigned")
        case .delivered: LocalizedText(zhHans: "已交付", en: "Delivered")
        case .claimAccepted: LocalizedText(zhHans: "售后申请已受理", en: "After-sales request accepted")
        case .claimDeclined: LocalizedText(zhHans: "售后申请不符合政策", en: "After-sales request not eligible")
        case .claimUpdated: LocalizedText(zhHans: "售后处理更新", en: "After-sales handling updated")
        case .claimProgressSent: LocalizedText(zhHans: "售后处理进展", en: "After-sales progress")
        case .claimRepairOpened: LocalizedText(zhHans: "已安排保修返修", en: "Warranty repair booked")
        case .claimClosed: LocalizedText(zhHans: "售后申请已办结", en: "After-sales request closed")
        }
    }
}
