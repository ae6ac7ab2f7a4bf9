import Foundation
import OrderFlowCore
import SQLKit

/// The `technician_profiles` and `technician_skills` tables.
public enum TechnicianRecords {
    public static func find(staffID: UUID, on db: any SQLDatabase) async throws -> TechnicianProfile? {
        try await db.raw(
            "SELECT profile_json, version FROM technician_profiles WHERE staff_id = \(bind: staffID.uuidString)"
        ).first().map { row in
            var profile = try row.json("profile_json", as: TechnicianProfile.self)
            profile.version = Int(try row.int("version"))
            return profile
        }
    }

    /// Saves the whole profile. `expectedVersion` 0 means "there is none
    /// yet"; a stale version is refused (`StoreError.staleVersion`).
    public static func save(
        _ profile: TechnicianProfile, expectedVersion: Int, at instant: Date, on db: any SQLDatabase
    ) async throws -> TechnicianProfile {
        var saved = profile
        saved.version = expectedVersion + 1
        let json = try JSONCoding.string(saved)
        if expectedVersion == 0 {
            do {
                try await db.raw(
                    """
                    INSERT INTO technician_profiles (staff_id, profile_json, updated_at, version)
                    VALUES (\(bind: profile.staffID.uuidString), \(bind: json), \(bind: instant.epochMilliseconds), 1)
                    """
                ).run()
            } catch  where StoreError.isUniqueViolation(error) {
                throw StoreError.staleVersion
            }
        } else {
            let row = try await db.raw(
                """
                UPDATE technician_profiles
                SET profile_json = \(bind: json), updated_at = \(bind: instant.epochMilliseconds),
                    version = \(bind: Int64(saved.version))
                WHERE staff_id = \(bind: profile.staffID.uuidString) AND version = \(bind: Int64(expectedVersion))
                RETURNING version
                """
            ).first()
            guard row != nil else { throw StoreError.staleVersion }
        }
        try await db.raw("DELETE FROM technician_skills WHERE staff_id = \(bind: profile.staffID.uuidString)").run()
        let rows: [SQLQueryString] = profile.skills.map { skill in
            """
            (\(bind: profile.staffID.uuidString), \(bind: skill.skill), \(bind: Int64(skill.level)),
             \(bind: Int64(skill.yearsOfExperience)))
            """
        }
        if !rows.isEmpty {
            try await db.raw(
                "INSERT INTO technician_skills (staff_id, skill, level, years) VALUES \(rows.joined(separator: ", "))"
            ).run()
        }
        return saved
    }

    /// Technicians with `skill` at `minimumLevel` or above, best first.
    public static func staffIDs(withSkill skill: String, minimumLevel: Int = 1, on db: any SQLDatabase) async throws
        -> [UUID]
    {
        try await db.raw(
            """
            SELECT staff_id FROM technician_skills
            WHERE skill = \(bind: skill) AND level >= \(bind: Int64(minimumLevel))
            ORDER BY level DESC, years DESC, staff_id
            """
        ).all().map { try $0.uuid("staff_id") }
    }
}
