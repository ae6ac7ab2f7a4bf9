import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func getDispatchBoard(_ input: Operations.GetDispatchBoard.Input) async throws
        -> Operations.GetDispatchBoard.Output
    {
        let board = try await dispatch.board(
            storeCode: input.path.storeCode, day: try DayParameter.parse(input.query.day), by: try caller)
        return .ok(.init(body: .json(.init(board, language: language))))
    }

    func getDispatchSettings(_ input: Operations.GetDispatchSettings.Input) async throws
        -> Operations.GetDispatchSettings.Output
    {
        let settings = try await dispatch.settings(storeCode: input.path.storeCode, by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: settings.version)), body: .json(.init(settings))))
    }

    func updateDispatchSettings(_ input: Operations.UpdateDispatchSettings.Input) async throws
        -> Operations.UpdateDispatchSettings.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let saved = try await dispatch.updateSettings(
            storeCode: input.path.storeCode, body.settings, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: saved.version)), body: .json(.init(saved))))
    }

    func planDispatchDay(_ input: Operations.PlanDispatchDay.Input) async throws -> Operations.PlanDispatchDay.Output {
        let outcome = try await dispatch.planDay(
            storeCode: input.path.storeCode, day: try DayParameter.parse(input.query.day),
            apply: input.query.apply ?? false, by: try caller)
        return .ok(.init(body: .json(.init(outcome, language: language))))
    }

    func suggestAssignment(_ input: Operations.SuggestAssignment.Input) async throws
        -> Operations.SuggestAssignment.Output
    {
        let decision = try await dispatch.suggestion(input.path.orderRef, by: try caller)
        return .ok(.init(body: .json(.init(decision, language: language))))
    }

    func assignOrder(_ input: Operations.AssignOrder.Input) async throws -> Operations.AssignOrder.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let done = try await dispatch.assign(
            input.path.orderRef, try body.request(), ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        return .ok(
            .init(
                headers: .init(eTag: ETag.make(version: done.order.order.version)),
                body: .json(
                    .init(
                        order: .init(done.order, language: language),
                        assignment: done.assignment.map { .init($0, language: language) }))))
    }

    func withdrawAssignment(_ input: Operations.WithdrawAssignment.Input) async throws
        -> Operations.WithdrawAssignment.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let done = try await dispatch.unassign(
            input.path.orderRef, reason: body.reason, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        let answer = changed(done.order)
        return .ok(.init(headers: .init(eTag: answer.headers), body: .json(answer.body)))
    }
}
