/// Technicians' profiles for dispatch (R3.1). The profile is one JSON
/// document per technician, read and written whole; its skills are also
/// kept in their own table so dispatch can ask "who in this store has skill
/// X at level ≥ N" in SQL.
enum Migration0006TechnicianProfiles {
    static let migration = Migration(number: 6, name: "technician-profiles") { _ in
        [
            """
            CREATE TABLE technician_profiles (
                staff_id TEXT PRIMARY KEY REFERENCES staff(id),
                profile_json TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE technician_skills (
                staff_id TEXT NOT NULL REFERENCES staff(id),
                skill TEXT NOT NULL,
                level INTEGER NOT NULL,
                years INTEGER NOT NULL,
                PRIMARY KEY (staff_id, skill))
            """,
            "CREATE INDEX technician_skills_skill ON technician_skills (skill, level)",
        ]
    }
}
