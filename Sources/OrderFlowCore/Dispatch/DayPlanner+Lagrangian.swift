import Foundation

/// The day-queue's main optimisation: Lagrangian relaxation of "each job at
/// most once". With a price λ on every job, the day splits into one weighted
/// interval-scheduling problem per technician, each solved exactly by
/// dynamic programming; prices rise on jobs several technicians want and
/// fall on jobs nobody takes, and every round's choices are repaired into a
/// plan (each job kept by the technician who values it most). The best plan
/// seen replaces the constructed one when it is better.
extension DayPlanner {
    struct Slot {
        var job: Int
        var start: Date
        var end: Date
        /// What doing the job here is worth: its unassigned cost saved, less its cost.
        var worth: Double
    }

    /// Each technician's possible jobs at their earliest start, on their day
    /// without this plan's bookings.
    func slots() -> [[Slot]] {
        let planned = Set(jobs.map(\.number))
        var byTechnician: [[Slot]] = Array(repeating: [], count: days.count)
        for index in jobs.indices {
            let job = jobs[index]
            for technician in eligible[index] {
                var day = days[technician]
                day.bookings.removeAll { planned.contains($0.orderNumber) }
                guard case .success(let start) = DispatchRules.placement(of: job, on: day, settings: settings) else {
                    continue
                }
                let score = ScoreBreakdown.of(job, on: day, at: start, weights: weights)
                byTechnician[technician].append(
                    Slot(
                        job: index, start: start, end: start.addingTimeInterval(job.duration),
                        worth: weights.unassignedCost(job) - (score.total - score.workload)))
            }
        }
        return byTechnician.map { $0.sorted { ($0.end, $0.job) < ($1.end, $1.job) } }
    }

    /// The most valuable compatible set of `slots` (sorted by end) under `value`.
    func bestSchedule(_ slots: [Slot], value: (Slot) -> Double) -> [Int] {
        var best: [Double] = []
        var previous: [Int?] = []
        for (k, slot) in slots.enumerated() {
            var total = value(slot)
            var before: Int?
            for i in 0..<k {
                let gap = jobs[slots[i].job].onSite || jobs[slot.job].onSite ? settings.travelBuffer : 0
                if slots[i].end.addingTimeInterval(gap) <= slot.start, best[i] + value(slot) > total {
                    total = best[i] + value(slot)
                    before = i
                }
            }
            best.append(total)
            previous.append(before)
        }
        guard var last = best.indices.max(by: { best[$0] < best[$1] }), best[last] > 0 else { return [] }
        var chosen: [Int] = []
        while true {
            if value(slots[last]) > 0 { chosen.append(last) }
            guard let before = previous[last] else { break }
            last = before
        }
        return chosen.reversed()
    }

    /// What the plan is worth: the unassigned costs it saves, less its costs
    /// (the workload term aside, which the final score accounts for).
    func worth() -> Double {
        jobs.indices.reduce(0.0) { sum, index in
            guard assigned[index] != nil, let start = starts[index] else { return sum }
            let score = ScoreBreakdown.of(jobs[index], on: without(index), at: start, weights: weights)
            return sum + weights.unassignedCost(jobs[index]) - (score.total - score.workload)
        }
    }

    /// Subgradient rounds with Polyak's step towards the best plan found;
    /// the repair (the expensive part) runs every few rounds.
    mutating func lagrangian(rounds: Int = 80, repairEvery: Int = 4) {
        let slots = slots()
        var price = Array(repeating: 0.0, count: jobs.count)
        var best = self
        var bestValue = worth()
        var bestBound = Double.infinity
        var theta = 1.0
        var sinceBoundImproved = 0
        for round in 0..<rounds {
            var takers: [[(technician: Int, slot: Slot)]] = Array(repeating: [], count: jobs.count)
            var bound = price.reduce(0, +)
            for technician in slots.indices {
                let line = slots[technician]
                for position in bestSchedule(line, value: { $0.worth - price[$0.job] }) {
                    takers[line[position].job].append((technician, line[position]))
                    bound += line[position].worth - price[line[position].job]
                }
            }
            if bound < bestBound - 1e-9 {
                bestBound = bound
                sinceBoundImproved = 0
            } else {
                sinceBoundImproved += 1
                if sinceBoundImproved >= 5 {
                    theta /= 2
                    sinceBoundImproved = 0
                }
            }
            if round % repairEvery == 0 || round == rounds - 1 {
                // Repair: each job to the technician who values it most (dropping
                // jobs from a compatible set keeps it compatible), then each
                // technician refills its gaps exactly from the jobs left over.
                var trial = self
                for index in jobs.indices { trial.unbook(index) }
                for (job, wanted) in takers.enumerated() {
                    guard let keeper = wanted.max(by: { $0.slot.worth < $1.slot.worth }) else { continue }
                    trial.book(job, Option(technician: keeper.technician, start: keeper.slot.start, cost: 0))
                }
                _ = trial.reoptimiseTechnicians()
                let value = trial.worth()
                if value > bestValue + 1e-9 {
                    bestValue = value
                    best = trial
                }
            }
            // Polyak's step: the gap between the bound and the best plan, over
            // the subgradient's length (jobs wanted twice, or by nobody at a price).
            let gradient = jobs.indices.map { job -> Double in
                let excess = Double(takers[job].count) - 1
                return excess < 0 && price[job] == 0 ? 0 : excess
            }
            let norm = gradient.reduce(0) { $0 + $1 * $1 }
            guard norm > 0, bound - bestValue > 1e-6 else { break }
            let step = theta * (bound - bestValue) / norm
            for job in jobs.indices where gradient[job] != 0 {
                price[job] = max(0, price[job] + step * gradient[job])
            }
        }
        self = best
        lastBound = bestBound
    }
}
