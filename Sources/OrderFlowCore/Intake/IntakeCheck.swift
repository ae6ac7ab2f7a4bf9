import Foundation

/// An order that passed every automatic check: everything but the
/// identity, number and status, which the intake use case assigns.
public struct CheckedOrder: Hashable, Sendable {
    public var storeCode: String
    public var channel: Channel
    public var externalReference: String?
    public var customer: Customer
    public var lines: [OrderLine]
    public var total: Money
    public var paymentMethod: PaymentMethod
    public var appointment: AppointmentWindow
    public var priority: Priority
    public var notes: String

    /// Lines priced by hand; each sends the order to review (R2.4).
    public var priceOverrides: [(index: Int, reason: String)] {
        lines.enumerated().compactMap { index, line in
            line.priceOverrideReason.map { (index, $0) }
        }
    }

    public static func == (lhs: CheckedOrder, rhs: CheckedOrder) -> Bool {
        lhs.storeCode == rhs.storeCode && lhs.channel == rhs.channel && lhs.customer == rhs.customer
            && lhs.lines == rhs.lines && lhs.total == rhs.total && lhs.paymentMethod == rhs.paymentMethod
            && lhs.appointment == rhs.appointment && lhs.priority == rhs.priority && lhs.notes == rhs.notes
            && lhs.externalReference == rhs.externalReference
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storeCode)
        hasher.combine(total)
        hasher.combine(appointment)
    }

    public func makeOrder(
        id: UUID, number: String, status: OrderStatus, reviewReasons: [ReviewReason], at instant: Date
    ) -> Order {
        Order(
            id: id, number: number, storeCode: storeCode, channel: channel, externalReference: externalReference,
            customer: customer, lines: lines, total: total, paymentMethod: paymentMethod, appointment: appointment,
            priority: priority, notes: notes, status: status, reviewReasons: reviewReasons, createdAt: instant,
            updatedAt: instant, version: 1)
    }
}

/// The automatic check on entry (系统初步审核, R2.3). It runs every rule and
/// returns every problem at once, field by field, so that the person entering
/// the order can correct all of them in one go.
public struct IntakeCheck: Sendable {
    public static let maxQuantity = 999
    public static let maxLines = 50
    public static var maxDaysAhead: Int { AppointmentRules.maxDaysAhead }

    public var stores: [String: Store]
    public var catalog: [String: ServiceItem]
    public var now: Date

    public init(stores: [String: Store], catalog: [String: ServiceItem], now: Date) {
        self.stores = stores
        self.catalog = catalog
        self.now = now
    }

    public func check(_ draft: OrderDraft) -> Result<CheckedOrder, ValidationFailure> {
        var problems: [FieldProblem] = []
        let store = checkStore(draft, &problems)
        let channel = checkChannel(draft, &problems)
        let lines = checkLines(draft, &problems)
        // Judged from the items named, even on lines with other problems, so
        // that a missing address is reported in the same round. With no item
        // named yet, an address is asked for when most services are on site.
        let named = (draft.lines ?? []).compactMap { line in
            line.itemCode.flatMap { catalog[$0.trimmingCharacters(in: .whitespaces)] }
        }
        let needsAddress =
            named.isEmpty
            ? catalog.values.contains { $0.active && $0.location == .onSite }
            : named.contains { $0.location == .onSite }
        let customer = checkCustomer(draft.customer, needsAddress: needsAddress, &problems)
        let payment = checkPayment(draft, channel: channel, &problems)
        let appointment = checkAppointment(draft, store: store, &problems)
        let total = checkTotal(draft, lines: lines?.lines, &problems)
        let notes = draft.notes?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if notes.count > TextLimits.notes { problems.append(IntakeProblem.tooLong("notes", limit: TextLimits.notes)) }
        let reference = draft.externalReference?.trimmedOrNil
        if let reference, reference.count > TextLimits.shortText {
            problems.append(IntakeProblem.tooLong("externalReference", limit: TextLimits.shortText))
        }

        guard problems.isEmpty, let store, let channel, let lines, let customer, let payment, let appointment,
            let total
        else { return .failure(ValidationFailure(problems)) }
        return .success(
            CheckedOrder(
                storeCode: store.code, channel: channel, externalReference: reference, customer: customer,
                lines: lines.lines, total: total, paymentMethod: payment, appointment: appointment,
                priority: draft.priority ?? .normal, notes: notes))
    }

