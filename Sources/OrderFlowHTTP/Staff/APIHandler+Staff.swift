import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

/// Staff accounts, their roles, and technicians' profiles.
extension APIHandler {
    func listStaff(_ input: Operations.ListStaff.Input) async throws -> Operations.ListStaff.Output {
        .ok(.init(body: .json(try await access.staff(by: try caller).map(Components.Schemas.StaffMember.init))))
    }

    func createStaffMember(_ input: Operations.CreateStaffMember.Input) async throws
        -> Operations.CreateStaffMember.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let member = try await access.addStaff(
            .init(
                username: body.username ?? "", displayName: body.displayName ?? "", password: body.password,
                grants: GrantInput.grants(body.grants)),
            by: try caller)
        return .created(.init(headers: .init(eTag: ETag.make(version: member.version)), body: .json(.init(member))))
    }

    func getStaffMember(_ input: Operations.GetStaffMember.Input) async throws -> Operations.GetStaffMember.Output {
        let member = try await access.staffMember(input.path.username, by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: member.version)), body: .json(.init(member))))
    }

    func setStaffRoles(_ input: Operations.SetStaffRoles.Input) async throws -> Operations.SetStaffRoles.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let member = try await access.setRoles(
            input.path.username, to: GrantInput.grants(body.grants),
            ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch), by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: member.version)), body: .json(.init(member))))
    }

    func disableStaffMember(_ input: Operations.DisableStaffMember.Input) async throws
        -> Operations.DisableStaffMember.Output
    {
        let member = try await access.disable(
            input.path.username, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch), by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: member.version)), body: .json(.init(member))))
    }

    func resetStaffPassword(_ input: Operations.ResetStaffPassword.Input) async throws
        -> Operations.ResetStaffPassword.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        try await access.setPassword(input.path.username, to: body.password, currentPassword: nil, by: try caller)
        return .noContent(.init())
    }

    func listAssessmentMarks(_ input: Operations.ListAssessmentMarks.Input) async throws
        -> Operations.ListAssessmentMarks.Output
    {
        let marks = try await tracking.assessmentMarks(ofUsername: input.path.username, by: try caller)
        let language = language
        return .ok(
            .init(
                body: .json(
                    .init(
                        totalPoints: marks.reduce(0) { $0 + $1.points },
                        items: marks.map { mark in
                            .init(
                                caseId: mark.caseID.uuidString.lowercased(), orderNumber: mark.orderNumber,
                                kind: .init(rawValue: mark.kind.rawValue) ?? .other,
                                kindLabel: mark.kind.label.text(in: language), points: mark.points, note: mark.note,
                                at: mark.at)
                        }))))
    }

    func getTechnicianProfile(_ input: Operations.GetTechnicianProfile.Input) async throws
        -> Operations.GetTechnicianProfile.Output
    {
        let profile = try await access.technicianProfile(input.path.username, by: try caller)
        return .ok(
            .init(
                headers: .init(eTag: ETag.make(version: profile.version)),
                body: .json(.init(profile, username: input.path.username.lowercased(), today: today))))
    }

    func saveTechnicianProfile(_ input: Operations.SaveTechnicianProfile.Input) async throws
        -> Operations.SaveTechnicianProfile.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let profile = try TechnicianProfile.from(body, staffID: UUID())
        let saved = try await access.saveTechnicianProfile(
            input.path.username, profile, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch), by: try caller)
        return .ok(
            .init(
                headers: .init(eTag: ETag.make(version: saved.version)),
                body: .json(.init(saved, username: input.path.username.lowercased(), today: today))))
    }

    /// Today in China, where certificates' expiry dates are written.
    private var today: LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ConsoleDates.headOffice
        return LocalDate(access.now, in: calendar)
    }
}
