import Foundation
import OrderFlowCore
import Testing

@Suite("Callers, grants and who may grant what")
struct CallerTests {
    static let managerSH01 = Caller(
        actor: Actor(kind: .staff, id: "sh.manager"), grants: [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))]
    )

    @Test("a platform may deliver orders and do nothing else")
    func platformOnlyDelivers() {
        let platform = Caller.platform("meituan")
        #expect(platform.mayAtAll(.platformIntake))
        #expect(platform.may(.platformIntake, storeCode: "SZ01"))
        for action in AccessAction.allCases where action != .platformIntake {
            #expect(!platform.mayAtAll(action), "\(action)")
        }
    }

    @Test("staff roles never include platform intake; every role may use its own account")
    func ownAccount() {
        for role in Role.allCases {
            let caller = Caller(
                actor: Actor(kind: .staff, id: "x"),
                grants: [RoleGrant(role: role, scope: role.mayCoverAllStores ? .allStores : .stores(["SH01"]))])
            #expect(caller.mayAtAll(.useOwnAccount), "\(role)")
            #expect(!caller.mayAtAll(.platformIntake), "\(role)")
        }
    }

    @Test("a store manager grants only store roles for the stores they manage")
    func storeManagerGrants() {
        let manager = Self.managerSH01
        #expect(AccessPolicy.mayGrant([RoleGrant(role: .receptionist, scope: .stores(["SH01"]))], by: manager))
        #expect(!AccessPolicy.mayGrant([RoleGrant(role: .receptionist, scope: .stores(["BJ01"]))], by: manager))
        #expect(
            !AccessPolicy.mayGrant([RoleGrant(role: .receptionist, scope: .stores(["SH01", "BJ01"]))], by: manager))
        #expect(!AccessPolicy.mayGrant([RoleGrant(role: .administrator, scope: .allStores)], by: manager))
        #expect(!AccessPolicy.mayGrant([RoleGrant(role: .reviewer, scope: .stores(["SH01"]))], by: manager))
    }

    @Test("head office grants anything; nobody else manages an administrator")
    func headOffice() {
        let admin = Caller.commandLine(user: "ops")
        #expect(AccessPolicy.mayGrant([RoleGrant(role: .auditor, scope: .allStores)], by: admin))
        #expect(AccessPolicy.mayManage(accountWith: [RoleGrant(role: .administrator, scope: .allStores)], by: admin))
        #expect(
            !AccessPolicy.mayManage(
                accountWith: [RoleGrant(role: .administrator, scope: .allStores)], by: Self.managerSH01))
        let receptionist = Caller(
            actor: Actor(kind: .staff, id: "r"), grants: [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))])
        #expect(
            !AccessPolicy.mayManage(
                accountWith: [RoleGrant(role: .technician, scope: .stores(["SH01"]))], by: receptionist))
    }

    @Test("R1.4 own-jobs grants add no store to the list of visible stores")
    func ownJobsAddNoStore() {
        let technician = Caller(
            actor: Actor(kind: .staff, id: "t"), grants: [RoleGrant(role: .technician, scope: .stores(["SH01"]))])
        #expect(technician.mayAtAll(.readOrder))
        #expect(technician.visibleStores(for: .readOrder) == [])
        #expect(!technician.may(.readOrder, storeCode: "SH01"))
        #expect(technician.may(.readOrder, storeCode: "SH01", ownJob: true))
        #expect(!technician.may(.readOrder, storeCode: "BJ01", ownJob: true))
    }
}
