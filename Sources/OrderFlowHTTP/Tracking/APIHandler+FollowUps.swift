import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func listOrderFollowUps(_ input: Operations.ListOrderFollowUps.Input) async throws
        -> Operations.ListOrderFollowUps.Output
    {
        let order = try await intake.order(input.path.orderRef, by: try caller).order
        let items = try await tracking.followUps(ofOrder: order)
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.FollowUp.init)))))
    }

    func createFollowUp(_ input: Operations.CreateFollowUp.Input) async throws -> Operations.CreateFollowUp.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let followUp = try await tracking.createFollowUp(
            input.path.orderRef, ownerUsername: body.owner, reason: body.reason, dueAt: body.dueAt, by: try caller)
        return .created(.init(body: .json(.init(followUp))))
    }

    func listFollowUps(_ input: Operations.ListFollowUps.Input) async throws -> Operations.ListFollowUps.Output {
        let items = try await tracking.openFollowUps(mineOnly: input.query.mine ?? false, by: try caller)
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.FollowUp.init)))))
    }

    func logFollowUpContact(_ input: Operations.LogFollowUpContact.Input) async throws
        -> Operations.LogFollowUpContact.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        guard let id = UUID(uuidString: input.path.followUpId) else { throw Self.noSuchFollowUp }
        let followUp = try await tracking.logContact(
            id, channel: body.channel.flatMap { ContactChannel(rawValue: $0.rawValue) },
            result: body.result.flatMap { FollowUpResult(rawValue: $0.rawValue) }, note: body.note, by: try caller)
        return .ok(.init(body: .json(.init(followUp))))
    }

    func closeFollowUp(_ input: Operations.CloseFollowUp.Input) async throws -> Operations.CloseFollowUp.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        guard let id = UUID(uuidString: input.path.followUpId) else { throw Self.noSuchFollowUp }
        return .ok(
            .init(body: .json(.init(try await tracking.closeFollowUp(id, outcome: body.outcome, by: try caller)))))
    }

    func listOrderFeedback(_ input: Operations.ListOrderFeedback.Input) async throws
        -> Operations.ListOrderFeedback.Output
    {
        let order = try await intake.order(input.path.orderRef, by: try caller).order
        let items = try await tracking.feedback(ofOrder: order)
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Feedback.init)))))
    }

    func recordFeedback(_ input: Operations.RecordFeedback.Input) async throws -> Operations.RecordFeedback.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let feedback = try await tracking.recordFeedback(
            input.path.orderRef, rating: body.rating, comment: body.comment,
            channel: body.channel.flatMap { FeedbackChannel(rawValue: $0.rawValue) }, by: try caller)
        return .created(.init(body: .json(.init(feedback))))
    }

    static let noSuchFollowUp = AppError.notFound(
        LocalizedText(zhHans: "找不到该跟进任务", en: "No such follow-up was found"))
}

extension Components.Schemas.FollowUp {
    init(_ followUp: FollowUp) {
        self.init(
            id: followUp.id.uuidString.lowercased(), orderNumber: followUp.orderNumber, storeCode: followUp.storeCode,
            ownerId: followUp.ownerID.uuidString.lowercased(), reason: followUp.reason, dueAt: followUp.dueAt,
            origin: followUp.origin, status: .init(rawValue: followUp.status.rawValue) ?? .open,
            createdBy: followUp.createdBy, createdAt: followUp.createdAt, closedAt: followUp.closedAt,
            outcome: followUp.outcome,
            contacts: followUp.contacts.map {
                .init(
                    actor: $0.actor, channel: $0.channel.rawValue, result: $0.result.rawValue, note: $0.note, at: $0.at)
            })
    }
}

extension Components.Schemas.Feedback {
    init(_ feedback: CustomerFeedback) {
        self.init(
            id: feedback.id.uuidString.lowercased(), rating: feedback.rating, comment: feedback.comment,
            channel: .init(rawValue: feedback.channel.rawValue) ?? .web, recordedBy: feedback.recordedBy,
            at: feedback.at)
    }
}
