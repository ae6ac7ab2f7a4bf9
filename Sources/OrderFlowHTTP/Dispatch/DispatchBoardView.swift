import Foundation
import OrderFlowApp
import OrderFlowCore

/// The dispatch board as the template shows it (B2): lanes of jobs placed
/// on a 07:00–22:00 time line, and the ranked queue with an assign form per order.
struct DispatchBoardView: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Block: Sendable {
        let number: String
        /// The day's sequence part of the number (`0007`), for narrow blocks.
        let short: String
        let href: String
        let time: String
        let left: String
        let width: String
        let status: String
        let statusLabel: String
        let checkedIn: Bool
        /// The running stage and its state, when it needs attention (R4.4).
        let stageState: String?
        let stageLabel: String?
        let team: String?
        let why: String
    }

    struct Lane: Sendable {
        let name: String
        let username: String
        let shift: String
        let shiftLeft: String
        let shiftWidth: String
        let onShift: Bool
        let skills: String
        let teams: String
        let load: String
        let blocks: [Block]
    }

    struct Queued: Sendable {
        let rank: Int
        let number: String
        let href: String
        let window: String
        let items: String
        let skills: String
        let duration: String
        let reasons: String
        let urgent: Bool
        let start: String
        /// "张师傅 10:00 · cost 1.2", or why nobody can take it.
        let suggestion: String?
        let unplaceable: String?
        /// "due 12:00", with the stage's state for its colour.
        let due: String?
        let stageState: String
        let stageLabel: String
    }

    struct Mark: Sendable {
        let label: String
        let left: String
    }

    let lanes: [Lane]
    let queue: [Queued]
    let marks: [Mark]
    /// Technicians, teams and "automatic", for the assign forms.
    let targets: [Option]

    static let firstHour = 7
    static let lastHour = 22

    init(_ board: DispatchBoard, catalog: [String: ServiceItem], visit: ConsoleVisit) {
        let language = visit.language
        let calendar = board.store.calendar
        let midnight =
            calendar.date(from: DateComponents(year: board.day.year, month: board.day.month, day: board.day.day))
            ?? Date(timeIntervalSince1970: 0)
        let origin = midnight.addingTimeInterval(Double(Self.firstHour) * 3600)
        let span = Double(Self.lastHour - Self.firstHour) * 3600
        func percent(_ seconds: Double) -> String { String(format: "%.2f%%", min(100, max(0, seconds / span * 100))) }
        func left(_ date: Date) -> String { percent(date.timeIntervalSince(origin)) }
        func width(_ start: Date, _ end: Date) -> String {
            let from = max(0, start.timeIntervalSince(origin))
            let to = min(span, end.timeIntervalSince(origin))
            return percent(max(0, to - from))
        }
        let names = Dictionary(uniqueKeysWithValues: board.lanes.map { ($0.staffID, $0.displayName) })
        marks = stride(from: Self.firstHour, to: Self.lastHour + 1, by: 2).map { hour in
            Mark(label: String(format: "%02d:00", hour), left: percent(Double(hour - Self.firstHour) * 3600))
        }
        lanes = board.lanes.map { lane in
            Lane(
                name: lane.displayName, username: lane.username,
                shift: lane.shift.map {
                    ConsoleDates.time($0.start, calendar) + "–" + ConsoleDates.time($0.end, calendar)
                }
                    ?? (visit.t["dispatch_offToday"] ?? ""),
                shiftLeft: lane.shift.map { left($0.start) } ?? "0%",
                shiftWidth: lane.shift.map { width($0.start, $0.end) } ?? "0%", onShift: lane.shift != nil,
                skills: lane.skills.joined(separator: ", "), teams: lane.teams.joined(separator: ", "),
                load: String(format: "%.1f h", Double(lane.bookedMinutes) / 60),
                blocks: lane.jobs.map { job in
                    let assignment = job.assignment
                    var why: [String] = []
                    if let reason = assignment.reason { why.append(reason) }
                    if let score = assignment.score {
                        why.append((visit.t["dispatch_cost"] ?? "") + " " + DispatchBoardView.number(score.total))
                    }
                    if let override = assignment.overrideReason { why.append("⚠ " + override) }
                    if assignment.team != nil {
                        why.append(assignment.technicianIDs.compactMap { names[$0] }.joined(separator: " + "))
                    }
                    return Block(
                        number: assignment.orderNumber,
                        short: String(assignment.orderNumber.split(separator: "-").last ?? ""),
                        href: "/console/orders/\(assignment.orderNumber)",
                        time: ConsoleDates.time(assignment.start, calendar) + "–"
                            + ConsoleDates.time(assignment.end, calendar),
                        left: left(assignment.start), width: width(assignment.start, assignment.end),
                        status: job.order.order.status.rawValue,
                        statusLabel: job.order.order.status.label.text(in: language), checkedIn: job.checkedInAt != nil,
                        stageState: job.stage.flatMap { $0.state == .onTime ? nil : $0.state.rawValue },
                        stageLabel: job.stage.flatMap {
                            $0.state == .onTime
                                ? nil
                                : "\($0.stage.label.text(in: language)) \(visit.t["stage_state_\($0.state.rawValue)"] ?? "")"
                        },
                        team: assignment.team, why: why.joined(separator: " · "))
                })
        }
        queue = board.queue.map { queued in
            let order = queued.order.order
            return Queued(
                rank: queued.rank, number: order.number, href: "/console/orders/\(order.number)",
                window: ConsoleDates.time(order.appointment.start, calendar) + "–"
                    + ConsoleDates.time(order.appointment.end, calendar),
                items: order.lines.map { line in
                    "\(catalog[line.itemCode]?.name.text(in: language) ?? line.itemCode) × \(line.quantity)"
                }.joined(separator: ", "),
                skills: queued.job.requiredSkills.sorted().joined(separator: ", "),
                duration: "\(queued.job.durationMinutes) min",
                reasons: queued.reasons.map { $0.text(in: language) }.joined(separator: " · "),
                urgent: queued.job.priority == .urgent, start: ConsoleDates.time(order.appointment.start, calendar),
                suggestion: queued.suggestion.map { candidate in
                    "\(names[candidate.staffID] ?? "?") \(ConsoleDates.time(candidate.start, calendar)) · "
                        + "\(visit.t["dispatch_cost"] ?? "") \(Self.number(candidate.score.total))"
                }, unplaceable: queued.unplaceable?.text(in: language),
                due: queued.stage?.deadline.map { ConsoleDates.time($0, calendar) },
                stageState: queued.stage?.state.rawValue ?? "onTime",
                stageLabel: queued.stage.map { visit.t["stage_state_\($0.state.rawValue)"] ?? "" } ?? "")
        }
        targets =
            [Option(value: "auto", label: visit.t["dispatch_automatic"] ?? "auto", selected: true)]
            + board.lanes.map {
                Option(
                    value: "tech:\($0.staffID.uuidString)", label: "\($0.displayName) (\($0.username))", selected: false
                )
            }
            + board.teams.map {
                Option(value: "team:\($0)", label: (visit.t["dispatch_team"] ?? "") + " " + $0, selected: false)
            }
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
