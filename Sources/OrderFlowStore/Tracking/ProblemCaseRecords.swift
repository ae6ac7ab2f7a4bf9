import Foundation
import OrderFlowCore
import SQLKit

/// The `problem_cases` table (R4.7): each case as one document with its
/// version for optimistic concurrency; and the technicians' assessment marks.
public enum ProblemCaseRecords {
    public static func insert(_ problem: ProblemCase, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO problem_cases (id, order_id, store_code, status, opened_at, case_json, version)
            VALUES (\(bind: problem.id.uuidString), \(bind: problem.orderID.uuidString), \(bind: problem.storeCode),
                    \(bind: problem.status.rawValue), \(bind: problem.openedAt.epochMilliseconds),
                    \(bind: try JSONCoding.string(problem)), \(bind: Int64(problem.version)))
            """
        ).run()
    }

    /// Cases as documents: found by id, by order (oldest first), opened in a period.
    public static let documents = DocumentTable<ProblemCase>("problem_cases", document: "case_json", time: "opened_at")

    /// Saves `problem` over the version it was read at; a stale write is refused.
    public static func update(_ problem: ProblemCase, expectedVersion: Int, on db: any SQLDatabase) async throws
        -> ProblemCase
    {
        try await documents.update(
            problem, expectedVersion: expectedVersion, setting: ["status = \(bind: problem.status.rawValue)"], on: db)
    }

    /// Cases of these stores (nil: all), open ones or all, newest first.
    public static func list(
        stores: Set<String>?, openOnly: Bool, limit: Int, on db: any SQLDatabase
    ) async throws -> [ProblemCase] {
        try await documents.documents(
            where: openOnly ? ["status = 'open'"] : [], stores: stores, orderBy: "opened_at DESC, id", limit: limit,
            on: db)
    }

    /// Records the mark once per technician and case.
    public static func mark(_ mark: AssessmentMark, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO assessment_marks (id, staff_id, case_id, order_number, kind, points, note, at)
            VALUES (\(bind: mark.id.uuidString), \(bind: mark.staffID.uuidString), \(bind: mark.caseID.uuidString),
                    \(bind: mark.orderNumber), \(bind: mark.kind.rawValue), \(bind: Int64(mark.points)), \(bind: mark.note),
                    \(bind: mark.at.epochMilliseconds))
            ON CONFLICT (staff_id, case_id) DO NOTHING
            """
        ).run()
    }

    public static func marks(of staffID: UUID, on db: any SQLDatabase) async throws -> [AssessmentMark] {
        try await db.raw(
            "SELECT * FROM assessment_marks WHERE staff_id = \(bind: staffID.uuidString) ORDER BY at DESC, id"
        ).all().map { row in
            AssessmentMark(
                id: try row.uuid("id"), staffID: try row.uuid("staff_id"), caseID: try row.uuid("case_id"),
                orderNumber: try row.text("order_number"), kind: try row.enum("kind", as: ProblemKind.self),
                points: Int(try row.int("points")), note: try row.text("note"), at: try row.instant("at"))
        }
    }
}
