import Foundation
import OrderFlowCore

// dispatch-bench: generates a realistic day with a fixed seed, plans it with
// the day-queue solver, checks every hard constraint of the result, and
// prints the figures. With --export FILE it also writes the instance's
// linear version (fixed starts, no workload term) for exact.py to solve.
//
//   dispatch-bench [--jobs 1000] [--technicians 200] [--seed 7] [--fixed-starts] [--export FILE]

struct Lcg: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}

func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return fallback
    }
    return Int(CommandLine.arguments[index + 1]) ?? fallback
}

let jobCount = option("--jobs", 1000)
let technicianCount = option("--technicians", 200)
let seed = option("--seed", 7)
let fixedStarts = CommandLine.arguments.contains("--fixed-starts")
let exportPath = CommandLine.arguments.firstIndex(of: "--export").flatMap {
    $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil
}

var random = Lcg(state: UInt64(seed))
let midnight = Date(timeIntervalSince1970: 1_796_140_800)  // 2026-12-02 00:00 Shanghai
func at(_ minutes: Int) -> Date { midnight.addingTimeInterval(TimeInterval(minutes) * 60) }

// A company of 10 stores; technicians hold 1–3 of 8 skills, a few with certificates.
let skills = ["hvac", "electrical", "appliance", "refrigerant", "gas", "cleaning", "device-repair", "car-care"]
let stores = (1...10).map { "S\($0)" }
let technicians = (0..<technicianCount).map { index -> TechnicianDay in
    let owned = skills.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))
    let opens = [8 * 60, 9 * 60, 10 * 60].randomElement(using: &random) ?? 9 * 60
    return TechnicianDay(
        staffID: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", index)) ?? UUID(),
        storeCodes: [stores[index % stores.count]],
        skills: Dictionary(
            uniqueKeysWithValues: owned.map {
                ($0, TechnicianSkill(skill: $0, level: Int.random(in: 1...5, using: &random), yearsOfExperience: 3))
            }),
        shift: AppointmentWindow(start: at(opens), end: at(opens + 9 * 60)))
}
let jobs = (0..<jobCount).map { index -> DispatchJob in
    let start = Int.random(in: 8 * 60 / 30...17 * 60 / 30, using: &random) * 30
    var job = DispatchJob(
        orderID: UUID(), number: "J\(index)", storeCode: stores[index % stores.count],
        requiredSkills: [skills.randomElement(using: &random) ?? "hvac"],
        window: AppointmentWindow(start: at(start), end: at(fixedStarts ? start : start + 120)),
        durationMinutes: [45, 60, 90, 120].randomElement(using: &random) ?? 60, onSite: Bool.random(using: &random),
        priority: Int.random(in: 0..<10, using: &random) == 0 ? .urgent : .normal,
        keyCustomer: Int.random(in: 0..<8, using: &random) == 0, complexity: Int.random(in: 1...5, using: &random))
    if Int.random(in: 0..<5, using: &random) == 0 {
        job.previousTechnician = technicians.randomElement(using: &random)?.staffID
    }
    return job
}

let weights = DispatchWeights(workload: exportPath == nil ? 1 : 0)
let settings = DispatchSettings()
let clock = ContinuousClock()
let started = clock.now
let plan = DispatchSolver.assignDay(jobs, technicians: technicians, settings: settings, weights: weights)
let elapsed = clock.now - started

// Every hard constraint, checked again on the result.
var violations = 0
let byID = Dictionary(uniqueKeysWithValues: technicians.map { ($0.staffID, $0) })
for decision in plan.decisions {
    guard let chosen = decision.chosen, let technician = byID[chosen.staffID], let shift = technician.shift else {
        continue
    }
    let job = decision.job
    if !technician.storeCodes.contains(job.storeCode) { violations += 1 }
    if !job.requiredSkills.allSatisfy({ technician.skills[$0] != nil }) { violations += 1 }
    if chosen.start < shift.start || chosen.start.addingTimeInterval(job.duration) > shift.end { violations += 1 }
    if chosen.start < job.window.start || chosen.start > job.latestStart { violations += 1 }
}
for day in plan.technicians {
    for (first, second) in zip(day.bookings, day.bookings.dropFirst()) {
        let gap = first.onSite || second.onSite ? settings.travelBuffer : 0
        if first.end.addingTimeInterval(gap) > second.start { violations += 1 }
    }
}
let placed = plan.decisions.filter { $0.chosen != nil }.count
let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
print("jobs \(jobCount) technicians \(technicianCount) seed \(seed) fixedStarts \(fixedStarts)")
print(String(format: "solve_ms %.1f", milliseconds))
print(String(format: "total_cost %.3f", plan.totalCost))
print("placed \(placed) unplaced \(jobCount - placed)")
print("hard_constraint_violations \(violations)")

if let exportPath {
    // The linear instance: every job's cost on every technician who can take
    // it at its fixed start, and which pairs may not share a technician.
    var lines: [String] = []
    lines.append("{\"unassigned\": [" + jobs.map { String(weights.unassignedCost($0)) }.joined(separator: ",") + "],")
    var options: [String] = []
    for (jobIndex, job) in jobs.enumerated() {
        for (techIndex, technician) in technicians.enumerated() {
            guard case .success(let start) = DispatchRules.placement(of: job, on: technician, settings: settings)
            else { continue }
            let cost = ScoreBreakdown.of(job, on: technician, at: start, weights: weights).total
            options.append("[\(jobIndex),\(techIndex),\(cost)]")
        }
    }
    lines.append("\"options\": [" + options.joined(separator: ",") + "],")
    let intervals = jobs.map { job -> String in
        let start = job.window.start.timeIntervalSince(midnight) / 60
        let gap = job.onSite ? Double(settings.travelBufferMinutes) : 0
        return "[\(start),\(start + Double(job.durationMinutes)),\(gap)]"
    }
    lines.append("\"intervals\": [" + intervals.joined(separator: ",") + "],")
    lines.append(String(format: "\"heuristic_cost\": %.6f}", plan.totalCost))
    try lines.joined(separator: "\n").write(toFile: exportPath, atomically: true, encoding: .utf8)
    print("exported \(exportPath)")
}
