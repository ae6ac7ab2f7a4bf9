import Foundation

/// Automatic assignment in Core (R3.1–R3.3): one order now, or a whole
/// day's queue at once. Hard constraints come from `DispatchRules` and are
/// never broken; among the technicians who can, the lowest cost wins
/// (`ScoreBreakdown`), and the day mode optimises the whole day rather than
/// taking orders first come, first served.
public enum DispatchSolver {
    /// A technician who could take the job, where, and at what cost.
    public struct Candidate: Hashable, Sendable {
        public var staffID: UUID
        public var start: Date
        public var score: ScoreBreakdown
    }

    /// Why one technician was not chosen: a worse score, or a hard constraint.
    public enum RunnerUp: Hashable, Sendable {
        case costlier(Candidate)
        case excluded(staffID: UUID, Unplaceable)
    }

    /// One job's outcome, with its explanation.
    public struct Decision: Hashable, Sendable {
        public var job: DispatchJob
        public var chosen: Candidate?
        /// The best few who lost, best first, then why each of the others was excluded.
        public var runnersUp: [RunnerUp]
    }

    /// The best technician for one order now, given everyone's day so far.
    public static func assignOne(
        _ job: DispatchJob, technicians: [TechnicianDay], settings: DispatchSettings = DispatchSettings(),
        weights: DispatchWeights = DispatchWeights()
    ) -> Decision {
        var feasible: [Candidate] = []
        var excluded: [RunnerUp] = []
        for technician in technicians {
            switch DispatchRules.placement(of: job, on: technician, settings: settings) {
            case .success(let start):
                feasible.append(
                    Candidate(
                        staffID: technician.staffID, start: start,
                        score: .of(job, on: technician, at: start, weights: weights)))
            case .failure(let reasons):
                excluded.append(.excluded(staffID: technician.staffID, reasons))
            }
        }
        feasible.sort { ($0.score.total, $0.staffID.uuidString) < ($1.score.total, $1.staffID.uuidString) }
        guard let best = feasible.first else { return Decision(job: job, chosen: nil, runnersUp: excluded) }
        return Decision(
            job: job, chosen: best, runnersUp: feasible.dropFirst().prefix(3).map(RunnerUp.costlier) + excluded)
    }

    /// A whole day: every decision, the technicians' days as planned, and the total cost.
    public struct DayPlan: Sendable {
        public var decisions: [Decision]
        public var technicians: [TechnicianDay]
        public var totalCost: Double
    }

    /// Plans a day's queue: a Lagrangian relaxation prices the jobs so that
    /// each technician's exact best schedule fits the others' (R3.3's
    /// priorities are in the prices through the unassigned costs), repaired
    /// into a plan; then per-technician re-optimisation, ejection (a waiting
    /// job displaces cheaper ones, which look elsewhere) and relocation
    /// improve the whole day while any move lowers the total cost.
    public static func assignDay(
        _ jobs: [DispatchJob], technicians: [TechnicianDay], settings: DispatchSettings = DispatchSettings(),
        weights: DispatchWeights = DispatchWeights(), improvementPasses: Int = 3
    ) -> DayPlan {
        var planner = DayPlanner(jobs: jobs, technicians: technicians, settings: settings, weights: weights)
        planner.lagrangian()
        for _ in 0..<improvementPasses {
            let reoptimised = planner.reoptimiseTechnicians()
            let ejected = planner.eject()
            let relocated = planner.relocate()
            if !reoptimised && !ejected && !relocated { break }
        }
        planner.fillWaiting()
        return planner.plan()
    }
}