    private func checkStore(_ draft: OrderDraft, _ problems: inout [FieldProblem]) -> Store? {
        guard let code = draft.storeCode?.trimmedOrNil else {
            problems.append(IntakeProblem.required("storeCode", FieldLabel.store))
            return nil
        }
        guard let store = stores[code] else {
            problems.append(IntakeProblem.unknownStore("storeCode", code: String(code.prefix(TextLimits.shortText))))
            return nil
        }
        return store
    }

    private func checkChannel(_ draft: OrderDraft, _ problems: inout [FieldProblem]) -> Channel? {
        guard let kind = draft.channel else {
            problems.append(IntakeProblem.required("channel", FieldLabel.channel))
            return nil
        }
        if let name = draft.platformName, name.count > TextLimits.shortText {
            problems.append(IntakeProblem.tooLong("platformName", limit: TextLimits.shortText))
            return nil
        }
        guard let channel = Channel(kind: kind, platformName: draft.platformName) else {
            problems.append(IntakeProblem.platformNameRequired("platformName"))
            return nil
        }
        return channel
    }

    private func checkLines(_ draft: OrderDraft, _ problems: inout [FieldProblem])
        -> (lines: [OrderLine], items: [ServiceItem])?
    {
        guard let drafts = draft.lines, !drafts.isEmpty else {
            problems.append(IntakeProblem.noLines("lines"))
            return nil
        }
        guard drafts.count <= Self.maxLines else {
            problems.append(IntakeProblem.tooManyLines("lines", limit: Self.maxLines))
            return nil
        }
        var lines: [OrderLine] = []
        var items: [ServiceItem] = []
        let before = problems.count
        for (index, line) in drafts.enumerated() {
            if let checked = checkLine(line, at: "lines[\(index)]", &problems) {
                lines.append(checked.line)
                items.append(checked.item)
            }
        }
        return problems.count == before ? (lines, items) : nil
    }

    private func checkLine(_ draft: LineDraft, at path: String, _ problems: inout [FieldProblem])
        -> (line: OrderLine, item: ServiceItem)?
    {
        let before = problems.count
        var item: ServiceItem?
        if let code = draft.itemCode?.trimmedOrNil {
            if let found = catalog[code] {
                if found.active {
                    item = found
                } else {
                    problems.append(IntakeProblem.inactiveItem("\(path).itemCode", name: found.name))
                }
            } else {
                problems.append(
                    IntakeProblem.unknownItem("\(path).itemCode", code: String(code.prefix(TextLimits.shortText))))
            }
        } else {
            problems.append(IntakeProblem.required("\(path).itemCode", FieldLabel.itemCode))
        }
        let quantity = draft.quantity ?? 0
        if draft.quantity == nil {
            problems.append(IntakeProblem.required("\(path).quantity", FieldLabel.quantity))
        } else if !(1...Self.maxQuantity).contains(quantity) {
            problems.append(IntakeProblem.quantityRange("\(path).quantity", limit: Self.maxQuantity))
        }
        let specification = draft.specification?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if specification.count > TextLimits.specification {
            problems.append(IntakeProblem.tooLong("\(path).specification", limit: TextLimits.specification))
        }
        let overrideReason = draft.priceOverrideReason?.trimmedOrNil
        if let overrideReason, overrideReason.count > TextLimits.reason {
            problems.append(IntakeProblem.tooLong("\(path).priceOverrideReason", limit: TextLimits.reason))
        }
        guard let item, problems.count == before else { return nil }

        var unitPrice = item.unitPrice
        var reason: String?
        if let sent = draft.unitPrice, sent != item.unitPrice.fen {
            if sent < 0 {
                problems.append(IntakeProblem.priceInvalid("\(path).unitPrice"))
                return nil
            }
            guard let overrideReason else {
                problems.append(IntakeProblem.priceMismatch("\(path).unitPrice", catalogPrice: item.unitPrice))
                return nil
            }
            unitPrice = Money(fen: sent)
            reason = overrideReason
        }
        guard let lineTotal = unitPrice.multiplied(by: quantity) else {
            problems.append(IntakeProblem.amountTooLarge("\(path).quantity"))
            return nil
        }
        let line = OrderLine(
            itemCode: item.code, specification: specification, quantity: quantity, unitPrice: unitPrice,
            lineTotal: lineTotal, priceOverrideReason: reason)
        return (line, item)
    }

