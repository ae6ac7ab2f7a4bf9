import Foundation

/// A soft objective that a dispatcher's own choice departs from (R3.2).
/// Unlike a `DispatchViolation` it may be overridden, with a recorded reason.
public enum SoftDeparture: String, Hashable, Codable, Sendable, CaseIterable {
    /// The start is outside the customer's appointment window.
    case outsideWindow
    /// The technician's level is below what the job's complexity asks.
    case belowExperience
    /// The technician would be booked for more than a full day.
    case longDay
    /// The customer had another technician before, who is free now.
    case breaksContinuity

    public var message: LocalizedText {
        switch self {
        case .outsideWindow:
            LocalizedText(zhHans: "开始时间不在客户预约时间内", en: "Starts outside the customer's appointment window")
        case .belowExperience:
            LocalizedText(zhHans: "技能等级低于该任务的复杂度", en: "Skill level below the job's complexity")
        case .longDay: LocalizedText(zhHans: "当天工作将超过 8 小时", en: "The day would exceed 8 hours of work")
        case .breaksContinuity:
            LocalizedText(
                zhHans: "客户之前的服务人员此时有空", en: "The customer's previous technician is free at that time")
        }
    }
}

/// A dispatcher's own choice: the hard constraints are checked as for the
/// automatic choice and can never be overridden; soft departures can, with
/// a reason (R3.1, R3.2).
public enum ManualAssignmentCheck {
    public static let fullDayMinutes = 8 * 60

    /// The hard violations of doing `job` from exactly `start`, or the soft
    /// departures the dispatcher must justify. `previousIsFree`: the
    /// customer's previous technician could take it at that time.
    public static func check(
        _ job: DispatchJob, on technician: TechnicianDay, at start: Date, settings: DispatchSettings,
        previousIsFree: Bool = false
    ) -> Result<[SoftDeparture], Unplaceable> {
        var hard: [DispatchViolation] = []
        if !technician.storeCodes.contains(job.storeCode) { hard.append(.otherStore(job.storeCode)) }
        for skill in job.requiredSkills.sorted() where technician.skills[skill] == nil {
            hard.append(.missingSkill(skill))
        }
        let end = start.addingTimeInterval(job.duration)
        if let shift = technician.shift {
            if start < shift.start || end > shift.end { hard.append(.offShift) }
        } else {
            hard.append(.offShift)
        }
        let clashes = technician.bookings.filter { booking in
            let gap = booking.onSite || job.onSite ? settings.travelBuffer : 0
            return start < booking.end.addingTimeInterval(gap) && booking.start < end.addingTimeInterval(gap)
        }
        hard.append(contentsOf: Set(clashes.map(\.orderNumber)).sorted().map(DispatchViolation.overlaps))
        guard hard.isEmpty else { return .failure(Unplaceable(hard)) }

        var soft: [SoftDeparture] = []
        if start < job.window.start || start > job.latestStart { soft.append(.outsideWindow) }
        let level = job.requiredSkills.compactMap { technician.skills[$0]?.level }.min() ?? 5
        if level < job.complexity { soft.append(.belowExperience) }
        if technician.bookedMinutes + job.durationMinutes > fullDayMinutes { soft.append(.longDay) }
        if previousIsFree, let previous = job.previousTechnician, !technician.people.contains(previous) {
            soft.append(.breaksContinuity)
        }
        return .success(soft)
    }
}
