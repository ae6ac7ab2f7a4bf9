/// Who may hand out which roles. Head office (a `manageStaff` grant for all
/// stores) may grant anything; a store manager may grant only store roles,
/// only for the stores they manage, so no one can raise themselves above
/// their own reach.
extension AccessPolicy {
    public static func mayGrant(_ grants: [RoleGrant], by caller: Caller) -> Bool {
        guard let managed = caller.visibleStoresForManagingStaff else { return true }
        return grants.allSatisfy { grant in
            guard !grant.role.mayCoverAllStores, case .stores(let codes) = grant.scope else { return false }
            return codes.isSubset(of: managed)
        }
    }

    /// Whether the caller may change an account that holds `grants`: not
    /// one that reaches further than the caller could grant.
    public static func mayManage(accountWith grants: [RoleGrant], by caller: Caller) -> Bool {
        caller.mayAtAll(.manageStaff) && mayGrant(grants, by: caller)
    }
}

extension Caller {
    /// nil when the caller manages staff of every store.
    fileprivate var visibleStoresForManagingStaff: Set<String>? { visibleStores(for: .manageStaff) }
}
