import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

extension APIHandler {
    func createOrder(_ input: Operations.CreateOrder.Input) async throws -> Operations.CreateOrder.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let key = input.headers.idempotencyKey
        if let key, key.isEmpty || key.count > 200 {
            throw QueryProblem.invalid(
                "Idempotency-Key",
                LocalizedText(zhHans: "幂等键长度须为 1 到 200 个字符", en: "The key must be 1 to 200 characters"))
        }
        let created = try await intake.createOrder(
            OrderDraft(body), by: try caller, idempotencyKey: key, unreadable: RequestScope.unreadable)
        return .created(
            .init(
                headers: .init(
                    eTag: ETag.make(version: created.order.order.version),
                    location: "/api/v1/orders/\(created.order.order.id.uuidString.lowercased())",
                    idempotentReplayed: created.replayed ? "true" : nil),
                body: .json(.init(created.order, language: language))))
    }

    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        let query = input.query
        var phone: String?
        if let raw = query.phone {
            guard let normalized = PhoneNumber.normalized(raw) else {
                throw AppError.invalid([IntakeProblem.phoneFormat("phone")])
            }
            phone = normalized
        }
        let page = try await intake.orders(
            OrderQuery(
                storeCode: query.storeCode, status: OrderStatus(query.status),
                channel: query.channel.map { Channel.Kind($0) },
                createdFrom: query.createdFrom, createdBefore: query.createdBefore,
                appointmentFrom: query.appointmentFrom, appointmentBefore: query.appointmentBefore, phone: phone,
                orderNumber: query.orderNumber, limit: try QueryProblem.limit(query.limit),
                after: try QueryProblem.cursor(query.cursor)), by: try caller)
        return .ok(.init(body: .json(page.api(language: language))))
    }

    func getOrder(_ input: Operations.GetOrder.Input) async throws -> Operations.GetOrder.Output {
        let order = try await intake.order(input.path.orderRef, by: try caller)
        let answer = changed(order)
        return .ok(.init(headers: .init(eTag: answer.headers), body: .json(answer.body)))
    }

    func getOrderTimeline(_ input: Operations.GetOrderTimeline.Input) async throws
        -> Operations.GetOrderTimeline.Output
    {
        let (shown, entries, intact) = try await intake.timeline(input.path.orderRef, by: try caller)
        let order = shown.order
        let language = language
        return .ok(
            .init(
                body: .json(
                    .init(
                        orderId: order.id.uuidString.lowercased(), number: order.number, intact: intact,
                        entries: entries.map { entry in
                            .init(
                                sequence: entry.sequence, _type: entry.type.rawValue,
                                label: entry.type.label.text(in: language), actor: entry.actor,
                                occurredAt: entry.occurredAt, fromStatus: entry.payload.fromStatus?.api,
                                toStatus: entry.payload.toStatus?.api, reason: entry.payload.reason,
                                reviewReasons: entry.payload.reviewReasons?.map { .init($0, language: language) },
                                hash: entry.hash)
                        }))))
    }

    func revealPersonalData(_ input: Operations.RevealPersonalData.Input) async throws
        -> Operations.RevealPersonalData.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let customer = try await intake.revealPersonalData(input.path.orderRef, reason: body.reason, by: try caller)
        return .ok(.init(body: .json(.init(customer))))
    }

    func cancelOrder(_ input: Operations.CancelOrder.Input) async throws -> Operations.CancelOrder.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let order = try await intake.cancel(
            input.path.orderRef, reason: body.reason, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        let answer = changed(order)
        return .ok(.init(headers: .init(eTag: answer.headers), body: .json(answer.body)))
    }
}

extension ShownOrderPage {
    func api(language: Language) -> Components.Schemas.OrderPage {
        .init(items: orders.map { .init($0, language: language) }, nextCursor: next?.token)
    }
}
