import Foundation
import OrderFlowCore
import OrderFlowStore

extension AccessService {
    /// A new console session: its secret goes into the cookie, once.
    public struct SignedIn: Sendable {
        public var secret: String
        public var session: StaffSession
        public var member: StaffMember
    }

    /// Signs a person in with user name and password. `source` is the
    /// client's network address, for rate limiting. Every sign-in makes a new
    /// session, whatever the browser sent, so a planted session id is
    /// worthless (no session fixation).
    public func signIn(username raw: String, password: String, source: String) async throws -> SignedIn {
        let now = environment.now()
        let username = String(raw.trimmingCharacters(in: .whitespaces).lowercased().prefix(64))
        let since = now.addingTimeInterval(-SignInPolicy.window)
        let (fromSource, onAccount, found) = try await database.read { db in
            (
                try await SignInAttemptRecords.failures(source: source, since: since, on: db),
                // Locked per account and address: a stranger's wrong guesses
                // cannot lock the owner (or the administrator) out.
                try await SignInAttemptRecords.failures(username: username, source: source, since: since, on: db),
                try await StaffRecords.find(username: username, on: db)
            )
        }
        let anonymous = Actor(kind: .staff, id: username)
        if fromSource >= SignInPolicy.failuresPerSource {
            try await audit(anonymous, "auth.rateLimited", outcome: .refused, subject: username, at: now)
            throw AppError.tooManyAttempts(retryAfterSeconds: Int(SignInPolicy.window))
        }
        if onAccount.count >= SignInPolicy.failuresBeforeLockout, let latest = onAccount.latest,
            now < latest.addingTimeInterval(SignInPolicy.lockout)
        {
            try await audit(anonymous, "auth.lockedOut", outcome: .refused, subject: username, at: now)
            throw AppError.tooManyAttempts(
                retryAfterSeconds: Int(latest.addingTimeInterval(SignInPolicy.lockout).timeIntervalSince(now)) + 1)
        }
        let active = found.flatMap { $0.0.isActive ? $0 : nil }
        let matches = try await PasswordHasher.verify(
            String(password.prefix(PasswordPolicy.maximumBytes * 2)), against: active?.1)
        guard let member = active?.0, matches else {
            let locksNow = onAccount.count + 1 >= SignInPolicy.failuresBeforeLockout
            try await database.write { db in
                try await SignInAttemptRecords.record(
                    username: username, source: source, succeeded: false, at: now, on: db)
                try await AuditLog.append(
                    actor: anonymous, action: "auth.signInFailed", outcome: .refused, subject: username,
                    detailJSON: try JSONCoding.canonicalString(["reason": found == nil ? "unknownUser" : "refused"]),
                    at: now, on: db)
                if locksNow {
                    try await AuditLog.append(
                        actor: .system, action: "auth.accountLocked", outcome: .succeeded, subject: username,
                        at: now, on: db)
                }
            }
            throw AppError.unauthenticated(
                LocalizedText(zhHans: "用户名或密码不正确", en: "Wrong user name or password"))
        }
        let secret = Self.randomSecret()
        let session = StaffSession(
            staffID: member.id, csrfToken: Self.randomSecret(), createdAt: now,
            expiresAt: now.addingTimeInterval(SignInPolicy.sessionLifetime), lastSeenAt: now)
        try await database.write { db in
            try await SignInAttemptRecords.record(username: username, source: source, succeeded: true, at: now, on: db)
            try await SessionRecords.insert(session, secret: secret, on: db)
            try await AuditLog.append(
                actor: Caller.staff(member).actor, action: "auth.signedIn", outcome: .succeeded,
                subject: member.id.uuidString.lowercased(), at: now, on: db)
        }
        return SignedIn(secret: secret, session: session, member: member)
    }

    /// The person behind a session cookie, if the session is still live and
    /// the account still enabled.
    public func caller(forSession secret: String) async throws -> (caller: Caller, session: StaffSession) {
        let now = environment.now()
        guard secret.count <= 100,
            let (session, member) = try await database.read({ db -> (StaffSession, StaffMember?)? in
                guard let session = try await SessionRecords.find(secret: secret, on: db) else { return nil }
                return (session, try await StaffRecords.find(id: session.staffID, on: db))
            }),
            session.isLive(at: now), let member, member.isActive
        else { throw Self.invalidCredential }
        if now.timeIntervalSince(session.lastSeenAt) >= SignInPolicy.touchInterval {
            try await database.write { try await SessionRecords.touch(secret: secret, at: now, on: $0) }
        }
        return (.staff(member), session)
    }

    /// Ends the session; signing out twice is harmless.
    public func signOut(secret: String, by caller: Caller) async throws {
        let now = environment.now()
        try await database.write { db in
            if try await SessionRecords.end(secret: secret, at: now, on: db) {
                try await AuditLog.append(
                    actor: caller.actor, action: "auth.signedOut", outcome: .succeeded,
                    subject: caller.staffID?.uuidString.lowercased(), at: now, on: db)
            }
        }
    }

    /// On first start there is nobody to sign in as: creates `admin` with
    /// the given password, or a generated one that is returned to be shown
    /// once. Does nothing (returns nil) when any account exists.
    public func bootstrapAdministrator(password: String?) async throws -> (username: String, password: String)? {
        let now = environment.now()
        let hasStaff = try await database.read { try await StaffRecords.count(on: $0) > 0 }
        guard !hasStaff else { return nil }
        let chosen = password ?? Self.randomSecret().prefix(20).description
        if let problem = PasswordPolicy.problems(password: chosen, username: "admin").first {
            throw AppError.invalid([problem])
        }
        let member = StaffMember(
            id: environment.newID(), username: "admin", displayName: "Administrator",
            grants: [RoleGrant(role: .administrator, scope: .allStores)], createdAt: now, updatedAt: now)
        let hash = try await PasswordHasher.hash(chosen)
        let created = try await database.write { db in
            // Two instances starting at once: the second finds the first's admin.
            guard try await StaffRecords.count(on: db) == 0 else { return false }
            try await StaffRecords.insert(member, passwordHash: hash, on: db)
            try await AuditLog.append(
                actor: .system, action: "staff.created", outcome: .succeeded,
                subject: member.id.uuidString.lowercased(),
                detailJSON: try JSONCoding.canonicalString(["username": "admin", "grants": "administrator@*"]),
                at: now, on: db)
            return true
        }
        return created ? ("admin", chosen) : nil
    }
}
