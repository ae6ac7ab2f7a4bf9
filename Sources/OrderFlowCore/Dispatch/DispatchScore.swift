import Foundation

/// What a store manager can tune about automatic dispatch (R3.2): how much
/// each soft objective weighs. Hard constraints are not here: they are never
/// traded against anything.
public struct DispatchWeights: Hashable, Codable, Sendable {
    /// Spreads the work: a job costs this × the hours the technician is
    /// already booked that day × the job's hours, so the day's total is
    /// this × Σ hours² / 2 over technicians, lowest when loads are even.
    public var workload: Double
    /// Per level the technician falls short of the job's complexity.
    public var experience: Double
    /// Taken off when the technician served this customer before.
    public var continuity: Double
    /// Per hour the start falls after the beginning of the customer's window.
    public var lateness: Double
    /// Per job left unassigned; urgent jobs count three times, key customers twice (R3.3).
    public var unassigned: Double
    /// Spreads the week: a job costs this × the hours booked on the
    /// technician's other days of the week × the job's hours.
    public var weeklyWorkload: Double

    public init(
        workload: Double = 1, experience: Double = 2, continuity: Double = 3, lateness: Double = 0.5,
        unassigned: Double = 100, weeklyWorkload: Double = 0.05
    ) {
        self.workload = workload
        self.weeklyWorkload = weeklyWorkload
        self.experience = experience
        self.continuity = continuity
        self.lateness = lateness
        self.unassigned = unassigned
    }

    /// The cost of leaving `job` in the queue.
    public func unassignedCost(_ job: DispatchJob) -> Double {
        unassigned * (job.priority == .urgent ? 3 : 1) * (job.keyCustomer ? 2 : 1)
    }
}

/// One candidate's cost, part by part, so that every automatic choice can be
/// explained (R3.2). Lower is better.
public struct ScoreBreakdown: Hashable, Codable, Sendable {
    public var workload: Double
    public var experience: Double
    public var continuity: Double
    public var lateness: Double
    public var weeklyWorkload: Double

    public init(workload: Double, experience: Double, continuity: Double, lateness: Double, weeklyWorkload: Double = 0)
    {
        self.workload = workload
        self.experience = experience
        self.continuity = continuity
        self.lateness = lateness
        self.weeklyWorkload = weeklyWorkload
    }

    public var total: Double { workload + experience - continuity + lateness + weeklyWorkload }

    /// The cost of `technician` doing `job` from `start`.
    public static func of(
        _ job: DispatchJob, on technician: TechnicianDay, at start: Date, weights: DispatchWeights
    ) -> ScoreBreakdown {
        let level = job.requiredSkills.compactMap { technician.skills[$0]?.level }.min() ?? 5
        return ScoreBreakdown(
            workload: weights.workload * Double(technician.bookedMinutes) / 60 * job.duration / 3600,
            experience: weights.experience * Double(max(0, job.complexity - level)),
            continuity: job.previousTechnician == technician.staffID ? weights.continuity : 0,
            lateness: weights.lateness * max(0, start.timeIntervalSince(job.window.start)) / 3600,
            weeklyWorkload: weights.weeklyWorkload * Double(technician.weekBookedMinutes) / 60 * job.duration / 3600)
    }
}
