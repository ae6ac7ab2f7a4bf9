import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    /// Third-party platform intake (R2.1). The signature was checked by
    /// `GuardMiddleware`; the platform's own order id makes it idempotent.
    func platformIntake(_ input: Operations.PlatformIntake.Input) async throws -> Operations.PlatformIntake.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        var unreadable = RequestScope.unreadable
        if body.externalReference?.trimmedOrNil == nil, !unreadable.contains(where: { $0.field == "externalReference" })
        {
            unreadable.append(
                FieldProblem(
                    field: "externalReference", code: "required",
                    message: LocalizedText(zhHans: "请提供平台订单号", en: "The platform's order id is required")))
        }
        let created = try await intake.createOrder(
            OrderDraft(platform: input.path.platform, body), by: try caller, unreadable: unreadable)
        return .created(
            .init(
                headers: .init(idempotentReplayed: created.replayed ? "true" : nil),
                body: .json(.init(created.order, language: language))))
    }
}
