import Foundation
import Hummingbird
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// The order list (R2.1): filters, search by phone or number, pages.
extension IntakeChapter {
    struct OrderListPage: Sendable {
        let filters: [String: String]
        let stores: [Choice]
        let statuses: [Choice]
        let channels: [Choice]
        let problems: [String]
        let rows: [OrderRow]
        let empty: Bool
        let nextLink: String?
    }

    func orderList(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        // A technician's orders are their jobs: the phone view is their home.
        if visit.caller.visibleStores(for: .readOrder)?.isEmpty == true, visit.caller.mayAtAll(.workOnJob) {
            return ConsoleRenderer.redirect("/console/jobs")
        }
        let query = request.uri.queryParameters
        func value(_ name: String) -> String { query[Substring(name)].map(String.init) ?? "" }
        let filters = Dictionary(
            uniqueKeysWithValues: ["storeCode", "status", "channel", "from", "to", "phone", "number"].map {
                ($0, value($0))
            })
        var problems: [String] = []
        var orderQuery = OrderQuery(limit: 25)
        orderQuery.storeCode = filters["storeCode"].flatMap { $0.isEmpty ? nil : $0 }
        // A filter that does not read is said, never quietly dropped (which would list everything).
        func unreadable(_ key: String) {
            problems.append(visit.text("orders_badFilter", ["filter": visit.t["orders_filter_\(key)"] ?? key]))
        }
        orderQuery.status = filters["status"].flatMap(OrderStatus.init(rawValue:))
        if orderQuery.status == nil, filters["status"]?.isEmpty == false { unreadable("status") }
        orderQuery.channel = filters["channel"].flatMap(Channel.Kind.init(rawValue:))
        if orderQuery.channel == nil, filters["channel"]?.isEmpty == false { unreadable("channel") }
        orderQuery.orderNumber = filters["number"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        if let phone = filters["phone"], !phone.isEmpty {
            if let normalized = PhoneNumber.normalized(phone) {
                orderQuery.phone = normalized
            } else {
                problems.append(IntakeProblem.phoneFormat("phone").message.text(in: visit.language))
            }
        }
        orderQuery.createdFrom = filters["from"].flatMap(ConsoleDates.startOfDay)
        if orderQuery.createdFrom == nil, filters["from"]?.isEmpty == false { unreadable("from") }
        orderQuery.createdBefore = filters["to"].flatMap(ConsoleDates.startOfDay).map { $0.addingTimeInterval(86_400) }
        if orderQuery.createdBefore == nil, filters["to"]?.isEmpty == false { unreadable("to") }
        orderQuery.after = OrderCursor(token: value("cursor"))
        if orderQuery.after == nil, !value("cursor").isEmpty { unreadable("cursor") }
        let stores = try await referenceData.stores(by: visit.caller)
        let page = problems.isEmpty ? try await intake.orders(orderQuery, by: visit.caller) : nil
        let storesByCode = Dictionary(uniqueKeysWithValues: stores.map { ($0.code, $0) })
        let zones = try await storeZones()
        let rows = try (page?.orders ?? []).map { try OrderRow($0, stores: storesByCode, zones: zones, visit: visit) }
        var nextLink: String?
        if let next = page?.next {
            var items = filters.filter { !$0.value.isEmpty }.map { "\($0.key)=\(ConsoleForm.percentEncoded($0.value))" }
            items.append("cursor=\(next.token)")
            nextLink = "/console/orders?" + items.sorted().joined(separator: "&")
        }
        let visible = visit.caller.visibleStores(for: .readOrder)
        return renderer.page(
            "orders", visit.frame(title: visit.t["orders_title"] ?? "", current: "orders"),
            OrderListPage(
                filters: filters,
                stores: stores.filter { visible?.contains($0.code) ?? true }.map {
                    Choice(
                        value: $0.code, label: $0.name.text(in: visit.language),
                        selected: $0.code == filters["storeCode"])
                },
                statuses: OrderStatus.allCases.map {
                    Choice(
                        value: $0.rawValue, label: $0.label.text(in: visit.language),
                        selected: $0.rawValue == filters["status"])
                },
                channels: Channel.Kind.allCases.map {
                    Choice(
                        value: $0.rawValue, label: visit.t["channel_\($0.rawValue)"] ?? $0.rawValue,
                        selected: $0.rawValue == filters["channel"])
                },
                problems: problems, rows: rows, empty: rows.isEmpty, nextLink: nextLink))
    }
}

/// One order as a row of a list.
struct OrderRow: Sendable {
    let number: String
    let link: String
    let status: String
    let statusLabel: String
    let channel: String
    let customer: String
    let phone: String
    let appointment: String
    let total: String

    init(_ shown: ShownOrder, stores: [String: Store], zones: StoreZones, visit: ConsoleVisit) throws {
        let order = shown.order
        number = order.number
        link = "/console/orders/\(order.number)"
        status = order.status.rawValue
        statusLabel = order.status.label.text(in: visit.language)
        channel =
            (visit.t["channel_\(order.channel.kind.rawValue)"] ?? "")
            + (order.channel.platformName.map { " · \($0)" } ?? "")
        customer = order.customer.name
        phone = order.customer.phone
        appointment = ConsoleDates.window(
            order.appointment.start, order.appointment.end, in: try zones(order.storeCode))
        total = order.total.formatted
    }
}