    private func checkCustomer(_ draft: CustomerDraft?, needsAddress: Bool, _ problems: inout [FieldProblem])
        -> Customer?
    {
        let before = problems.count
        let name = draft?.name?.trimmedOrNil
        if name == nil {
            problems.append(IntakeProblem.required("customer.name", FieldLabel.customerName))
        } else if let name, name.count > TextLimits.name {
            problems.append(IntakeProblem.tooLong("customer.name", limit: TextLimits.name))
        }
        var phone: String?
        if let raw = draft?.phone?.trimmedOrNil {
            phone = raw.count <= TextLimits.shortText ? PhoneNumber.normalized(raw) : nil
            if phone == nil { problems.append(IntakeProblem.phoneFormat("customer.phone")) }
        } else {
            problems.append(IntakeProblem.required("customer.phone", FieldLabel.phone))
        }
        let address = checkAddress(draft?.address, needed: needsAddress, &problems)
        let email = draft?.email?.trimmedOrNil
        if let email, !EmailAddress.isValid(email) { problems.append(IntakeProblem.emailFormat("customer.email")) }
        guard problems.count == before, let name, let phone else { return nil }
        return Customer(
            name: name, phone: phone, address: address, tier: draft?.tier ?? .regular, email: email?.lowercased(),
            language: draft?.language)
    }

    private func checkAddress(_ draft: AddressDraft?, needed: Bool, _ problems: inout [FieldProblem]) -> Address? {
        let parts: [(String, String?, LocalizedText, Int)] = [
            ("province", draft?.province, FieldLabel.province, TextLimits.shortText),
            ("city", draft?.city, FieldLabel.city, TextLimits.shortText),
            ("district", draft?.district, FieldLabel.district, TextLimits.shortText),
            ("detail", draft?.detail, FieldLabel.detail, TextLimits.addressDetail),
        ]
        var values: [String] = []
        for (key, raw, label, limit) in parts {
            let value = raw?.trimmedOrNil
            if let value, value.count > limit {
                problems.append(IntakeProblem.tooLong("customer.address.\(key)", limit: limit))
            } else if value == nil, needed {
                problems.append(IntakeProblem.addressIncomplete("customer.address.\(key)", label))
            }
            values.append(value ?? "")
        }
        // An in-store job may still record an address; an empty one is simply absent.
        guard values.contains(where: { !$0.isEmpty }) else { return nil }
        return Address(province: values[0], city: values[1], district: values[2], detail: values[3])
    }

    private func checkPayment(_ draft: OrderDraft, channel: Channel?, _ problems: inout [FieldProblem])
        -> PaymentMethod?
    {
        guard let method = draft.paymentMethod else {
            problems.append(IntakeProblem.required("paymentMethod", FieldLabel.paymentMethod))
            return nil
        }
        if let channel, !PaymentMethod.allowed(for: channel.kind).contains(method) {
            problems.append(IntakeProblem.paymentNotAllowed("paymentMethod", method: method, channel: channel.kind))
            return nil
        }
        return method
    }

    private func checkAppointment(_ draft: OrderDraft, store: Store?, _ problems: inout [FieldProblem])
        -> AppointmentWindow?
    {
        guard let start = draft.appointmentStart, let end = draft.appointmentEnd else {
            if draft.appointmentStart == nil {
                problems.append(IntakeProblem.required("appointmentStart", FieldLabel.appointmentStart))
            }
            if draft.appointmentEnd == nil {
                problems.append(IntakeProblem.required("appointmentEnd", FieldLabel.appointmentEnd))
            }
            return nil
        }
        let found = AppointmentRules.problems(start: start, end: end, store: store, now: now)
        problems += found
        return found.isEmpty ? AppointmentWindow(start: start, end: end) : nil
    }

    private func checkTotal(_ draft: OrderDraft, lines: [OrderLine]?, _ problems: inout [FieldProblem]) -> Money? {
        guard let lines else { return nil }
        var total = Money.zero
        for line in lines {
            guard let sum = total.adding(line.lineTotal) else {
                problems.append(IntakeProblem.amountTooLarge("total"))
                return nil
            }
            total = sum
        }
        if let sent = draft.total, sent != total.fen {
            problems.append(IntakeProblem.totalMismatch("total", expected: total, sent: Money(fen: sent)))
            return nil
        }
        return total
    }
}
