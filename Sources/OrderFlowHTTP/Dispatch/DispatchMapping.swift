import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

/// Dispatch values in and out of the API's JSON shapes.
extension Components.Schemas.ScoreBreakdown {
    init(_ score: ScoreBreakdown) {
        self.init(
            total: score.total, workload: score.workload, weeklyWorkload: score.weeklyWorkload,
            experience: score.experience, continuity: score.continuity, lateness: score.lateness)
    }
}

extension Components.Schemas.RunnerUp {
    init(_ runnerUp: Assignment.RunnerUp, language: Language) {
        self.init(
            staffId: runnerUp.staffID.uuidString.lowercased(), total: runnerUp.total,
            reasons: runnerUp.reasons.map { $0.text(in: language) })
    }
}

extension Components.Schemas.Assignment {
    init(_ assignment: Assignment, checkedInAt: Date? = nil, checkedOutAt: Date? = nil, language: Language) {
        self.init(
            orderId: assignment.orderID.uuidString.lowercased(), orderNumber: assignment.orderNumber,
            storeCode: assignment.storeCode, technicianIds: assignment.technicianIDs.map { $0.uuidString.lowercased() },
            team: assignment.team, start: assignment.start, end: assignment.end, onSite: assignment.onSite,
            mode: assignment.mode == .automatic ? .automatic : .manual,
            reason: assignment.reason
                ?? assignment.score.map { DispatchExplanation.chosen($0).text(in: language) },
            departures: assignment.departures.compactMap { DeparturesPayloadPayload(rawValue: $0.rawValue) },
            overrideReason: assignment.overrideReason,
            score: assignment.score.map(Components.Schemas.ScoreBreakdown.init),
            runnersUp: assignment.runnersUp.map { .init($0, language: language) }, assignedBy: assignment.assignedBy,
            assignedAt: assignment.assignedAt, checkedInAt: checkedInAt, checkedOutAt: checkedOutAt)
    }
}

extension Components.Schemas.DispatchBoard {
    init(_ board: DispatchBoard, language: Language) {
        self.init(
            storeCode: board.store.code, day: board.day.description, stamp: board.stamp,
            lanes: board.lanes.map { lane in
                .init(
                    staffId: lane.staffID.uuidString.lowercased(), displayName: lane.displayName,
                    username: lane.username, shiftStart: lane.shift?.start, shiftEnd: lane.shift?.end,
                    teams: lane.teams, skills: lane.skills,
                    jobs: lane.jobs.map {
                        .init(
                            $0.assignment, checkedInAt: $0.checkedInAt, checkedOutAt: $0.checkedOutAt,
                            language: language)
                    }, bookedMinutes: lane.bookedMinutes)
            },
            queue: board.queue.map { queued in
                .init(
                    rank: queued.rank, reasons: queued.reasons.map { $0.text(in: language) },
                    order: .init(queued.order, language: language), durationMinutes: queued.job.durationMinutes,
                    requiredSkills: queued.job.requiredSkills.sorted(),
                    suggestion: queued.suggestion.map {
                        .init(staffId: $0.staffID.uuidString.lowercased(), start: $0.start, score: .init($0.score))
                    }, unplaceable: queued.unplaceable?.text(in: language))
            }, teams: board.teams)
    }
}

extension Components.Schemas.DispatchSettings {
    init(_ versioned: VersionedDispatchSettings) {
        let weights = versioned.settings.weights
        self.init(
            travelBufferMinutes: versioned.settings.travelBufferMinutes,
            weights: .init(
                workload: weights.workload, weeklyWorkload: weights.weeklyWorkload, experience: weights.experience,
                continuity: weights.continuity, lateness: weights.lateness, unassigned: weights.unassigned),
            checklistRequiredBeforeCheckIn: versioned.settings.checklistRequiredBeforeCheckIn,
            version: versioned.version)
    }

    var settings: StoreDispatchSettings {
        StoreDispatchSettings(
            travelBufferMinutes: travelBufferMinutes,
            weights: DispatchWeights(
                workload: weights.workload, experience: weights.experience, continuity: weights.continuity,
                lateness: weights.lateness, unassigned: weights.unassigned, weeklyWorkload: weights.weeklyWorkload),
            checklistRequiredBeforeCheckIn: checklistRequiredBeforeCheckIn)
    }
}

extension Components.Schemas.DayPlan {
    init(_ outcome: DayPlanOutcome, language: Language) {
        self.init(
            applied: outcome.applied, totalCost: outcome.totalCost,
            placed: outcome.placed.map { .init($0.assignment, language: language) },
            waiting: outcome.waiting.map {
                .init(
                    orderId: $0.orderID.uuidString.lowercased(), orderNumber: $0.orderNumber,
                    reason: $0.reason.text(in: language))
            })
    }
}

extension Components.Schemas.Suggestion {
    init(_ decision: DispatchSolver.Decision, language: Language) {
        let explained = DispatchExplanation.runnersUp(decision)
        self.init(
            staffId: decision.chosen?.staffID.uuidString.lowercased(), start: decision.chosen?.start,
            score: decision.chosen.map { .init($0.score) },
            unplaceable: decision.chosen == nil ? DispatchExplanation.unplaceable(decision).text(in: language) : nil,
            runnersUp: explained.map { .init($0, language: language) })
    }
}

extension Components.Schemas.AssignmentRequest {
    /// The request as the App layer takes it, or the field that is wrong.
    func request() throws -> AssignmentRequest {
        let target: AssignmentRequest.Target
        switch mode {
        case .automatic: target = .automatic
        case .technician:
            guard let text = technicianId, let id = UUID(uuidString: text) else {
                throw DispatchService.unknownTechnician(field: "technicianId")
            }
            target = .technician(id)
        case .team:
            guard let name = team?.trimmedOrNil else { throw DispatchService.unknownTechnician(field: "team") }
            target = .team(name)
        }
        return AssignmentRequest(
            target: target, start: start, reason: reason, overrideReason: overrideReason, reassign: reassign ?? false)
    }
}

enum DayParameter {
    static func parse(_ text: String) throws -> LocalDate {
        guard let day = LocalDate(iso: text) else {
            throw QueryProblem.invalid(
                "day", LocalizedText(zhHans: "日期无效，格式为 2026-11-29", en: "Not a valid day; use 2026-11-29"))
        }
        return day
    }
}
