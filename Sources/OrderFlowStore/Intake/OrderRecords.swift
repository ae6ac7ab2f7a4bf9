import Foundation
import OrderFlowCore
import SQLKit

/// The `orders` and `order_lines` tables: each order's current state. Its
/// history is in the event log, written in the same transaction.
public enum OrderRecords {
    public static func insert(_ order: Order, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO orders (id, number, store_code, channel, platform_name, external_reference, customer_name,
                                customer_phone, customer_tier, address_json, total_fen, payment_method,
                                appointment_start, appointment_end, priority, notes, status, review_reasons_json,
                                created_at, updated_at, version, customer_email, customer_language)
            VALUES (\(bind: order.id.uuidString), \(bind: order.number), \(bind: order.storeCode),
                    \(bind: order.channel.kind.rawValue), \(bind: order.channel.platformName),
                    \(bind: order.externalReference), \(bind: order.customer.name), \(bind: order.customer.phone),
                    \(bind: order.customer.tier.rawValue), \(bind: try order.customer.address.map(JSONCoding.string)),
                    \(bind: order.total.fen), \(bind: order.paymentMethod.rawValue),
                    \(bind: order.appointment.start.epochMilliseconds), \(bind: order.appointment.end.epochMilliseconds),
                    \(bind: order.priority.rawValue), \(bind: order.notes), \(bind: order.status.rawValue),
                    \(bind: try JSONCoding.string(order.reviewReasons)), \(bind: order.createdAt.epochMilliseconds),
                    \(bind: order.updatedAt.epochMilliseconds), \(bind: Int64(order.version)),
                    \(bind: order.customer.email), \(bind: order.customer.language?.rawValue))
            """
        ).run()
        // All lines in one statement: one round trip however long the order.
        let rows: [SQLQueryString] = order.lines.enumerated().map { index, line in
            """
            (\(bind: order.id.uuidString), \(bind: Int64(index + 1)), \(bind: line.itemCode), \(bind: line.specification),
             \(bind: Int64(line.quantity)), \(bind: line.unitPrice.fen), \(bind: line.lineTotal.fen),
             \(bind: line.priceOverrideReason))
            """
        }
        guard !rows.isEmpty else { return }
        try await db.raw(
            """
            INSERT INTO order_lines (order_id, line_no, item_code, specification, quantity, unit_price_fen,
                                     line_total_fen, price_override_reason)
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    /// Saves a changed status, refusing when someone else saved first
    /// (optimistic concurrency). Returns the order with its new version.
    public static func updateStatus(_ order: Order, expectedVersion: Int, on db: any SQLDatabase) async throws -> Order
    {
        let row = try await db.raw(
            """
            UPDATE orders SET status = \(bind: order.status.rawValue), updated_at = \(bind: order.updatedAt.epochMilliseconds),
                              version = version + 1
            WHERE id = \(bind: order.id.uuidString) AND version = \(bind: Int64(expectedVersion))
            RETURNING version
            """
        ).first()
        guard let row else { throw StoreError.staleVersion }
        var saved = order
        saved.version = Int(try row.int("version"))
        return saved
    }

    public static func find(id: UUID, on db: any SQLDatabase) async throws -> Order? {
        try await load(where: "id = \(bind: id.uuidString)", on: db).first
    }

    public static func find(number: String, on db: any SQLDatabase) async throws -> Order? {
        try await load(where: "number = \(bind: number)", on: db).first
    }

    public static func find(platform: String, externalReference: String, on db: any SQLDatabase) async throws -> Order?
    {
        try await load(
            where: "platform_name = \(bind: platform) AND external_reference = \(bind: externalReference)", on: db
        ).first
    }

    /// Earlier orders of the same phone whose appointments fall in a range:
    /// what the duplicate rule compares against (R2.4). Runs on every new
    /// order, so it reads only the four things the rule looks at, in one
    /// statement, rather than loading whole orders.
    public static func priorOrders(
        phone: String, appointmentFrom: Date, appointmentBefore: Date, on db: any SQLDatabase
    ) async throws -> [PriorOrder] {
        let rows = try await db.raw(
            """
            SELECT o.number, o.appointment_start, o.appointment_end, o.status, l.item_code
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.customer_phone = \(bind: phone)
              AND o.appointment_start >= \(bind: appointmentFrom.epochMilliseconds)
              AND o.appointment_start < \(bind: appointmentBefore.epochMilliseconds)
            ORDER BY o.number LIMIT 500
            """
        ).all()
        var byNumber: [String: PriorOrder] = [:]
        for row in rows {
            let number = try row.text("number")
            if byNumber[number] == nil {
                byNumber[number] = PriorOrder(
                    number: number, itemCodes: [],
                    appointment: AppointmentWindow(
                        start: try row.instant("appointment_start"), end: try row.instant("appointment_end")),
                    status: try row.enum("status", as: OrderStatus.self))
            }
            byNumber[number]?.itemCodes.insert(try row.text("item_code"))
        }
        return byNumber.values.sorted { $0.number < $1.number }
    }

    public static func list(_ query: OrderQuery, on db: any SQLDatabase) async throws -> OrderPage {
        var conditions: [SQLQueryString] = []
        if let store = query.storeCode { conditions.append("store_code = \(bind: store)") }
        if let visible = query.visibleStores {
            var reach: [SQLQueryString] = []
            if !visible.isEmpty {
                let codes: [SQLQueryString] = visible.sorted().map { "\(bind: $0)" }
                reach.append("store_code IN (\(codes.joined(separator: ", ")))")
            }
            if let staffID = query.ownJobsOf {
                reach.append("id IN (SELECT order_id FROM assignment_members WHERE staff_id = \(bind: staffID))")
            }
            // Nothing visible: an empty page, without asking the database.
            guard !reach.isEmpty else { return OrderPage(orders: [], next: nil) }
            conditions.append("(\(reach.joined(separator: " OR ")))")
        }
        if let status = query.status { conditions.append("status = \(bind: status.rawValue)") }
        if let channel = query.channel { conditions.append("channel = \(bind: channel.rawValue)") }
        if let from = query.createdFrom { conditions.append("created_at >= \(bind: from.epochMilliseconds)") }
        if let before = query.createdBefore { conditions.append("created_at < \(bind: before.epochMilliseconds)") }
        if let from = query.appointmentFrom {
            conditions.append("appointment_start >= \(bind: from.epochMilliseconds)")
        }
        if let before = query.appointmentBefore {
            conditions.append("appointment_start < \(bind: before.epochMilliseconds)")
        }
        if let phone = query.phone { conditions.append("customer_phone = \(bind: phone)") }
        if let number = query.orderNumber { conditions.append("number = \(bind: number)") }
        if let cursor = query.after {
            // A row value, which both engines seek to on the (…, created_at, id)
            // indexes; the same test spelled with OR made SQLite scan from the
            // newest order down to the cursor, slower with every page.
            conditions.append("(created_at, id) < (\(bind: cursor.createdAt), \(bind: cursor.id))")
        }
        let condition: SQLQueryString = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let limit = max(1, min(query.limit, 200))
        var orders = try await load(where: condition, limit: limit + 1, on: db)
        var next: OrderCursor?
        if orders.count > limit {
            orders.removeLast(orders.count - limit)
            if let last = orders.last {
                next = OrderCursor(createdAt: last.createdAt.epochMilliseconds, id: last.id.uuidString)
            }
        }
        return OrderPage(orders: orders, next: next)
    }

    public static func count(status: OrderStatus, on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("SELECT COUNT(*) AS n FROM orders WHERE status = \(bind: status.rawValue)").first()
        return Int(try row?.int("n") ?? 0)
    }

    static func load(where condition: SQLQueryString, limit: Int = 1, on db: any SQLDatabase) async throws
        -> [Order]
    {
        let rows = try await db.raw(
            "SELECT * FROM orders WHERE \(condition) ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)"
        ).all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.text("id") }
        let lineRows = try await db.raw(
            "SELECT * FROM order_lines WHERE order_id IN (\(binds: ids)) ORDER BY order_id, line_no"
        ).all()
        var linesByOrder: [String: [OrderLine]] = [:]
        for row in lineRows {
            let line = OrderLine(
                itemCode: try row.text("item_code"), specification: try row.text("specification"),
                quantity: Int(try row.int("quantity")), unitPrice: Money(fen: try row.int("unit_price_fen")),
                lineTotal: Money(fen: try row.int("line_total_fen")),
                priceOverrideReason: try row.optionalText("price_override_reason"))
            linesByOrder[try row.text("order_id"), default: []].append(line)
        }
        return try rows.map { try order(from: $0, lines: linesByOrder[try $0.text("id")] ?? []) }
    }

