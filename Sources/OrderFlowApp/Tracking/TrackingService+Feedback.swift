import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension TrackingService {
    /// Feedback the customer gave by phone, SMS or e-mail, written down by
    /// staff (R4.3). A rating of 1 or 2 makes a follow-up for the store manager.
    public func recordFeedback(
        _ reference: String, rating: Int?, comment: String?, channel: FeedbackChannel?, by caller: Caller
    ) async throws -> CustomerFeedback {
        guard let channel, channel != .web else {
            throw AppError.invalid([
                FieldProblem(
                    field: "channel", code: "feedback.channel",
                    message: LocalizedText(
                        zhHans: "请选择客户反馈的方式：电话、短信或邮件", en: "Say how the customer told you: phone, SMS or e-mail"))
            ])
        }
        let ids = (environment.newID(), environment.newID())
        return try await saveFeedback(rating: rating, comment: comment, channel: channel, ids: ids, actor: caller.actor)
        {
            db in try await OrderLookup.visible(reference, for: .recordFeedback, by: caller, on: db)
        }
    }

    /// The customer's own rating and comment, through their tracking link.
    public func customerFeedback(trackingToken: String, rating: Int?, comment: String?) async throws
        -> CustomerFeedback
    {
        let ids = (environment.newID(), environment.newID())
        return try await saveFeedback(
            rating: rating, comment: comment, channel: .web, ids: ids,
            actor: Actor(kind: .customer, id: "tracking-link")
        ) { db in
            guard trackingToken.count <= 100,
                let orderID = try await TrackingLinkRecords.orderID(secret: trackingToken, on: db),
                let order = try await OrderRecords.find(id: orderID, on: db)
            else { throw AppError.notFound(LocalizedText(zhHans: "链接无效", en: "This link is not valid")) }
            // The customer rates the service once it is done (R4.3).
            let served = try await EventLog.events(of: order.id, on: db).contains {
                $0.type == OrderEventType.checkedOut.rawValue
            }
            guard served else {
                throw AppError.conflict(
                    code: "feedback.tooEarly",
                    message: LocalizedText(
                        zhHans: "服务完成后才能评价", en: "You can rate the service once it is done"))
            }
            // A link may be shared: a handful of comments per order, not a flood.
            guard try await FeedbackRecords.forOrder(order.id, on: db).filter({ $0.channel == .web }).count < 5 else {
                throw AppError.conflict(
                    code: "feedback.enough",
                    message: LocalizedText(
                        zhHans: "该订单已收到多次评价，如需补充请致电门店", en: "This order has enough feedback; please call the store"))
            }
            return order
        }
    }

    public func feedback(ofOrder order: Order) async throws -> [CustomerFeedback] {
        try await database.read { try await FeedbackRecords.forOrder(order.id, on: $0) }
    }

    private func saveFeedback(
        rating: Int?, comment: String?, channel: FeedbackChannel, ids: (UUID, UUID), actor: Actor,
        order find: @escaping @Sendable (any SQLDatabase) async throws -> Order
    ) async throws -> CustomerFeedback {
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let problems = CustomerFeedback.problems(rating: rating, comment: comment)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        return try await write { db in
            let order = try await find(db)
            let feedback = CustomerFeedback(
                id: ids.0, orderID: order.id, storeCode: order.storeCode, rating: rating, comment: comment,
                channel: channel, recordedBy: actor.description, at: now)
            try await FeedbackRecords.insert(feedback, on: db)
            try await OrderChange.commit(
                order, .feedbackReceived, FollowUpPayload(feedback: feedback), by: actor, at: now, on: db)
            if feedback.isPoor {
                try await FollowUpRules.apply(.poorFeedback, to: order, at: now, newID: ids.1, on: db)
            }
            return feedback
        }
    }
}
