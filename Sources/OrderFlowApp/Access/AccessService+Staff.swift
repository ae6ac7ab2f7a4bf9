import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension AccessService {
    /// What is needed to open an account.
    public struct NewStaffMember: Sendable {
        public var username: String
        public var displayName: String
        /// Nil for an account that cannot sign in until a password is set.
        public var password: String?
        public var grants: [RoleGrant]

        public init(username: String, displayName: String, password: String?, grants: [RoleGrant]) {
            self.username = username
            self.displayName = displayName
            self.password = password
            self.grants = grants
        }
    }

    public func addStaff(_ new: NewStaffMember, by caller: Caller) async throws -> StaffMember {
        try caller.require(.manageStaff)
        let now = environment.now()
        let username = StaffMember.normalizedUsername(new.username)
        var problems: [FieldProblem] = []
        if username == nil { problems.append(Self.usernameProblem) }
        if let problem = Self.displayNameProblem(new.displayName) { problems.append(problem) }
        if let password = new.password {
            problems += PasswordPolicy.problems(password: password, username: username ?? new.username)
        }
        problems += try await grantProblems(new.grants, by: caller)
        guard problems.isEmpty, let username else { throw AppError.invalid(problems) }
        let member = StaffMember(
            id: environment.newID(), username: username,
            displayName: new.displayName.trimmingCharacters(in: .whitespacesAndNewlines), grants: new.grants,
            createdAt: now, updatedAt: now)
        let hash: String? = if let password = new.password { try await PasswordHasher.hash(password) } else { nil }
        do {
            try await database.write { db in
                try await StaffRecords.insert(member, passwordHash: hash, on: db)
                try await AuditLog.append(
                    actor: caller.actor, action: "staff.created", outcome: .succeeded,
                    subject: member.id.uuidString.lowercased(),
                    detailJSON: try JSONCoding.canonicalString(
                        ["username": username, "grants": GrantText.describe(new.grants)]), at: now, on: db)
            }
        } catch  where StoreError.isUniqueViolation(error) {
            throw AppError.conflict(
                code: "staff.usernameTaken",
                message: LocalizedText(zhHans: "用户名 \(username) 已被使用", en: "The user name \(username) is taken"))
        }
        // As stored: what the caller is answered is what a later read returns.
        return try await reload(member)
    }

    /// Staff the caller may see: everyone for head office, otherwise the
    /// people holding a role in one of the caller's stores.
    public func staff(by caller: Caller) async throws -> [StaffMember] {
        try caller.require(.readStaff)
        let visible = caller.visibleStores(for: .readStaff)
        return try await database.read { try await StaffRecords.all(on: $0) }.filter { Self.isVisible($0, in: visible) }
    }

    public func staffMember(_ username: String, by caller: Caller) async throws -> StaffMember {
        try caller.require(.readStaff)
        return try await visibleMember(username, for: .readStaff, by: caller)
    }

    /// Replaces a person's roles. Their sessions end, so the new roles apply at once.
    public func setRoles(_ username: String, to grants: [RoleGrant], ifMatch version: Int?, by caller: Caller)
        async throws -> StaffMember
    {
        try caller.require(.manageStaff)
        let member = try await managedMember(username, by: caller)
        if member.id == caller.staffID {
            throw AppError.conflict(
                code: "staff.ownRoles",
                message: LocalizedText(
                    zhHans: "不能修改自己的角色，请让另一位管理员操作", en: "Ask another administrator to change your own roles"))
        }
        let problems = try await grantProblems(grants, by: caller)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        try await changeStaff(member, ifMatch: version) { db in
            try await StaffRecords.replaceGrants(
                of: member.id, with: grants, expectedVersion: member.version, at: now, on: db)
            try await SessionRecords.endAll(of: member.id, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "staff.rolesChanged", outcome: .succeeded,
                subject: member.id.uuidString.lowercased(),
                detailJSON: try JSONCoding.canonicalString([
                    "username": member.username, "before": GrantText.describe(member.grants),
                    "after": GrantText.describe(grants),
                ]), at: now, on: db)
        }
        return try await reload(member)
    }

    /// Disables an account: it can no longer sign in, its sessions end, and
    /// everything it did stays attributed to it.
    public func disable(_ username: String, ifMatch version: Int?, by caller: Caller) async throws -> StaffMember {
        try caller.require(.manageStaff)
        let member = try await managedMember(username, by: caller)
        if member.id == caller.staffID {
            throw AppError.conflict(
                code: "staff.disableSelf",
                message: LocalizedText(zhHans: "不能停用自己的账号", en: "You cannot disable your own account"))
        }
        guard member.isActive else { return member }
        let now = environment.now()
        try await changeStaff(member, ifMatch: version) { db in
            try await StaffRecords.disable(member.id, expectedVersion: member.version, at: now, on: db)
            try await SessionRecords.endAll(of: member.id, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "staff.disabled", outcome: .succeeded,
                subject: member.id.uuidString.lowercased(),
                detailJSON: try JSONCoding.canonicalString(["username": member.username]), at: now, on: db)
        }
        return try await reload(member)
    }

    /// Sets a new password for someone else (a reset by a manager or
    /// administrator), or for oneself when `currentPassword` is given and right.
    public func setPassword(_ username: String, to password: String, currentPassword: String?, by caller: Caller)
        async throws
    {
        let now = environment.now()
        let isSelf: Bool
        let member: StaffMember
        if let own = caller.staffID,
            let found = try await database.read({ try await StaffRecords.find(id: own, on: $0) }),
            found.username == StaffMember.normalizedUsername(username)
        {
            try caller.require(.useOwnAccount)
            (isSelf, member) = (true, found)
            let stored = try await database.read { try await StaffRecords.find(username: found.username, on: $0)?.1 }
            guard try await PasswordHasher.verify(currentPassword ?? "", against: stored) else {
                try await audit(caller.actor, "auth.passwordChangeRefused", outcome: .refused, at: now)
                throw AppError.invalid([
                    FieldProblem(
                        field: "currentPassword", code: "password.currentWrong",
                        message: LocalizedText(zhHans: "当前密码不正确", en: "The current password is wrong"))
                ])
            }
        } else {
            try caller.require(.manageStaff)
            (isSelf, member) = (false, try await managedMember(username, by: caller))
        }
        let problems = PasswordPolicy.problems(password: password, username: member.username)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let hash = try await PasswordHasher.hash(password)
        try await database.write { db in
            try await StaffRecords.setPasswordHash(hash, of: member.id, at: now, on: db)
            try await SessionRecords.endAll(of: member.id, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: isSelf ? "auth.passwordChanged" : "staff.passwordReset",
                outcome: .succeeded, subject: member.id.uuidString.lowercased(),
                detailJSON: try JSONCoding.canonicalString(["username": member.username]), at: now, on: db)
        }
    }

    // MARK: - Shared checks

    func reload(_ member: StaffMember) async throws -> StaffMember {
        try await database.read { try await StaffRecords.find(id: member.id, on: $0) } ?? member
    }

    /// A member the caller may see for `action`, or "not found": people of
    /// other stores are not the caller's business, not even their existence.
    func visibleMember(_ username: String, for action: AccessAction, by caller: Caller) async throws -> StaffMember {
        let normalized = StaffMember.normalizedUsername(username) ?? ""
        guard let member = try await database.read({ try await StaffRecords.find(username: normalized, on: $0)?.0 }),
            Self.isVisible(member, in: caller.visibleStores(for: action))
        else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到员工 \(username.prefix(40))", en: "No staff member \(username.prefix(40))"))
        }
        return member
    }

    /// A member the caller may change: visible, and holding nothing the
    /// caller could not grant.
    func managedMember(_ username: String, by caller: Caller) async throws -> StaffMember {
        let member = try await visibleMember(username, for: .manageStaff, by: caller)
        guard AccessPolicy.mayManage(accountWith: member.grants, by: caller) else { throw AppError.notAllowed }
        return member
    }

    func changeStaff(
        _ member: StaffMember, ifMatch version: Int?,
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        if let version, version != member.version {
            throw AppError.versionMismatch(current: member.version, record: .staffMember)
        }
        do {
            try await database.write(body)
        } catch StoreError.staleVersion {
            throw AppError.conflict(
                code: "staff.changedConcurrently",
                message: LocalizedText(zhHans: "该账号刚被修改，请刷新后重试", en: "This account just changed; reload and retry"))
        }
    }

    static func isVisible(_ member: StaffMember, in stores: Set<String>?) -> Bool {
        guard let stores else { return true }
        return member.grants.contains { grant in
            switch grant.scope {
            case .allStores: false
            case .stores(let codes): !codes.isDisjoint(with: stores)
            }
        }
    }

    /// Grants must be valid, name existing stores, and be the caller's to give.
    func grantProblems(_ grants: [RoleGrant], by caller: Caller) async throws -> [FieldProblem] {
        guard !grants.isEmpty, grants.allSatisfy(\.isValid) else {
            return [
                FieldProblem(
                    field: "grants", code: "staff.grantsInvalid",
                    message: LocalizedText(
                        zhHans: "请至少授予一个有效角色；门店角色须指定门店；总部角色才能覆盖全部门店",
                        en:
                            "Grant at least one valid role; store roles need named stores; only head-office roles cover all stores"
                    ))
            ]
        }
        if let repeated = Self.repeatedGrant(grants) { return [repeated] }
        let known = Set(try await database.read { try await StoreRecords.all(on: $0) }.map(\.code))
        let named = grants.flatMap { grant -> [String] in
            if case .stores(let codes) = grant.scope { return codes.sorted() }
            return []
        }
        if let unknown = named.first(where: { !known.contains($0) }) {
            return [IntakeProblem.unknownStore("grants", code: unknown)]
        }
        guard AccessPolicy.mayGrant(grants, by: caller) else {
            return [
                FieldProblem(
                    field: "grants", code: "staff.grantBeyondReach",
                    message: LocalizedText(
                        zhHans: "只能授予您所管理门店的门店角色", en: "You can grant only store roles for stores you manage"))
            ]
        }
        return []
    }

    /// The first grant that gives a role in a store an earlier grant
    /// already gives it in (each role and store is stored once).
    static func repeatedGrant(_ grants: [RoleGrant]) -> FieldProblem? {
        var seen: Set<String> = []
        for (index, grant) in grants.enumerated() {
            let places: [String] =
                switch grant.scope {
                case .allStores: ["*"]
                case .stores(let codes): codes.sorted()
                }
            for place in places where !seen.insert("\(grant.role.rawValue)@\(place)").inserted {
                let text = "\(grant.role.rawValue)@\(place)"
                return FieldProblem(
                    field: "grants[\(index)]", code: "staff.grantRepeated",
                    message: LocalizedText(
                        zhHans: "角色授权 \(text) 重复了", en: "The grant \(text) is given twice"))
            }
        }
        return nil
    }

    static let usernameProblem = FieldProblem(
        field: "username", code: "staff.usernameInvalid",
        message: LocalizedText(
            zhHans: "用户名须为 3–32 位小写字母、数字、点、横线或下划线，并以字母开头",
            en: "Use 3–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter"))

    static func displayNameProblem(_ name: String) -> FieldProblem? {
        guard let trimmed = name.trimmedOrNil else {
            return IntakeProblem.required("displayName", LocalizedText(zhHans: "姓名", en: "Name"))
        }
        return trimmed.count > TextLimits.name ? IntakeProblem.tooLong("displayName", limit: TextLimits.name) : nil
    }
}