    private static func order(from row: any SQLRow, lines: [OrderLine]) throws -> Order {
        let kind = try row.enum("channel", as: Channel.Kind.self)
        guard let channel = Channel(kind: kind, platformName: try row.optionalText("platform_name")) else {
            throw StoreError.corruptRow("platform order without platform name")
        }
        let address = try row.optionalText("address_json").map { raw in
            do { return try JSONCoding.decoder.decode(Address.self, from: Data(raw.utf8)) } catch {
                throw StoreError.corruptRow("address_json holds unreadable JSON")
            }
        }
        return Order(
            id: try row.uuid("id"), number: try row.text("number"), storeCode: try row.text("store_code"),
            channel: channel, externalReference: try row.optionalText("external_reference"),
            customer: Customer(
                name: try row.text("customer_name"), phone: try row.text("customer_phone"), address: address,
                tier: try row.enum("customer_tier", as: CustomerTier.self),
                email: try row.optionalText("customer_email"),
                language: try row.optionalText("customer_language").flatMap(Language.init(rawValue:))),
            lines: lines, total: Money(fen: try row.int("total_fen")),
            paymentMethod: try row.enum("payment_method", as: PaymentMethod.self),
            appointment: AppointmentWindow(
                start: try row.instant("appointment_start"), end: try row.instant("appointment_end")),
            priority: try row.enum("priority", as: Priority.self), notes: try row.text("notes"),
            status: try row.enum("status", as: OrderStatus.self),
            reviewReasons: try row.json("review_reasons_json", as: [ReviewReason].self),
            createdAt: try row.instant("created_at"), updatedAt: try row.instant("updated_at"),
            version: Int(try row.int("version")))
    }
}
