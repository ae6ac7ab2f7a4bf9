import Foundation
import OrderFlowCore
import Testing

@Suite("Who sees customers' personal data (R1.4)")
struct PersonalDataViewTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let appointment = (start: start, end: start.addingTimeInterval(7_200))

    static func caller(_ role: Role, _ scope: StoreScope) -> Caller {
        Caller(actor: Actor(kind: .staff, id: "x"), grants: [RoleGrant(role: role, scope: scope)], staffID: UUID())
    }

    static func view(_ caller: Caller, store: String = "SH01", own: Bool = false, at now: Date = start)
        -> PersonalDataView
    {
        AccessPolicy.personalDataView(
            for: caller, storeCode: store, assignedToCaller: own, appointment: appointment, now: now)
    }

    @Test("R1.4 order takers of the store see the customer in full; of another store, masked")
    func orderTakers() {
        #expect(Self.view(Self.caller(.receptionist, .stores(["SH01"]))) == .full)
        #expect(Self.view(Self.caller(.receptionist, .stores(["SH01"])), store: "BJ01") == .masked)
        #expect(Self.view(Self.caller(.customerService, .allStores), store: "BJ01") == .full)
        #expect(Self.view(Self.caller(.storeManager, .stores(["SH01"]))) == .full)
    }

    @Test(
        "R1.4 roles without need-to-know see it masked",
        arguments: [
            Role.finance, .auditor, .archivist, .supervisor, .reviewer, .administrator, .dispatcher, .afterSales,
        ])
    func masked(role: Role) {
        let scope: StoreScope = role.mayCoverAllStores ? .allStores : .stores(["SH01"])
        #expect(Self.view(Self.caller(role, scope)) == .masked)
    }

    @Test("R1.4 technicians see their own job in full only around the appointment")
    func technicianWindow() {
        let technician = Self.caller(.technician, .stores(["SH01"]))
        let window = AccessPolicy.technicianWindow
        #expect(Self.view(technician, own: true) == .full)
        #expect(Self.view(technician, own: true, at: Self.start.addingTimeInterval(-window)) == .full)
        #expect(Self.view(technician, own: true, at: Self.start.addingTimeInterval(-window - 1)) == .masked)
        #expect(Self.view(technician, own: true, at: Self.appointment.end.addingTimeInterval(window)) == .full)
        #expect(Self.view(technician, own: true, at: Self.appointment.end.addingTimeInterval(window + 1)) == .masked)
        #expect(Self.view(technician, own: false) == .masked)
    }

    @Test("a reveal needs a reason of at least four characters, and not a novel")
    func revealReason() {
        #expect(AccessPolicy.revealReasonProblems(nil).map(\.code) == ["reveal.reasonRequired"])
        #expect(AccessPolicy.revealReasonProblems("  ok ").map(\.code) == ["reveal.reasonRequired"])
        #expect(AccessPolicy.revealReasonProblems("客户投诉回访").isEmpty)
        #expect(
            AccessPolicy.revealReasonProblems(String(repeating: "很", count: TextLimits.reason + 1)).map(\.field)
                == ["reason"])
    }
}
