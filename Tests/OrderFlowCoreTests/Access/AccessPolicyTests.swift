import OrderFlowCore
import Testing

@Suite("Access policy: role × action × reach")
struct AccessPolicyTests {
    let sh01Reception = [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))]

    @Test("every role has an entry and every staff action belongs to some role")
    func complete() {
        #expect(Set(AccessPolicy.table.keys) == Set(Role.allCases))
        let granted = Set(AccessPolicy.table.values.flatMap(\.keys))
        // Platform intake is for signed platforms, never for a person.
        #expect(granted == Set(AccessAction.allCases).subtracting([.platformIntake, .bookOnline]))
    }

    @Test("R1.4 a store role reaches its own stores only")
    func ownStoresOnly() {
        #expect(AccessPolicy.allows(sh01Reception, .createOrder, storeCode: "SH01"))
        #expect(!AccessPolicy.allows(sh01Reception, .createOrder, storeCode: "BJ01"))
        #expect(AccessPolicy.visibleStores(sh01Reception, for: .readOrder) == ["SH01"])
    }

    @Test("head-office roles reach every store; store roles cannot be granted for all stores")
    func headOffice() {
        let reviewer = [RoleGrant(role: .reviewer, scope: .allStores)]
        #expect(AccessPolicy.allows(reviewer, .decideReview, storeCode: "SZ01"))
        #expect(AccessPolicy.visibleStores(reviewer, for: .readOrder) == nil)
        let invalid = [RoleGrant(role: .receptionist, scope: .allStores)]
        #expect(!invalid[0].isValid)
        #expect(!AccessPolicy.allows(invalid, .createOrder, storeCode: "SH01"))
        #expect(!RoleGrant(role: .dispatcher, scope: .stores([])).isValid)
    }

    @Test("technicians read their own jobs only")
    func technicianOwnJobs() {
        let technician = [RoleGrant(role: .technician, scope: .stores(["SH01"]))]
        #expect(AccessPolicy.allows(technician, .readOrder, storeCode: "SH01", ownJob: true))
        #expect(!AccessPolicy.allows(technician, .readOrder, storeCode: "SH01", ownJob: false))
        #expect(!AccessPolicy.allows(technician, .readOrder, storeCode: "BJ01", ownJob: true))
        #expect(AccessPolicy.reach(of: technician, for: .readOrder) == .ownJobs)
    }

    @Test("the administrator runs the system, not the business")
    func administrator() {
        let admin = [RoleGrant(role: .administrator, scope: .allStores)]
        #expect(AccessPolicy.allows(admin, .manageTokens, storeCode: nil))
        #expect(!AccessPolicy.allows(admin, .createOrder, storeCode: "SH01"))
        #expect(!AccessPolicy.allows(admin, .decideReview, storeCode: "SH01"))
    }

    @Test("several grants combine; the widest reach wins")
    func combinedGrants() {
        let grants = [
            RoleGrant(role: .technician, scope: .stores(["SH01"])),
            RoleGrant(role: .dispatcher, scope: .stores(["SH01"])),
        ]
        #expect(AccessPolicy.reach(of: grants, for: .readOrder) == .grantedStores)
        #expect(AccessPolicy.allows(grants, .readOrder, storeCode: "SH01", ownJob: false))
        #expect(!AccessPolicy.allows(grants, .cancelOrder, storeCode: "SH01"))
    }

    @Test("nobody without a grant may do anything", arguments: AccessAction.allCases)
    func noGrants(action: AccessAction) {
        #expect(!AccessPolicy.allows([], action, storeCode: "SH01", ownJob: true))
        #expect(AccessPolicy.reach(of: [], for: action) == nil)
    }

    @Test("every role has a label in both languages")
    func labels() {
        for role in Role.allCases {
            #expect(!role.label.zhHans.isEmpty && !role.label.en.isEmpty)
        }
    }
}
