/// Where an order is in its life. The transitions below are the only ones
/// that exist; everything else is refused (409 at the API).
public enum OrderStatus: String, Codable, Sendable, CaseIterable {
    case received
    case pendingReview
    case confirmed
    case rejected
    case assigned
    case preparing
    case inService
    case awaitingAcceptance
    case rework
    case delivered
    case settled
    case archived
    case cancelled

    /// The legal next statuses, following the procedure's chapters:
    /// intake (§2) → processing (§3) → delivery (§5) → settlement (§7) → archive (§8).
    public var allowedNext: Set<OrderStatus> {
        switch self {
        case .received: [.pendingReview, .confirmed, .rejected, .cancelled]
        case .pendingReview: [.confirmed, .rejected, .cancelled]
        case .confirmed: [.assigned, .cancelled]
        // Unassigning sends an order back to the dispatch queue.
        case .assigned: [.preparing, .confirmed, .cancelled]
        case .preparing: [.inService, .assigned, .confirmed, .cancelled]
        case .inService: [.awaitingAcceptance]
        case .awaitingAcceptance: [.delivered, .rework]
        // R5.4: rework ends in a new delivery report and acceptance request.
        case .rework: [.awaitingAcceptance]
        case .delivered: [.settled]
        case .settled: [.archived]
        case .rejected, .cancelled: [.archived]
        case .archived: []
        }
    }

    public func canMove(to next: OrderStatus) -> Bool { allowedNext.contains(next) }

    /// Terminal for daily work: nothing more happens except archiving.
    public var isClosed: Bool { [.rejected, .cancelled, .settled, .archived].contains(self) }

    /// Cancelling is possible until the technician starts the service.
    public var isCancellable: Bool { canMove(to: .cancelled) }

    public var label: LocalizedText {
        switch self {
        case .received: LocalizedText(zhHans: "已接收", en: "Received")
        case .pendingReview: LocalizedText(zhHans: "待审核", en: "Pending review")
        case .confirmed: LocalizedText(zhHans: "已确认", en: "Confirmed")
        case .rejected: LocalizedText(zhHans: "已驳回", en: "Rejected")
        case .assigned: LocalizedText(zhHans: "已派单", en: "Assigned")
        case .preparing: LocalizedText(zhHans: "服务准备中", en: "Preparing")
        case .inService: LocalizedText(zhHans: "服务中", en: "In service")
        case .awaitingAcceptance: LocalizedText(zhHans: "待验收", en: "Awaiting acceptance")
        case .rework: LocalizedText(zhHans: "返工中", en: "Rework")
        case .delivered: LocalizedText(zhHans: "已交付", en: "Delivered")
        case .settled: LocalizedText(zhHans: "已结算", en: "Settled")
        case .archived: LocalizedText(zhHans: "已归档", en: "Archived")
        case .cancelled: LocalizedText(zhHans: "已取消", en: "Cancelled")
        }
    }
}

/// Thrown when a change would take an order along a transition that does not exist.
public struct IllegalTransition: Error, Hashable, Sendable {
    public var from: OrderStatus
    public var to: OrderStatus

    public init(from: OrderStatus, to: OrderStatus) {
        self.from = from
        self.to = to
    }

    public var message: LocalizedText {
        LocalizedText(
            zhHans: "订单当前状态为「\(from.label.zhHans)」，不能变为「\(to.label.zhHans)」",
            en: "The order is \(from.label.en.lowercased()) and cannot become \(to.label.en.lowercased())")
    }
}