/// `receptionist@SH01+SH02, administrator@*`: how grants are written in the
/// audit log, the CLI and error messages.
public enum GrantText {
    public static func describe(_ grants: [RoleGrant]) -> String {
        grants.map(describe).sorted().joined(separator: ", ")
    }

    public static func describe(_ grant: RoleGrant) -> String {
        switch grant.scope {
        case .allStores: "\(grant.role.rawValue)@*"
        case .stores(let codes): "\(grant.role.rawValue)@\(codes.sorted().joined(separator: "+"))"
        }
    }

    /// Parses one grant as written by `describe`; nil when it is not one.
    public static func parse(_ text: String) -> RoleGrant? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let role = Role(rawValue: String(parts[0])) else { return nil }
        if parts[1] == "*" { return RoleGrant(role: role, scope: .allStores) }
        let codes = parts[1].split(separator: "+").map { String($0).uppercased() }
        guard !codes.isEmpty else { return nil }
        return RoleGrant(role: role, scope: .stores(Set(codes)))
    }
}

extension AccessService {
    /// Display names of staff by user name, for showing who did what on a
    /// record the caller may already read (a timeline): colleagues' names,
    /// nothing more. Unknown user names are left out.
    public func staffNames(_ usernames: Set<String>) async throws -> [String: String] {
        guard !usernames.isEmpty else { return [:] }
        return try await database.read { db in
            var names: [String: String] = [:]
            for username in usernames.prefix(200) {
                if let (member, _) = try await StaffRecords.find(username: username, on: db) {
                    names[username] = member.displayName
                }
            }
            return names
        }
    }
}
