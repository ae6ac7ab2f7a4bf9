import Foundation
import OrderFlowCore
import OrderFlowStore

extension AccessService {
    /// A technician's profile; an empty one (version 0) when none was saved yet.
    public func technicianProfile(_ username: String, by caller: Caller) async throws -> TechnicianProfile {
        try caller.require(.readStaff)
        let member = try await visibleMember(username, for: .readStaff, by: caller)
        try Self.requireTechnician(member)
        return try await database.read { try await TechnicianRecords.find(staffID: member.id, on: $0) }
            ?? TechnicianProfile(staffID: member.id)
    }

    /// Replaces a technician's profile (skills, certificates, teams, shifts).
    /// `ifMatch` 0 creates the first one.
    public func saveTechnicianProfile(
        _ username: String, _ profile: TechnicianProfile, ifMatch version: Int?, by caller: Caller
    ) async throws -> TechnicianProfile {
        try caller.require(.manageStaff)
        let member = try await managedMember(username, by: caller)
        try Self.requireTechnician(member)
        let (current, catalog) = try await database.read { db in
            (try await TechnicianRecords.find(staffID: member.id, on: db), try await CatalogRecords.all(on: db))
        }
        let currentVersion = current?.version ?? 0
        if let version, version != currentVersion {
            throw AppError.versionMismatch(current: currentVersion, record: .technician)
        }
        var owned = profile
        owned.staffID = member.id
        let profile = owned
        let problems = profile.problems(knownSkills: Set(catalog.flatMap(\.requiredSkills)))
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        do {
            return try await database.write { db in
                let saved = try await TechnicianRecords.save(
                    profile, expectedVersion: currentVersion, at: now, on: db)
                try await AuditLog.append(
                    actor: caller.actor, action: "staff.technicianProfileChanged", outcome: .succeeded,
                    subject: member.id.uuidString.lowercased(),
                    detailJSON: try JSONCoding.canonicalString([
                        "username": member.username,
                        "skills": profile.skills.map { "\($0.skill):\($0.level)" }.joined(separator: ","),
                    ]), at: now, on: db)
                return saved
            }
        } catch StoreError.staleVersion {
            throw AppError.conflict(
                code: "staff.changedConcurrently",
                message: LocalizedText(zhHans: "该档案刚被修改，请刷新后重试", en: "This profile just changed; reload and retry"))
        }
    }

    private static func requireTechnician(_ member: StaffMember) throws {
        guard member.grants.contains(where: { $0.role == .technician }) else {
            throw AppError.conflict(
                code: "staff.notTechnician",
                message: LocalizedText(
                    zhHans: "\(member.username) 不是服务人员", en: "\(member.username) does not hold the technician role"))
        }
    }
}
