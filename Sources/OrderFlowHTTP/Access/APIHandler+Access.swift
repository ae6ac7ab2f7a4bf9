import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// Who am I, my password, API tokens and the audit log.
extension APIHandler {
    func getCurrentCaller(_ input: Operations.GetCurrentCaller.Input) async throws
        -> Operations.GetCurrentCaller.Output
    {
        let caller = try caller
        let member = try await access.currentMember(of: caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        actor: caller.actor.description,
                        kind: .init(rawValue: caller.actor.kind.rawValue) ?? .integration,
                        username: member?.username, displayName: member?.displayName,
                        grants: caller.grants.map(Components.Schemas.Grant.init),
                        actions: AccessAction.allCases.filter { caller.mayAtAll($0) }.map(\.rawValue),
                        csrfToken: RequestScope.session?.csrfToken))))
    }

    func changeOwnPassword(_ input: Operations.ChangeOwnPassword.Input) async throws
        -> Operations.ChangeOwnPassword.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let caller = try caller
        guard let member = try await access.currentMember(of: caller) else {
            throw AppError.conflict(
                code: "account.noPassword",
                message: LocalizedText(zhHans: "令牌没有密码，只有员工账号有", en: "Tokens have no password; only people do"))
        }
        try await access.setPassword(
            member.username, to: body.newPassword, currentPassword: body.currentPassword, by: caller)
        return .noContent(.init())
    }

    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let now = access.now
        return .ok(.init(body: .json(try await access.tokens(by: try caller).map { .init($0, now: now) })))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let issued = try await access.createToken(
            name: body.name ?? "", grants: GrantInput.grants(body.grants), expiresAt: body.expiresAt, by: try caller)
        return .created(
            .init(body: .json(.init(token: .init(issued.token, now: access.now), secret: issued.secret))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let token = try await access.revokeToken(input.path.tokenRef, by: try caller)
        return .ok(.init(body: .json(.init(token, now: access.now))))
    }

    func searchAuditLog(_ input: Operations.SearchAuditLog.Input) async throws -> Operations.SearchAuditLog.Output {
        let query = input.query
        let limit = try QueryProblem.limit(query.limit)
        let entries = try await access.auditLog(
            AuditQuery(
                actor: query.actor, action: query.action, subject: query.subject, from: query.from,
                before: query.before, beforeSequence: query.beforeSequence, limit: limit),
            by: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        entries: entries.map(Components.Schemas.AuditEntry.init),
                        nextBeforeSequence: entries.count == limit ? entries.last?.sequence : nil))))
    }

    func verifyAuditLog(_ input: Operations.VerifyAuditLog.Input) async throws -> Operations.VerifyAuditLog.Output {
        let (count, broken) = try await access.verifyAuditLog(by: try caller)
        return .ok(.init(body: .json(.init(entries: count, intact: broken == nil, firstBrokenLink: broken))))
    }
}
