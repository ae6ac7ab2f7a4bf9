import Foundation

/// What an earlier order of the same phone looks like to the duplicate rule.
public struct PriorOrder: Hashable, Sendable {
    public var number: String
    public var itemCodes: Set<String>
    public var appointment: AppointmentWindow
    public var status: OrderStatus

    public init(number: String, itemCodes: Set<String>, appointment: AppointmentWindow, status: OrderStatus) {
        self.number = number
        self.itemCodes = itemCodes
        self.appointment = appointment
        self.status = status
    }
}

/// Which orders a person must look at before they go on (R2.4). Every rule
/// can be switched off or tuned by an administrator; the defaults are what
/// the procedure's "important or doubtful orders" mean in practice.
public struct ReviewPolicy: Hashable, Codable, Sendable {
    /// Orders whose total is at or above this go to review; nil turns the rule off.
    public var amountThreshold: Money?
    public var reviewKeyCustomers: Bool
    /// Hand-priced lines always need a second pair of eyes unless this is off.
    public var reviewPriceOverrides: Bool
    /// Another order with the same phone and a shared item whose appointment
    /// is within this many days is a suspected duplicate; nil turns it off.
    public var duplicateWindowDays: Int?
    /// Normalised phone numbers (see `PhoneNumber`) that always go to review.
    public var blockedPhones: [String]

    public init(
        amountThreshold: Money? = Money(fen: 200_000), reviewKeyCustomers: Bool = true,
        reviewPriceOverrides: Bool = true, duplicateWindowDays: Int? = 7, blockedPhones: [String] = []
    ) {
        self.amountThreshold = amountThreshold
        self.reviewKeyCustomers = reviewKeyCustomers
        self.reviewPriceOverrides = reviewPriceOverrides
        self.duplicateWindowDays = duplicateWindowDays
        self.blockedPhones = blockedPhones
    }

    public static let standard = ReviewPolicy()

    /// Checks a policy an administrator submitted; phones are normalised.
    public func validated() -> Result<ReviewPolicy, ValidationFailure> {
        var problems: [FieldProblem] = []
        if let threshold = amountThreshold, threshold.fen <= 0 {
            problems.append(
                FieldProblem(
                    field: "amountThreshold", code: "policy.thresholdPositive",
                    message: LocalizedText(zhHans: "审核金额线须大于零", en: "The threshold must be above zero")))
        }
        if let days = duplicateWindowDays, !(1...90).contains(days) {
            problems.append(
                FieldProblem(
                    field: "duplicateWindowDays", code: "policy.duplicateWindowRange",
                    message: LocalizedText(zhHans: "重复订单判断天数须在 1 到 90 之间", en: "Must be from 1 to 90 days")))
        }
        var phones: [String] = []
        for (index, raw) in blockedPhones.enumerated() {
            if let phone = PhoneNumber.normalized(raw) {
                phones.append(phone)
            } else {
                problems.append(IntakeProblem.phoneFormat("blockedPhones[\(index)]"))
            }
        }
        guard problems.isEmpty else { return .failure(ValidationFailure(problems)) }
        var policy = self
        policy.blockedPhones = Array(Set(phones)).sorted()
        return .success(policy)
    }

    /// The reasons this order needs manual review; empty means it can be confirmed at once.
    public func reasons(for order: CheckedOrder, priorOrders: [PriorOrder]) -> [ReviewReason] {
        var reasons: [ReviewReason] = []
        if let threshold = amountThreshold, order.total >= threshold {
            reasons.append(.amountAtOrAboveThreshold(total: order.total, threshold: threshold))
        }
        if reviewKeyCustomers, order.customer.tier == .key { reasons.append(.keyCustomer) }
        if reviewPriceOverrides {
            reasons += order.priceOverrides.map { ReviewReason.priceOverride(line: $0.index, reason: $0.reason) }
        }
        if let days = duplicateWindowDays,
            let duplicate = possibleDuplicate(of: order, among: priorOrders, withinDays: days)
        {
            reasons.append(.possibleDuplicate(of: duplicate.number))
        }
        if blockedPhones.contains(order.customer.phone) { reasons.append(.blockedPhone) }
        return reasons
    }

    private func possibleDuplicate(of order: CheckedOrder, among prior: [PriorOrder], withinDays days: Int)
        -> PriorOrder?
    {
        let items = Set(order.lines.map(\.itemCode))
        let slack = Double(days) * 86_400
        let widened = AppointmentWindow(
            start: order.appointment.start.addingTimeInterval(-slack),
            end: order.appointment.end.addingTimeInterval(slack))
        return
            prior
            .filter { ![.cancelled, .rejected].contains($0.status) }
            .filter { !$0.itemCodes.isDisjoint(with: items) && $0.appointment.overlaps(widened) }
            .min { $0.number < $1.number }
    }
}
