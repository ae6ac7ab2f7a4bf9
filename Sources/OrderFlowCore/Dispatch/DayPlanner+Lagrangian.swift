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
        // Each technician's day without this plan's bookings, made once.
        let bare = days.map { day in
            var bare = day
            bare.bookings.removeAll { planned.contains($0.orderNumber) }
            return bare
        }
        var byTechnician: [[Slot]] = Array(repeating: [], count: days.count)
        for index in jobs.indices {
            let job = jobs[index]
            for technician in eligible[index] {
                let day = bare[technician]
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

    /// The most valuable compatible set of `slots` (sorted by end) under
    /// `value`: weighted interval scheduling with the travel buffer between
    /// two jobs when either is on site. Predecessors are found by binary
    /// search over the ends, with running maxima kept apart for on-site and
    /// in-store jobs, so a technician's line costs O(n log n).
    func bestSchedule(_ slots: [Slot], value: (Slot) -> Double) -> [Int] {
        let count = slots.count
        guard count > 0 else { return [] }
        let ends = slots.map(\.end)
        let buffer = settings.travelBuffer
        // best[k]: the most weight of a compatible set ending with slot k.
        var best = [Double](repeating: 0, count: count)
        var previous = [Int?](repeating: nil, count: count)
        // Running maxima of best over slots 0...k, on-site and in-store apart.
        typealias Top = (value: Double, index: Int?)
        var topOnSite = [Top](repeating: (0, nil), count: count)
        var topInStore = [Top](repeating: (0, nil), count: count)
        func lastEnding(atOrBefore limit: Date, below bound: Int) -> Int? {
            var low = 0
            var high = bound  // exclusive
            while low < high {
                let middle = (low + high) / 2
                if ends[middle] <= limit { low = middle + 1 } else { high = middle }
            }
            return low == 0 ? nil : low - 1
        }
        for k in 0..<count {
            let slot = slots[k]
            let onSite = self.onSite[slot.job]
            var before: Top = (0, nil)
            if let limit = lastEnding(atOrBefore: slot.start.addingTimeInterval(-buffer), below: k) {
                before = topOnSite[limit].value >= topInStore[limit].value ? topOnSite[limit] : topInStore[limit]
            }
            // In-store after in-store needs no travel time.
            if !onSite, let limit = lastEnding(atOrBefore: slot.start, below: k), topInStore[limit].value > before.value
            {
                before = topInStore[limit]
            }
            best[k] = before.value + value(slot)
            previous[k] = before.index
            let previousOn: Top = k > 0 ? topOnSite[k - 1] : (0, nil)
            let previousIn: Top = k > 0 ? topInStore[k - 1] : (0, nil)
            topOnSite[k] = onSite && best[k] > previousOn.value ? (best[k], k) : previousOn
            topInStore[k] = !onSite && best[k] > previousIn.value ? (best[k], k) : previousIn
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
    mutating func lagrangian(rounds: Int = 140, repairEvery: Int = 6) {
        let slots = slots()
        let order = slots.indices.sorted { (slots[$0].count, $0) < (slots[$1].count, $1) }
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
                // Repair by sequential fixing: technicians with the fewest
                // options choose first, at the current prices, among the jobs
                // nobody took yet; then each refills its gaps exactly.
                var trial = self
                for index in jobs.indices { trial.unbook(index) }
                var taken = Set<Int>()
                for technician in order {
                    let line = slots[technician].filter { !taken.contains($0.job) }
                    for position in bestSchedule(line, value: { $0.worth - price[$0.job] + 1e-3 }) {
                        let slot = line[position]
                        trial.book(slot.job, Option(technician: technician, start: slot.start, cost: 0))
                        taken.insert(slot.job)
                    }
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
