import Foundation
import OrderFlowCore
import Testing

@Suite("Tracking: the running stage from the timeline (R4.1, R4.4)")
struct StageTimelineTests {
    let t0 = Date(timeIntervalSince1970: 1_796_090_400)

    func entry(_ type: OrderEventType, _ minutes: Double, confirmed: Bool = false) -> StageTimeline.Entry {
        StageTimeline.Entry(type: type, at: t0.addingTimeInterval(minutes * 60), contactConfirmed: confirmed)
    }

    @Test("R4.4 each stage starts with the event that ends the one before")
    func stages() {
        var entries = [entry(.received, 0), entry(.reviewRequested, 0)]
        #expect(StageTimeline.current(after: entries) == .init(stage: .review, since: t0))
        entries.append(entry(.approved, 30))
        #expect(StageTimeline.current(after: entries)?.stage == .dispatch)
        entries.append(entry(.assigned, 90))
        #expect(StageTimeline.current(after: entries)?.stage == .customerContact)
        // An unanswered call does not end the contact stage; a confirmation does.
        entries.append(entry(.contactLogged, 100))
        #expect(StageTimeline.current(after: entries)?.stage == .customerContact)
        entries.append(entry(.contactLogged, 110, confirmed: true))
        #expect(StageTimeline.current(after: entries) == .init(stage: .arrival, since: t0.addingTimeInterval(110 * 60)))
        entries += [entry(.checklistTicked, 120), entry(.checkedIn, 300)]
        #expect(StageTimeline.current(after: entries)?.stage == .service)
        entries += [entry(.serviceRecorded, 380), entry(.checkedOut, 390)]
        #expect(StageTimeline.current(after: entries)?.stage == .deliveryReport)
    }

    @Test("withdrawing an assignment restarts dispatch; cancelling stops every clock")
    func backAndStop() {
        let withdrawn = [entry(.received, 0), entry(.autoConfirmed, 0), entry(.assigned, 20), entry(.unassigned, 40)]
        #expect(
            StageTimeline.current(after: withdrawn) == .init(stage: .dispatch, since: t0.addingTimeInterval(40 * 60)))
        #expect(StageTimeline.current(after: withdrawn + [entry(.cancelled, 50)]) == nil)
    }
}

@Suite("Tracking: pauses in the timeline (R4.4)")
struct StagePauseTests {
    let t0 = Date(timeIntervalSince1970: 1_796_090_400)

    func entry(_ type: OrderEventType, _ minutes: Double, reason: String = "") -> StageTimeline.Entry {
        StageTimeline.Entry(type: type, at: t0.addingTimeInterval(minutes * 60), reason: reason)
    }

    @Test("R4.4 a pause belongs to the running stage; resuming closes it; a new stage starts without pauses")
    func pauses() {
        var entries = [entry(.received, 0), entry(.autoConfirmed, 0), entry(.clockPaused, 10, reason: "客户出差")]
        let paused = StageTimeline.current(after: entries)
        #expect(paused?.isPaused == true)
        #expect(paused?.pauses.first?.reason == "客户出差")
        // A second pause while paused changes nothing.
        entries.append(entry(.clockPaused, 20, reason: "again"))
        #expect(StageTimeline.current(after: entries)?.pauses.count == 1)
        entries.append(entry(.clockResumed, 70))
        let resumed = StageTimeline.current(after: entries)
        #expect(resumed?.isPaused == false)
        #expect(resumed?.pauses.first?.until == t0.addingTimeInterval(70 * 60))
        entries.append(entry(.assigned, 90))
        #expect(StageTimeline.current(after: entries)?.pauses.isEmpty == true)
    }
}
