import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Technician profiles in the database")
struct TechnicianRecordsTests {
    @Test("a profile is saved whole, versioned, and its skills are searchable", arguments: TestEngine.available)
    func saveAndFind(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let ids = [UUID(), UUID()]
            for (index, id) in ids.enumerated() {
                let member = StaffMember(
                    id: id, username: "tech\(index)", displayName: "师傅\(index)",
                    grants: [RoleGrant(role: .technician, scope: .stores(["SH01"]))], createdAt: Fixtures.now,
                    updatedAt: Fixtures.now)
                try await database.write { try await StaffRecords.insert(member, passwordHash: nil, on: $0) }
            }
            let expert = TechnicianProfile(
                staffID: ids[0],
                skills: [
                    TechnicianSkill(skill: "hvac", level: 5, yearsOfExperience: 12),
                    TechnicianSkill(skill: "electrical", level: 2, yearsOfExperience: 1),
                ],
                qualifications: [
                    Qualification(
                        name: "制冷证", certificateNumber: "T1", expiresOn: LocalDate(year: 2027, month: 1, day: 1))
                ],
                teams: ["空调组"],
                weeklyShifts: WeeklyOpeningHours(byWeekday: [
                    2: DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18))
                ]),
                exceptions: [ShiftException(date: LocalDate(year: 2026, month: 12, day: 3), kind: .leave)])
            let novice = TechnicianProfile(
                staffID: ids[1], skills: [TechnicianSkill(skill: "hvac", level: 2, yearsOfExperience: 1)])
            let saved = try await database.write { db in
                let first = try await TechnicianRecords.save(expert, expectedVersion: 0, at: Fixtures.now, on: db)
                _ = try await TechnicianRecords.save(novice, expectedVersion: 0, at: Fixtures.now, on: db)
                return first
            }
            #expect(saved.version == 1)
            #expect(try await database.read { try await TechnicianRecords.find(staffID: ids[0], on: $0) } == saved)
            #expect(try await database.read { try await TechnicianRecords.staffIDs(withSkill: "hvac", on: $0) } == ids)
            #expect(
                try await database.read {
                    try await TechnicianRecords.staffIDs(withSkill: "hvac", minimumLevel: 3, on: $0)
                }
                    == [ids[0]])

            // A second first save, or a save from a stale read, is refused; nothing changes.
            await #expect(throws: StoreError.staleVersion) {
                try await database.write {
                    try await TechnicianRecords.save(expert, expectedVersion: 0, at: Fixtures.now, on: $0)
                }
            }
            var changed = saved
            changed.skills = [TechnicianSkill(skill: "cleaning", level: 3, yearsOfExperience: 2)]
            let fewer = changed
            let second = try await database.write {
                try await TechnicianRecords.save(fewer, expectedVersion: 1, at: Fixtures.now, on: $0)
            }
            #expect(second.version == 2)
            await #expect(throws: StoreError.staleVersion) {
                try await database.write {
                    try await TechnicianRecords.save(fewer, expectedVersion: 1, at: Fixtures.now, on: $0)
                }
            }
            #expect(
                try await database.read { try await TechnicianRecords.staffIDs(withSkill: "hvac", on: $0) } == [ids[1]])
            #expect(
                try await database.read { try await TechnicianRecords.staffIDs(withSkill: "cleaning", on: $0) } == [
                    ids[0]
                ])
        }
    }
}
