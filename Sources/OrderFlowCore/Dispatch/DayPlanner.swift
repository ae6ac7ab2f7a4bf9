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
    /// Per technician: the jobs it is eligible for (the same facts, the other way round).
    let eligibleFor: [[Int]]
    /// A job's index by its order number, built once: the re-optimisation
    /// and the ejection ask it for every booking, many times a solve.
    let indexByNumber: [String: Int]
    /// Per job: whether it is done at the customer's (read in the innermost loop).
    let onSite: [Bool]
    /// Per job: its kind (same store, same skills), numbered from 0; and per
    /// kind, one job of it. Technicians refuse a kind for the same reasons.
    let kindOf: [Int]
    let exampleOfKind: [Int]
    var assigned: [Int?]
    var starts: [Date?]
    /// The Lagrangian bound of the last optimisation: no plan of these jobs
    /// on these days is worth more (for reporting how close the plan is).
    var lastBound: Double = .infinity

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
        // Jobs of one store needing the same skills share their list; the
        // technicians' facts are read once rather than once per job.
        let working = technicians.map { $0.shift != nil }
        let stores = technicians.map(\.storeCodes)
        let skills = technicians.map { Set($0.skills.keys) }
        var byNeed: [String: (kind: Int, technicians: [Int])] = [:]
        var kindOf: [Int] = []
        var exampleOfKind: [Int] = []
        eligible = jobs.indices.map { index in
            let job = jobs[index]
            let need = job.storeCode + "|" + job.requiredSkills.sorted().joined(separator: ",")
            if let known = byNeed[need] {
                kindOf.append(known.kind)
                return known.technicians
            }
            let found = technicians.indices.filter { index in
                working[index] && stores[index].contains(job.storeCode)
                    && job.requiredSkills.isSubset(of: skills[index])
            }
            byNeed[need] = (exampleOfKind.count, found)
            kindOf.append(exampleOfKind.count)
            exampleOfKind.append(index)
            return found
        }
        self.kindOf = kindOf
        self.exampleOfKind = exampleOfKind
        var eligibleFor: [[Int]] = Array(repeating: [], count: technicians.count)
        for index in jobs.indices { for technician in eligible[index] { eligibleFor[technician].append(index) } }
        self.eligibleFor = eligibleFor
        indexByNumber = Dictionary(jobs.indices.map { (jobs[$0].number, $0) }, uniquingKeysWith: { first, _ in first })
        onSite = jobs.map(\.onSite)
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

    /// Places every waiting job that fits somewhere as the day now stands.
    mutating func fillWaiting() {
        for index in jobs.indices where assigned[index] == nil {
            if let best = bestTwo(index).0 { book(index, best) }
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

    /// One pass of ejection: a job left over takes a technician's slot when
    /// what it brings beats what the jobs in its way bring (weighted interval
    /// scheduling: one long job can block two urgent ones); those jobs then
    /// look for another technician. True when anything changed.
    mutating func eject() -> Bool {
        var improved = false
        let waiting = jobs.indices.filter { assigned[$0] == nil }.sorted {
            weights.unassignedCost(jobs[$0]) > weights.unassignedCost(jobs[$1])
        }
        for index in waiting where assigned[index] == nil {
            let job = jobs[index]
            var bestGain = 1e-9
            var bestMove: (technician: Int, start: Date, victims: [Int])?
            for technician in eligible[index] {
                guard let shift = days[technician].shift else { continue }
                for start in Set([job.window.start, job.latestStart, shift.start]).sorted()
                where start >= job.window.start && start <= job.latestStart && start >= shift.start
                    && start.addingTimeInterval(job.duration) <= shift.end
                {
                    let end = start.addingTimeInterval(job.duration)
                    let clashing = days[technician].bookings.filter { booking in
                        let gap = booking.onSite || job.onSite ? settings.travelBuffer : 0
                        return start < booking.end.addingTimeInterval(gap)
                            && booking.start < end.addingTimeInterval(gap)
                    }
                    let victims = clashing.compactMap { indexByNumber[$0.orderNumber] }
                    // Bookings made before this plan are not ours to move.
                    guard victims.count == clashing.count else { continue }
                    var freed = days[technician]
                    freed.bookings.removeAll { booking in clashing.contains { $0.orderNumber == booking.orderNumber } }
                    let cost = ScoreBreakdown.of(job, on: freed, at: start, weights: weights).total
                    let lost = victims.reduce(0.0) { sum, victim in
                        let current =
                            starts[victim].map {
                                ScoreBreakdown.of(jobs[victim], on: without(victim), at: $0, weights: weights).total
                            } ?? 0
                        return sum + weights.unassignedCost(jobs[victim]) - current
                    }
                    let gain = weights.unassignedCost(job) - cost - lost
                    if gain > bestGain {
                        bestGain = gain
                        bestMove = (technician, start, victims)
                    }
                }
            }
            guard let move = bestMove else { continue }
            for victim in move.victims { unbook(victim) }
            book(index, Option(technician: move.technician, start: move.start, cost: 0))
            for victim in move.victims {
                if let best = bestTwo(victim).0 { book(victim, best) }
            }
            improved = true
        }
        return improved
    }

    /// One pass of per-technician re-optimisation: for each technician in
    /// turn, choose exactly (weighted interval scheduling, by dynamic
    /// programming) which of its own jobs and the waiting jobs it could take
    /// it should do; the jobs it lets go wait for the next technician. Each
    /// step is optimal for that technician given the others, so the day only
    /// gets better. Jobs keep their current start, waiting ones the earliest.
    mutating func reoptimiseTechnicians() -> Bool {
        var improved = false
        // Each technician's own jobs, gathered in one pass over the jobs (kept up to date below).
        var mineOf: [[Int]] = Array(repeating: [], count: days.count)
        for index in jobs.indices { if let technician = assigned[index] { mineOf[technician].append(index) } }
        for technician in days.indices {
            guard let shift = days[technician].shift else { continue }
            let fixed = days[technician].bookings.filter { indexByNumber[$0.orderNumber] == nil }
            let mine = mineOf[technician]
            var pool: [Slot] = []
            var empty = days[technician]
            empty.bookings = fixed
            for index in mine + eligibleFor[technician].filter({ assigned[$0] == nil }) {
                let job = jobs[index]
                let start = starts[index] ?? max(job.window.start, shift.start)
                let end = start.addingTimeInterval(job.duration)
                guard start <= job.latestStart, start >= job.window.start, start >= shift.start, end <= shift.end,
                    !fixed.contains(where: { booking in
                        let gap = booking.onSite || job.onSite ? settings.travelBuffer : 0
                        return start < booking.end.addingTimeInterval(gap)
                            && booking.start < end.addingTimeInterval(gap)
                    })
                else { continue }
                let score = ScoreBreakdown.of(job, on: empty, at: start, weights: weights)
                pool.append(
                    Slot(
                        job: index, start: start, end: end,
                        worth: weights.unassignedCost(job) - (score.total - score.workload)))
            }
            pool.sort { ($0.end, $0.job) < ($1.end, $1.job) }
            let chosen = Set(bestSchedule(pool, value: \.worth).map { pool[$0].job })
            let current = Set(mine)
            guard chosen != current else { continue }
            let currentWorth = pool.filter { current.contains($0.job) }.reduce(0) { $0 + $1.worth }
            let chosenWorth = pool.filter { chosen.contains($0.job) }.reduce(0) { $0 + $1.worth }
            guard chosenWorth > currentWorth + 1e-9 else { continue }
            for index in mine { unbook(index) }
            mineOf[technician] = []
            for slot in pool where chosen.contains(slot.job) {
                book(slot.job, Option(technician: technician, start: slot.start, cost: 0))
                mineOf[technician].append(slot.job)
            }
            improved = true
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
        // Why each technician can never take each kind of job (other store,
        // a missing skill, off that day): once per kind, not once per job.
        let standing: [[Unplaceable?]] = exampleOfKind.map { example in
            let able = Set(eligible[example])
            return days.indices.map { technician in
                guard !able.contains(technician),
                    case .failure(let why) = DispatchRules.placement(
                        of: jobs[example], on: days[technician], settings: settings)
                else { return nil }
                return why
            }
        }
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
                        // Not after `fillWaiting`: a job that fits anywhere is placed.
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
                    runnersUp: runnersUp(index, standing: standing[kindOf[index]])))
        }
        total += days.reduce(0) { sum, day in
            let hours = Double(day.bookedMinutes) / 60
            return sum + weights.workload * hours * hours / 2
        }
        return DispatchSolver.DayPlan(decisions: decisions, technicians: days, totalCost: total)
    }

    /// Every other technician of the day, as the one-order suggestion gives
    /// them (R3.2): up to three who could also have taken the job, best
    /// first, then each one who could not, with why (their day as planned:
    /// booked then, off shift, lacking the skill …).
    func runnersUp(_ index: Int, standing: [Unplaceable?]) -> [DispatchSolver.RunnerUp] {
        guard let chosen = assigned[index] else { return [] }
        // Only the chosen technician's day holds this job, and it is the one
        // left out: every other day is read as it stands, without copying
        // the planner (that copy was a seventh of a solve).
        var costlier: [DispatchSolver.Candidate] = []
        var excluded: [DispatchSolver.RunnerUp] = []
        for technician in days.indices where technician != chosen {
            if let why = standing[technician] {
                excluded.append(.excluded(staffID: days[technician].staffID, why))
                continue
            }
            let day = days[technician]
            switch DispatchRules.placement(of: jobs[index], on: day, settings: settings) {
            case .success(let start):
                costlier.append(
                    DispatchSolver.Candidate(
                        staffID: day.staffID, start: start,
                        score: .of(jobs[index], on: day, at: start, weights: weights)))
            case .failure(let why):
                excluded.append(.excluded(staffID: day.staffID, why))
            }
        }
        return costlier.sorted { $0.score.total < $1.score.total }.prefix(3).map(DispatchSolver.RunnerUp.costlier)
            + excluded
    }
}
