import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowApp

@Suite("Delivery: self-check, report, acceptance, rework, delivered (R5.1–R5.5)")
struct DeliveryTests {
    @Test(
        "R5.1 R5.2 a failed indicator blocks the report until justified; the report asks for acceptance within the item's period"
    )
    func selfCheckBlocksReport() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let w = try await DeliveryWorld.make(database)
            let delivery = w.service
            var draft = DeliveryWorld.draft()
            draft.selfChecks = [
                ItemSelfCheck(
                    itemCode: DispatchFixtures.acCleanPrepared.code,
                    check: SelfCheck(results: [.init(code: "airflow", passed: false)]))
            ]
            do {
                _ = try await delivery.submitReport(draft, on: w.order.number, ifMatch: nil, by: w.technician)
                Issue.record("a failed, unjustified indicator must block the report")
            } catch AppError.invalid(let problems) {
                #expect(
                    Set(problems.map(\.field))
                        == ["selfChecks.AC-CLEAN.airflow", "selfChecks.AC-CLEAN.no-leak"])
                #expect(Set(problems.map(\.code)) == ["selfCheck.failed", "selfCheck.missing"])
            }
            #expect(try await w.order().status == .inService)
            draft.selfChecks = [
                ItemSelfCheck(
                    itemCode: DispatchFixtures.acCleanPrepared.code,
                    check: SelfCheck(results: [
                        .init(code: "airflow", passed: false, justification: "客户要求保留原滤网"),
                        .init(code: "no-leak", passed: true),
                    ]))
            ]
            let report = try await delivery.submitReport(draft, on: w.order.number, ifMatch: nil, by: w.technician)
            #expect(report.round == 1 && report.status == .awaiting)
            #expect(report.acceptanceDueAt == w.now.addingTimeInterval(48 * 3600))
            #expect(try await w.order().status == .awaitingAcceptance)
            #expect(try await w.eventTypes().last == "delivery.reportSubmitted")
            // Another technician of the store may not report on this job.
            await #expect(throws: AppError.self) {
                try await delivery.submitReport(
                    DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.world.technician("sh.tech2"))
            }
        }
    }

    @Test(
        "R5.3 R5.5 signed on the technician's device: accepted, delivered with time and method; a second answer is refused"
    )
    func signedOnDevice() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let w = try await DeliveryWorld.make(database)
            let delivery = w.service
            _ = try await delivery.submitReport(
                DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.technician)
            let signed = AcceptanceRequest(decision: .accepted, via: .technicianDevice, signerName: "王先生")
            // No signature, a JPEG, or a huge PNG: refused, nothing recorded.
            await #expect(throws: AppError.self) {
                try await delivery.decide(signed, signature: nil, on: w.order.number, by: w.technician)
            }
            await #expect(throws: AppError.self) {
                try await delivery.decide(signed, signature: SampleFiles.jpeg, on: w.order.number, by: w.technician)
            }
            let huge = SampleFiles.png + Data(repeating: 0, count: 300 * 1024)
            await #expect(throws: AppError.self) {
                try await delivery.decide(signed, signature: huge, on: w.order.number, by: w.technician)
            }
            #expect(try await w.order().status == .awaitingAcceptance)
            #expect(try await delivery.delivery(w.order.number, by: w.technician).attachments.isEmpty)

            let report = try await delivery.decide(
                signed, signature: SampleFiles.png, on: w.order.number, by: w.technician)
            #expect(report.status == .accepted && report.acceptance?.via == .technicianDevice)
            let view = try await delivery.delivery(w.order.number, by: w.technician)
            let signature = try #require(report.acceptance?.signatureID.flatMap(view.attachment))
            #expect(signature.kind == .signature && signature.type == .png)
            #expect(try await delivery.attachment(signature.id, by: w.technician).1 == SampleFiles.png)
            #expect(try await w.order().status == .delivered)
            #expect(try await w.eventTypes().suffix(2) == ["delivery.accepted", "delivery.delivered"])
            let delivered = try await database.read { try await EventLog.events(of: w.order.id, on: $0) }.last
            let payload = try #require(delivered.flatMap(TimelineEntry.of)?.payload[DeliveryPayload.self])
            #expect(payload.method == .onSite && payload.deliveredAt == w.now)

            await #expect(throws: AppError.self) {
                try await delivery.decide(
                    AcceptanceRequest(decision: .rejected, via: .customerLink, reasons: "改主意"),
                    trackingToken: w.token)
            }
            #expect(try await delivery.delivery(w.order.number, by: w.technician).reports.count == 1)
            // The technician checks out after the signature.
            _ = try await w.world.jobs(at: w.now).record(
                .checkOut(location: nil), on: w.order.number, ifMatch: nil, by: w.technician)
        }
    }

    @Test(
        "R5.4 a rejection through the link opens rework counted per technician; another technician reports again; accepted"
    )
    func reworkAfterRejection() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let w = try await DeliveryWorld.make(database)
            let delivery = w.service
            _ = try await delivery.submitReport(
                DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.technician)
            await #expect(throws: AppError.self) {
                try await delivery.decide(
                    AcceptanceRequest(decision: .rejected, via: .customerLink, reasons: " "), trackingToken: w.token)
            }
            let photo = try await delivery.upload(
                SampleFiles.jpeg, declaredType: "image/jpeg", fileName: "leak.jpg", trackingToken: w.token)
            let rejected = try await delivery.decide(
                AcceptanceRequest(
                    decision: .rejected, via: .technicianDevice, reasons: "内机仍有滴水", photoIDs: [photo.id]),
                trackingToken: w.token)
            #expect(rejected.status == .rejected && rejected.acceptance?.via == .customerLink)
            #expect(try await w.order().status == .rework)
            let tech1 = w.world.member("sh.tech1").id
            let counts = try await database.read {
                try await DeliveryReportRecords.reworkCounts(
                    stores: ["SH01"], from: Fixtures.now, before: w.now.addingTimeInterval(1), on: $0)
            }
            #expect(counts == [tech1: 1])
            #expect(try await w.eventTypes().suffix(2) == ["delivery.rejected", "delivery.reworkAssigned"])
            // The store gives the rework to sh.tech2 (not to a Beijing technician).
            let manager = DispatchFixtures.manager
            await #expect(throws: AppError.self) {
                try await delivery.assignRework([w.world.member("bj.tech").id], on: w.order.number, by: manager)
            }
            await #expect(throws: AppError.self) {
                try await delivery.assignRework(
                    [w.world.member("sh.tech2").id], on: w.order.number, by: w.world.technician("sh.tech1"))
            }
            try await delivery.assignRework([w.world.member("sh.tech2").id], on: w.order.number, by: manager)
            await #expect(throws: AppError.self) {
                try await delivery.submitReport(
                    DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.technician)
            }
            w.advance(3600)
            let second = try await delivery.submitReport(
                DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.world.technician("sh.tech2"))
            #expect(second.round == 2 && second.technicianIDs == [w.world.member("sh.tech2").id])
            _ = try await delivery.decide(
                AcceptanceRequest(decision: .accepted, via: .customerLink), trackingToken: w.token)
            let view = try await delivery.delivery(w.order.number, by: manager)
            #expect(view.reworkCount == 1 && view.accepted?.round == 2)
            #expect(try await w.order().status == .delivered)
        }
    }

    @Test(
        "R5.3 a lapsed period: 'accept' delivers the order; 'escalate' makes a follow-up and refuses a late answer by link"
    )
    func lapsedPeriod() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let w = try await DeliveryWorld.make(database)
            let delivery = w.service
            let manager = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
                .init(
                    username: "sh.manager", displayName: "周经理", password: nil,
                    grants: [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))]), by: Fixtures.administrator)
            #expect(try await delivery.lapseAction(storeCode: "SH01", by: .staff(manager)) == .escalate)
            await #expect(throws: AppError.self) {
                try await delivery.setLapseAction(.accept, storeCode: "SH01", by: w.technician)
            }
            _ = try await delivery.submitReport(
                DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.technician)
            // Within the period the customer answers; staff may not write it down for them.
            do {
                _ = try await delivery.decide(
                    AcceptanceRequest(decision: .accepted, via: .staffOnBehalf, signerName: "王先生"), signature: nil,
                    on: w.order.number, by: .staff(manager))
                Issue.record("an answer by phone before an escalated lapse must be refused")
            } catch AppError.conflict(let code, _) {
                #expect(code == "acceptance.notEscalated")
            }
            #expect(
                try await AcceptanceLapses.handle(
                    database: database, environment: w.clock.environment, logger: TestDatabase.logger)
                    == 0)
            w.advance(48 * 3600 + 1)
            #expect(
                try await AcceptanceLapses.handle(
                    database: database, environment: w.clock.environment, logger: TestDatabase.logger)
                    == 1)
            #expect(
                try await AcceptanceLapses.handle(
                    database: database, environment: w.clock.environment, logger: TestDatabase.logger)
                    == 0)
            #expect(try await w.order().status == .awaitingAcceptance)
            let followUps = try await TrackingService(database: database, logger: TestDatabase.logger)
                .followUps(ofOrder: w.order)
            #expect(followUps.contains { $0.origin == "rule.acceptanceLapsed" && $0.ownerID == manager.id })
            do {
                _ = try await delivery.decide(
                    AcceptanceRequest(decision: .accepted, via: .customerLink), trackingToken: w.token)
                Issue.record("an answer after the period must be refused")
            } catch AppError.conflict(let code, _) {
                #expect(code == "acceptance.periodOver")
            }
            // The manager reaches the customer and writes down their answer.
            let byPhone = try await delivery.decide(
                AcceptanceRequest(decision: .accepted, via: .staffOnBehalf, signerName: "王先生（电话）"), signature: nil,
                on: w.order.number, by: .staff(manager))
            #expect(byPhone.acceptance?.via == .staffOnBehalf)
            #expect(try await w.order().status == .delivered)

            // Another order, with the store set to accept on lapse.
            try await delivery.setLapseAction(.accept, storeCode: "SH01", by: .staff(manager))
            let second = try await w.world.confirmedOrder(phone: "13912345678", daysAhead: 1, hour: 14)
            _ = try await w.world.dispatch().assign(
                second.number, AssignmentRequest(target: .technician(w.world.member("sh.tech1").id), reason: "x"),
                ifMatch: nil, by: DispatchFixtures.dispatcher)
            _ = try await w.world.jobs(at: Fixtures.shanghai(daysAfterNow: 1, hour: 13, minute: 30)).record(
                .checkIn(location: nil), on: second.number, ifMatch: nil, by: w.technician)
            _ = try await delivery.submitReport(
                DeliveryWorld.draft(), on: second.number, ifMatch: nil, by: w.technician)
            w.advance(48 * 3600 + 1)
            #expect(
                try await AcceptanceLapses.handle(
                    database: database, environment: w.clock.environment, logger: TestDatabase.logger)
                    == 1)
            let secondView = try await delivery.delivery(second.number, by: .staff(manager))
            #expect(secondView.accepted?.acceptance?.via == .lapsed)
            #expect(secondView.order.status == .delivered)
        }
    }

    @Test(
        "R5.2 attachments are checked by their bytes, stored outside the database once, and read only by who may read the order"
    )
    func attachments() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let w = try await DeliveryWorld.make(database)
            let delivery = w.service
            let photo = try await delivery.upload(
                SampleFiles.jpeg, kind: .photo, declaredType: "image/jpeg", fileName: "../../etc/before.jpg",
                to: w.order.number, by: w.technician)
            #expect(photo.fileName == "before.jpg" && photo.type == .jpeg && photo.sizeBytes == SampleFiles.jpeg.count)
            let again = try await delivery.upload(
                SampleFiles.jpeg, kind: .photo, declaredType: nil, fileName: "x.jpg", to: w.order.number,
                by: w.technician)
            #expect(again.id == photo.id)
            let document = try await delivery.upload(
                SampleFiles.pdf, kind: .document, declaredType: "application/pdf", fileName: "test.pdf",
                to: w.order.number, by: DispatchFixtures.manager)
            #expect(document.type == .pdf)
            for (data, kind, declared) in [
                (SampleFiles.pdf, AttachmentKind.photo, "application/pdf"),
                (SampleFiles.jpeg, .photo, "image/png"),
                (Data("hello".utf8), .document, "text/plain"),
                (Data(), .photo, "image/jpeg"),
                (SampleFiles.jpeg + Data(repeating: 0, count: 10 * 1024 * 1024), .photo, "image/jpeg"),
            ] {
                await #expect(throws: AppError.self) {
                    try await delivery.upload(
                        data, kind: kind, declaredType: declared, fileName: nil, to: w.order.number, by: w.technician)
                }
            }
            #expect(try await delivery.delivery(w.order.number, by: w.technician).attachments.count == 2)
            let stored = try await delivery.attachment(photo.id, by: DispatchFixtures.manager)
            #expect(stored.1 == SampleFiles.jpeg)
            await #expect(throws: AppError.self) {
                try await delivery.attachment(photo.id, by: Fixtures.caller(.storeManager, stores: ["BJ01"]))
            }
            await #expect(throws: AppError.self) {
                try await delivery.attachment(photo.id, trackingToken: "not-a-link")
            }
            #expect(try await delivery.attachment(photo.id, trackingToken: w.token).1 == SampleFiles.jpeg)
            // A technician not on the job cannot add to it.
            await #expect(throws: AppError.self) {
                try await delivery.upload(
                    SampleFiles.png, kind: .photo, declaredType: nil, fileName: nil, to: w.order.number,
                    by: w.world.technician("sh.tech2"))
            }
        }
    }

    @Test("R4.4 R5.4 the stage clock runs acceptance after the report and rework after a rejection")
    func stagesFollowDelivery() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let w = try await DeliveryWorld.make(database)
            let delivery = w.service
            _ = try await delivery.submitReport(
                DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.technician)
            let tracking = TrackingService(
                database: database, environment: w.clock.environment, logger: TestDatabase.logger)
            func stage() async throws -> TrackingStage? {
                let timeline = try await database.read { try await EventLog.events(of: w.order.id, on: $0) }
                    .compactMap(TimelineEntry.of)
                return try await tracking.status(of: try await w.order(), timeline: timeline, store: Fixtures.store)?
                    .stage
            }
            #expect(try await stage() == .acceptance)
            _ = try await w.world.jobs(at: w.now).record(
                .checkOut(location: nil), on: w.order.number, ifMatch: nil, by: w.technician)
            #expect(try await stage() == .acceptance)
            _ = try await delivery.decide(
                AcceptanceRequest(decision: .rejected, via: .customerLink, reasons: "没擦干净"), trackingToken: w.token)
            #expect(try await stage() == .rework)
        }
    }
}
