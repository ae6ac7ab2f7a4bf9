import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

/// Between the API's generated types and Core's: the only place that knows both.
extension OrderDraft {
    init(_ body: Components.Schemas.OrderDraft) {
        self.init(
            storeCode: body.storeCode, channel: body.channel.map { Channel.Kind($0) },
            platformName: body.platformName, externalReference: body.externalReference,
            customer: body.customer.map(CustomerDraft.init), lines: body.lines?.map(LineDraft.init), total: body.total,
            paymentMethod: body.paymentMethod.map { PaymentMethod($0) }, appointmentStart: body.appointmentStart,
            appointmentEnd: body.appointmentEnd, priority: body.priority.map { Priority($0) }, notes: body.notes)
    }

    /// A platform's order: the channel is the platform, paid on the platform.
    init(platform: String, _ body: Components.Schemas.PlatformOrder) {
        self.init(
            storeCode: body.storeCode, channel: .platform, platformName: platform,
            externalReference: body.externalReference, customer: body.customer.map(CustomerDraft.init),
            lines: body.lines?.map(LineDraft.init), total: body.total, paymentMethod: .platform,
            appointmentStart: body.appointmentStart, appointmentEnd: body.appointmentEnd,
            priority: body.priority.map { Priority($0) }, notes: body.notes)
    }
}

extension CustomerDraft {
    init(_ body: Components.Schemas.CustomerDraft) {
        self.init(
            name: body.name, phone: body.phone,
            address: body.address.map {
                AddressDraft(province: $0.province, city: $0.city, district: $0.district, detail: $0.detail)
            },
            tier: body.tier.map { $0 == .key ? CustomerTier.key : .regular }, email: body.email,
            language: body.language.flatMap { Language(rawValue: $0.rawValue) })
    }
}

extension LineDraft {
    init(_ body: Components.Schemas.LineDraft) {
        self.init(
            itemCode: body.itemCode, specification: body.specification, quantity: body.quantity,
            unitPrice: body.unitPrice, priceOverrideReason: body.priceOverrideReason)
    }
}

extension Channel.Kind {
    init(_ value: Components.Schemas.ChannelKind) {
        switch value {
        case .website: self = .website
        case .app: self = .app
        case .platform: self = .platform
        case .phone: self = .phone
        case .walkIn: self = .walkIn
        }
    }

    var api: Components.Schemas.ChannelKind {
        switch self {
        case .website: .website
        case .app: .app
        case .platform: .platform
        case .phone: .phone
        case .walkIn: .walkIn
        }
    }
}

extension PaymentMethod {
    init(_ value: Components.Schemas.PaymentMethod) {
        switch value {
        case .cash: self = .cash
        case .bankTransfer: self = .bankTransfer
        case .cheque: self = .cheque
        case .wechatPay: self = .wechatPay
        case .alipay: self = .alipay
        case .platform: self = .platform
        case .other: self = .other
        }
    }

    var api: Components.Schemas.PaymentMethod {
        Components.Schemas.PaymentMethod(rawValue: rawValue) ?? .other
    }
}

extension Priority {
    init(_ value: Components.Schemas.Priority) { self = value == .urgent ? .urgent : .normal }
    var api: Components.Schemas.Priority { self == .urgent ? .urgent : .normal }
}

extension OrderStatus {
    init?(_ value: Components.Schemas.OrderStatus?) {
        guard let value, let status = OrderStatus(rawValue: value.rawValue) else { return nil }
        self = status
    }

    var api: Components.Schemas.OrderStatus { Components.Schemas.OrderStatus(rawValue: rawValue) ?? .received }
}

extension Components.Schemas.Order {
    init(_ shown: ShownOrder, language: Language) {
        let order = shown.order
        self.init(
            id: order.id.uuidString.lowercased(), number: order.number, storeCode: order.storeCode,
            channel: order.channel.kind.api, platformName: order.channel.platformName,
            externalReference: order.externalReference, status: order.status.api,
            statusLabel: order.status.label.text(in: language),
            customer: .init(order.customer),
            personalData: shown.personalData == .full ? .full : .masked,
            lines: order.lines.map {
                .init(
                    itemCode: $0.itemCode, specification: $0.specification, quantity: $0.quantity,
                    unitPrice: $0.unitPrice.fen, lineTotal: $0.lineTotal.fen,
                    priceOverrideReason: $0.priceOverrideReason)
            },
            total: order.total.fen, paymentMethod: order.paymentMethod.api, appointmentStart: order.appointment.start,
            appointmentEnd: order.appointment.end, priority: order.priority.api, notes: order.notes,
            reviewReasons: order.reviewReasons.map { .init($0, language: language) }, createdAt: order.createdAt,
            updatedAt: order.updatedAt, version: order.version)
    }
}

extension Components.Schemas.Customer {
    init(_ customer: Customer) {
        self.init(
            name: customer.name, phone: customer.phone,
            address: customer.address.map {
                .init(province: $0.province, city: $0.city, district: $0.district, detail: $0.detail)
            },
            tier: customer.tier == .key ? .key : .regular, email: customer.email,
            language: customer.language.flatMap { .init(rawValue: $0.rawValue) })
    }
}

extension Components.Schemas.ReviewReason {
    init(_ reason: ReviewReason, language: Language) {
        self.init(
            code: reason.code, message: reason.message.text(in: language),
            relatedOrderNumber: reason.relatedOrderNumber)
    }
}

extension Components.Schemas.ReviewPolicy {
    init(_ policy: ReviewPolicy) {
        self.init(
            amountThreshold: policy.amountThreshold?.fen, reviewKeyCustomers: policy.reviewKeyCustomers,
            reviewPriceOverrides: policy.reviewPriceOverrides, duplicateWindowDays: policy.duplicateWindowDays,
            blockedPhones: policy.blockedPhones)
    }
}

extension ReviewPolicy {
    init(_ body: Components.Schemas.ReviewPolicy) {
        self.init(
            amountThreshold: body.amountThreshold.map { Money(fen: $0) }, reviewKeyCustomers: body.reviewKeyCustomers,
            reviewPriceOverrides: body.reviewPriceOverrides, duplicateWindowDays: body.duplicateWindowDays,
            blockedPhones: body.blockedPhones)
    }
}
