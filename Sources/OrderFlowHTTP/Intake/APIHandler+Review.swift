import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func listReviewQueue(_ input: Operations.ListReviewQueue.Input) async throws -> Operations.ListReviewQueue.Output {
        let page = try await intake.reviewQueue(
            storeCode: input.query.storeCode, limit: try QueryProblem.limit(input.query.limit),
            after: try QueryProblem.cursor(input.query.cursor), by: try caller)
        return .ok(.init(body: .json(page.api(language: language))))
    }

    func approveOrder(_ input: Operations.ApproveOrder.Input) async throws -> Operations.ApproveOrder.Output {
        var note: String?
        if case .json(let body) = input.body { note = body.reason }
        let order = try await intake.approve(
            input.path.orderRef, note: note, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch), by: try caller)
        let answer = changed(order)
        return .ok(.init(headers: .init(eTag: answer.headers), body: .json(answer.body)))
    }

    func rejectOrder(_ input: Operations.RejectOrder.Input) async throws -> Operations.RejectOrder.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let order = try await intake.reject(
            input.path.orderRef, reason: body.reason, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        let answer = changed(order)
        return .ok(.init(headers: .init(eTag: answer.headers), body: .json(answer.body)))
    }

    func getReviewPolicy(_ input: Operations.GetReviewPolicy.Input) async throws -> Operations.GetReviewPolicy.Output {
        .ok(.init(body: .json(.init(try await intake.reviewPolicy(by: try caller)))))
    }

    func updateReviewPolicy(_ input: Operations.UpdateReviewPolicy.Input) async throws
        -> Operations.UpdateReviewPolicy.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        return .ok(.init(body: .json(.init(try await intake.updateReviewPolicy(ReviewPolicy(body), by: try caller)))))
    }
}
