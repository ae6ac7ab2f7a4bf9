import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func getTimeLimits(_ input: Operations.GetTimeLimits.Input) async throws -> Operations.GetTimeLimits.Output {
        .ok(.init(body: .json(.init(try await tracking.timeLimits(by: try caller)))))
    }

    func updateTimeLimits(_ input: Operations.UpdateTimeLimits.Input) async throws
        -> Operations.UpdateTimeLimits.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let saved = try await tracking.updateTimeLimits(try body.policy(), by: try caller)
        return .ok(.init(body: .json(.init(saved))))
    }
}

extension APIHandler {
    func pauseStageClock(_ input: Operations.PauseStageClock.Input) async throws -> Operations.PauseStageClock.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let status = try await tracking.pauseClock(input.path.orderRef, reason: body.reason, by: try caller)
        return .ok(.init(body: .json(.init(status))))
    }

    func resumeStageClock(_ input: Operations.ResumeStageClock.Input) async throws
        -> Operations.ResumeStageClock.Output
    {
        .ok(.init(body: .json(.init(try await tracking.resumeClock(input.path.orderRef, by: try caller)))))
    }
}

extension Components.Schemas.StageClock {
    init(_ status: StageStatus) {
        self.init(
            stage: .init(rawValue: status.stage.rawValue) ?? .review, since: status.since,
            limitMinutes: status.limitMinutes, deadline: status.deadline,
            state: .init(rawValue: status.state.rawValue) ?? .onTime, pausedSince: status.pausedSince,
            pauseReason: status.pauseReason)
    }
}

extension Components.Schemas.TimeLimits {
    init(_ policy: TimeLimitPolicy) {
        func named(_ limits: [TrackingStage: Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: limits.map { ($0.key.rawValue, $0.value) })
        }
        self.init(
            defaults: .init(additionalProperties: named(policy.defaults)),
            byItem: .init(additionalProperties: policy.byItem.mapValues { .init(additionalProperties: named($0)) }),
            urgentShare: policy.urgentShare, earlyWarningShare: policy.earlyWarningShare,
            escalateAfterMinutes: policy.escalateAfterMinutes)
    }

    /// The policy, or a field error for each stage name that does not exist.
    func policy() throws -> TimeLimitPolicy {
        var problems: [FieldProblem] = []
        func stages(_ limits: [String: Int], field: String) -> [TrackingStage: Int] {
            var result: [TrackingStage: Int] = [:]
            for (name, minutes) in limits.sorted(by: { $0.key < $1.key }) {
                guard let stage = TrackingStage(rawValue: name) else {
                    problems.append(
                        FieldProblem(
                            field: "\(field).\(name.prefix(40))", code: "timeLimits.unknownStage",
                            message: LocalizedText(zhHans: "没有这个阶段", en: "No such stage")))
                    continue
                }
                result[stage] = minutes
            }
            return result
        }
        let policy = TimeLimitPolicy(
            defaults: stages(defaults.additionalProperties, field: "defaults"),
            byItem: byItem.additionalProperties.mapValues { stages($0.additionalProperties, field: "byItem") },
            urgentShare: urgentShare, earlyWarningShare: earlyWarningShare, escalateAfterMinutes: escalateAfterMinutes)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return policy
    }
}

extension APIHandler {
    func listAlerts(_ input: Operations.ListAlerts.Input) async throws -> Operations.ListAlerts.Output {
        let alerts = try await tracking.alerts(
            openOnly: input.query.state != .all, days: input.query.days ?? 7, by: try caller)
        return .ok(.init(body: .json(.init(items: alerts.map(Components.Schemas.StageAlert.init)))))
    }

    func acknowledgeAlert(_ input: Operations.AcknowledgeAlert.Input) async throws
        -> Operations.AcknowledgeAlert.Output
    {
        guard let id = UUID(uuidString: input.path.alertId) else { throw TrackingService.alertNotFound }
        let body: Operations.AcknowledgeAlert.Input.Body.JsonPayload? =
            switch input.body {
            case .json(let json): json
            case nil: nil
            }
        let alert = try await tracking.acknowledgeAlert(
            id, cause: body?.cause.flatMap { DelayCause(rawValue: $0.rawValue) }, note: body?.note, by: try caller)
        return .ok(.init(body: .json(.init(alert))))
    }
}

extension Components.Schemas.StageAlert {
    init(_ alert: StageAlert) {
        self.init(
            id: alert.id.uuidString.lowercased(), orderNumber: alert.orderNumber, storeCode: alert.storeCode,
            stage: .init(rawValue: alert.stage.rawValue) ?? .review, stageSince: alert.stageSince,
            kind: .init(rawValue: alert.kind.rawValue) ?? .warning, deadline: alert.deadline, dueAt: alert.dueAt,
            raisedAt: alert.raisedAt, acknowledgedAt: alert.acknowledgedAt, acknowledgedBy: alert.acknowledgedBy,
            resolvedAt: alert.resolvedAt)
    }
}
