import Foundation
import OrderFlowCore
import Testing

@Suite("Dispatch: automatic assignment (R3.1–R3.3)")
struct DispatchSolverTests {
    static let at = DispatchRulesTests.at

    static func technician(_ skills: [String], shift: (Double, Double) = (9, 18)) -> TechnicianDay {
        TechnicianDay(
            staffID: UUID(), storeCodes: ["SH01"],
            skills: Dictionary(
                uniqueKeysWithValues: skills.map { ($0, TechnicianSkill(skill: $0, level: 3, yearsOfExperience: 3)) }),
            shift: AppointmentWindow(start: at(shift.0), end: at(shift.1)))
    }

    @Test("R3.2 the day mode places the job with no other option first; first come, first served would not")
    func wholeDayBeatsFirstComeFirstServed() {
        let generalist = Self.technician(["hvac", "gas"])
        let specialist = Self.technician(["hvac"])
        // Both at 10:00–11:30; only the generalist can do the gas job.
        let hvac = DispatchRulesTests.job("A", from: 10, to: 10, minutes: 90, skills: ["hvac"])
        let gas = DispatchRulesTests.job("B", from: 10, to: 10, minutes: 90, skills: ["gas"])
        let plan = DispatchSolver.assignDay([hvac, gas], technicians: [generalist, specialist])
        let chosen = Dictionary(uniqueKeysWithValues: plan.decisions.map { ($0.job.number, $0.chosen?.staffID) })
        #expect(chosen["B"] == generalist.staffID)
        #expect(chosen["A"] == specialist.staffID)
        // Had A gone to the generalist first (as taking orders one by one in
        // arrival order may do), B would have nobody.
        var busy = generalist
        busy.bookings = [Booking(orderNumber: "A", start: Self.at(10), end: Self.at(11.5), onSite: true)]
        #expect(DispatchSolver.assignOne(gas, technicians: [busy, specialist]).chosen == nil)
        #expect(plan.totalCost < DispatchWeights().unassigned)
    }

    @Test("R3.2 every placement of a day plan explains itself: who else could, and why the others could not")
    func dayPlanRunnersUp() {
        let generalist = Self.technician(["hvac", "gas"])
        let specialist = Self.technician(["hvac"])
        let hvac = DispatchRulesTests.job("A", from: 10, to: 10, minutes: 90, skills: ["hvac"])
        let gas = DispatchRulesTests.job("B", from: 10, to: 10, minutes: 90, skills: ["gas"])
        let plan = DispatchSolver.assignDay([hvac, gas], technicians: [generalist, specialist])
        for decision in plan.decisions {
            // The one other technician is named, with the reason they were not chosen.
            #expect(decision.runnersUp.count == 1, "\(decision.job.number)")
            guard case .excluded(let staffID, let why) = decision.runnersUp.first else {
                Issue.record("\(decision.job.number): the other technician was free, yet not chosen")
                continue
            }
            #expect(staffID != decision.chosen?.staffID)
            #expect(!why.violations.isEmpty)
        }
        // With room for both, the other is a costlier option with its score.
        let early = DispatchRulesTests.job("C", from: 9, to: 9, minutes: 60, skills: ["hvac"])
        let roomy = DispatchSolver.assignDay([early], technicians: [generalist, specialist])
        guard case .costlier(let candidate) = roomy.decisions.first?.runnersUp.first else {
            Issue.record("no costlier runner-up")
            return
        }
        #expect(candidate.staffID != roomy.decisions.first?.chosen?.staffID)
    }

    @Test("R3.2 equal work spreads evenly; the customer's previous technician is preferred")
    func softObjectives() {
        let one = Self.technician(["cleaning"])
        let two = Self.technician(["cleaning"])
        let jobs = (0..<4).map { index in
            DispatchRulesTests.job(
                "J\(index)", from: 9 + Double(index) * 2, to: 10 + Double(index) * 2, minutes: 60, skills: ["cleaning"])
        }
        let plan = DispatchSolver.assignDay(jobs, technicians: [one, two])
        #expect(plan.technicians.map(\.bookings.count) == [2, 2])

        var returning = DispatchRulesTests.job("R", skills: ["cleaning"])
        returning.previousTechnician = two.staffID
        let decision = DispatchSolver.assignOne(returning, technicians: [one, two])
        #expect(decision.chosen?.staffID == two.staffID)
        #expect(decision.chosen?.score.continuity == DispatchWeights().continuity)
        #expect(decision.runnersUp.count == 1)
    }

    @Test("R3.1 a job nobody can take says why for each technician")
    func unplaceable() {
        let plan = DispatchSolver.assignDay(
            [DispatchRulesTests.job("G", skills: ["gas"])], technicians: [Self.technician(["hvac"])])
        let decision = plan.decisions[0]
        #expect(decision.chosen == nil)
        guard case .excluded(_, let why) = decision.runnersUp.first else {
            Issue.record("no reason")
            return
        }
        #expect(why.violations == [.missingSkill("gas")])
        #expect(plan.totalCost == DispatchWeights().unassignedCost(decision.job))
    }

    /// A small deterministic generator for random days.
    struct Lcg: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test("R3.1 on random days, no plan ever breaks a hard constraint", arguments: 1...30)
    func neverBreaksHardConstraints(seed: Int) {
        var random = Lcg(state: UInt64(seed))
        let skills = ["hvac", "gas", "cleaning", "device-repair"]
        let technicians = (0..<8).map { _ in
            Self.technician(
                Array(skills.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))),
                shift: (Double(Int.random(in: 8...10, using: &random)), Double(Int.random(in: 16...20, using: &random)))
            )
        }
        let jobs = (0..<30).map { index -> DispatchJob in
            let from = Double(Int.random(in: 8...18, using: &random))
            var job = DispatchRulesTests.job(
                "J\(index)", from: from, to: from + 2, minutes: [30, 60, 90, 120].randomElement(using: &random) ?? 60,
                skills: [skills.randomElement(using: &random) ?? "hvac"], onSite: Bool.random(using: &random))
            job.priority = Int.random(in: 0..<5, using: &random) == 0 ? .urgent : .normal
            return job
        }
        let settings = DispatchSettings()
        let plan = DispatchSolver.assignDay(jobs, technicians: technicians, settings: settings)
        let byID = Dictionary(uniqueKeysWithValues: technicians.map { ($0.staffID, $0) })
        var placed = 0
        for decision in plan.decisions {
            guard let chosen = decision.chosen, let technician = byID[chosen.staffID], let shift = technician.shift
            else {
                continue
            }
            placed += 1
            let job = decision.job
            #expect(job.requiredSkills.allSatisfy { technician.skills[$0] != nil })
            #expect(chosen.start >= job.window.start && chosen.start <= job.latestStart)
            #expect(chosen.start >= shift.start && chosen.start.addingTimeInterval(job.duration) <= shift.end)
        }
        for day in plan.technicians {
            for (first, second) in zip(day.bookings, day.bookings.dropFirst()) {
                let gap = first.onSite || second.onSite ? settings.travelBuffer : 0
                #expect(
                    first.end.addingTimeInterval(gap) <= second.start, "\(first.orderNumber) / \(second.orderNumber)")
            }
        }
        #expect(placed == plan.technicians.reduce(0) { $0 + $1.bookings.count })
        #expect(placed > 0)
    }
}
