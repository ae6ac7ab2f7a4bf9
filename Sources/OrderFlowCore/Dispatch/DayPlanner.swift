import Foundation

/// The day-queue optimisation behind `DispatchSolver.assignDay`. Jobs and
/// technicians are indexed; each job keeps its best and second-best option.
/// Adding a booking only ever makes that technician worse for everyone else
/// (busier, fewer free slots), so only the jobs whose best or second best
/// was that technician need looking at again.
struct DayPlanner {
    let jobs: [DispatchJob]
    var days: [TechnicianDay]
    let settings: DispatchSettings
    let weights: DispatchWeights
    /// Per job: the technicians that pass the static checks (store, skills, working that day).
    let eligible: [[Int]]
    var assigned: [Int?]
    var starts: [Date?]

    struct Option {
        var technician: Int
        var start: Date
        var cost: Double
    }

    init(jobs: [DispatchJob], technicians: [TechnicianDay], settings: DispatchSettings, weights: DispatchWeights) {
        self.jobs = jobs
        self.days = technicians
        self.settings = settings
        self.weights = weights
        eligible = jobs.map { job in
            technicians.indices.filter { index in
                let day = technicians[index]
                return day.shift != nil && day.storeCodes.contains(job.storeCode)
                    && job.requiredSkills.allSatisfy { day.skills[$0] != nil }
            }
        }
        assigned = Array(repeating: nil, count: jobs.count)
        starts = Array(repeating: nil, count: jobs.count)
    }

    /// Where job `index` could go on technician `technician` now, and its marginal cost.
    func option(_ index: Int, on technician: Int) -> Option? {
        let job = jobs[index]
        guard case .success(let start) = DispatchRules.placement(of: job, on: days[technician], settings: settings)
        else { return nil }
        let score = ScoreBreakdown.of(job, on: days[technician], at: start, weights: weights)
        return Option(technician: technician, start: start, cost: score.total)
    }

    /// The job's best and second-best options.
    func bestTwo(_ index: Int) -> (Option?, Option?) {
        var best: Option?
        var second: Option?
        for technician in eligible[index] {
            guard let candidate = option(index, on: technician) else { continue }
            if best.map({ candidate.cost < $0.cost }) ?? true {
                second = best
                best = candidate
            } else if second.map({ candidate.cost < $0.cost }) ?? true {
                second = candidate
            }
        }
        return (best, second)
    }

    mutating func book(_ index: Int, _ option: Option) {
        let job = jobs[index]
        days[option.technician].bookings.append(
            Booking(
                orderNumber: job.number, start: option.start, end: option.start.addingTimeInterval(job.duration),
                onSite: job.onSite))
        days[option.technician].bookings.sort { $0.start < $1.start }
        assigned[index] = option.technician
        starts[index] = option.start
    }

    mutating func unbook(_ index: Int) {
        guard let technician = assigned[index] else { return }
        days[technician].bookings.removeAll { $0.orderNumber == jobs[index].number }
        assigned[index] = nil
        starts[index] = nil
    }

    /// Regret insertion within R3.3's classes: urgent and key customers first;
    /// inside a class, the job with the most to lose by waiting.
    mutating func construct() {
        var options = jobs.indices.map { bestTwo($0) }
        var open = Set(jobs.indices)
        while !open.isEmpty {
            var pick: (index: Int, rank: (Int, Double))?
            for index in open {
                guard let best = options[index].0 else { continue }
                let job = jobs[index]
                let fallback = options[index].1?.cost ?? (best.cost + weights.unassignedCost(job))
                let rank = ((job.priority == .urgent ? 2 : 0) + (job.keyCustomer ? 1 : 0), fallback - best.cost)
                if pick.map({ rank > $0.rank || (rank == $0.rank && index < $0.index) }) ?? true {
                    pick = (index, rank)
                }
            }
            guard let chosen = pick, let best = options[chosen.index].0 else { break }
            book(chosen.index, best)
            open.remove(chosen.index)
            for index in open
            where options[index].0?.technician == best.technician || options[index].1?.technician == best.technician {
                options[index] = bestTwo(index)
            }
        }
    }

    /// One pass of improvement: moves a job to another technician when that
    /// lowers the day's total, and places jobs that were left over if room
    /// has appeared. True when anything changed.
    mutating func relocate() -> Bool {
        var improved = false
        for index in jobs.indices {
            guard let from = assigned[index], let start = starts[index] else {
                if let best = bestTwo(index).0 {
                    book(index, best)
                    improved = true
                }
                continue
            }
            let current = ScoreBreakdown.of(jobs[index], on: without(index), at: start, weights: weights).total
            unbook(index)
            var best = Option(technician: from, start: start, cost: current)
            for technician in eligible[index] where technician != from {
                if let candidate = option(index, on: technician), candidate.cost < best.cost - 1e-9 {
                    best = candidate
                }
            }
            book(index, best)
            if best.technician != from { improved = true }
        }
        return improved
    }

    /// The technician's day of job `index` without that job: what its cost was computed on.
    func without(_ index: Int) -> TechnicianDay {
        guard let technician = assigned[index] else { return days[0] }
        var day = days[technician]
        day.bookings.removeAll { $0.orderNumber == jobs[index].number }
        return day
    }

    func plan() -> DispatchSolver.DayPlan {
        var decisions: [DispatchSolver.Decision] = []
        var total = 0.0
        for index in jobs.indices {
            let job = jobs[index]
            guard let technician = assigned[index], let start = starts[index] else {
                total += weights.unassignedCost(job)
                let reasons = days.map { day -> DispatchSolver.RunnerUp in
                    switch DispatchRules.placement(of: job, on: day, settings: settings) {
                    case .failure(let why): .excluded(staffID: day.staffID, why)
                    case .success:
                        // Room only if another job moved: report it as taken by the day's plan.
                        .excluded(staffID: day.staffID, Unplaceable([]))
                    }
                }
                decisions.append(DispatchSolver.Decision(job: job, chosen: nil, runnersUp: reasons))
                continue
            }
            let score = ScoreBreakdown.of(job, on: without(index), at: start, weights: weights)
            total += score.total - score.workload
            decisions.append(
                DispatchSolver.Decision(
                    job: job,
                    chosen: DispatchSolver.Candidate(staffID: days[technician].staffID, start: start, score: score),
                    runnersUp: runnersUp(index)))
        }
        total += days.reduce(0) { sum, day in
            let hours = Double(day.bookedMinutes) / 60
            return sum + weights.workload * hours * hours / 2
        }
        return DispatchSolver.DayPlan(decisions: decisions, technicians: days, totalCost: total)
    }

    /// Up to three technicians who could also have taken the job, best first.
    func runnersUp(_ index: Int) -> [DispatchSolver.RunnerUp] {
        guard let chosen = assigned[index] else { return [] }
        var planner = self
        planner.unbook(index)
        return eligible[index].filter { $0 != chosen }.compactMap { technician -> DispatchSolver.Candidate? in
            guard let option = planner.option(index, on: technician) else { return nil }
            return DispatchSolver.Candidate(
                staffID: planner.days[technician].staffID, start: option.start,
                score: .of(jobs[index], on: planner.days[technician], at: option.start, weights: weights))
        }
        .sorted { $0.score.total < $1.score.total }.prefix(3).map(DispatchSolver.RunnerUp.costlier)
    }
}
