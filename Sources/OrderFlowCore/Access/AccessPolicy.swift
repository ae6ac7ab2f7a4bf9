/// The one access policy: role × action × reach (R1.4, R8.4). Decided in the
/// App layer for every use case, so the API, the console and the CLI cannot
/// disagree. An action missing from a role's entry is refused.
public enum AccessPolicy {
    /// What each role may do. Reading the procedure: front-line staff take
    /// and change orders, reviewers decide on them, head-office roles look
    /// across stores but change little, the administrator runs the system
    /// rather than the business (so sees orders but does not take them).
    public static let table: [Role: [AccessAction: AccessReach]] = [
        .administrator: reach(
            [
                .readOrder, .readReviewQueue, .readReviewPolicy, .updateReviewPolicy, .readReferenceData,
                .manageReferenceData, .manageStore, .readAuditLog, .readStaff, .manageStaff, .manageTokens,
                .readTimeLimits, .manageTimeLimits, .manageNotifications, .manageWebhooks,
            ]),
        .storeManager: reach(
            [
                .createOrder, .readOrder, .cancelOrder, .readReviewQueue, .decideReview, .readReviewPolicy,
                .readReferenceData, .revealPersonalData, .readStaff, .manageStaff, .manageStore,
                .readDispatchBoard, .assignOrder, .manageDispatchSettings, .readTimeLimits, .pauseStageClock,
                .handleAlerts, .manageNotifications, .handleFollowUps, .recordFeedback, .handleProblemCases,
                .readDelayAnalysis, .handleDelivery, .handleWarrantyClaims, .readAfterSalesStatistics,
                .readAssessmentMarks,
            ]),
        .receptionist: reach(
            [
                .createOrder, .readOrder, .cancelOrder, .readReferenceData, .revealPersonalData, .pauseStageClock,
                .handleFollowUps, .recordFeedback, .handleDelivery, .handleWarrantyClaims,
            ]),
        .customerService: reach(
            [
                .createOrder, .readOrder, .cancelOrder, .readReferenceData, .revealPersonalData, .pauseStageClock,
                .handleAlerts, .handleFollowUps, .recordFeedback, .handleProblemCases, .handleDelivery,
                .handleWarrantyClaims,
            ]),
        .reviewer: reach(
            [
                .readOrder, .readReviewQueue, .decideReview, .readReviewPolicy, .readReferenceData, .revealPersonalData,
                .handleAlerts,
            ]),
        .dispatcher: reach(
            [
                .readOrder, .readReferenceData, .readStaff, .readDispatchBoard, .assignOrder, .readTimeLimits,
                .pauseStageClock, .handleAlerts, .handleDelivery,
            ]),
        .technician: [
            .readOrder: .ownJobs, .readReferenceData: .grantedStores, .revealPersonalData: .ownJobs,
            .workOnJob: .ownJobs, .pauseStageClock: .ownJobs, .handleAlerts: .ownJobs,
            // Their own record only.
            .readAssessmentMarks: .ownJobs,
        ],
        .afterSales: reach(
            [
                .readOrder, .readReferenceData, .revealPersonalData, .handleFollowUps, .recordFeedback,
                .handleProblemCases, .handleDelivery, .handleWarrantyClaims, .readAfterSalesStatistics,
            ]),
        .finance: reach([.readOrder, .readReferenceData, .handleAlerts]),
        .archivist: reach([.readOrder, .readReferenceData]),
        .supervisor: reach(
            [
                .readOrder, .readReviewQueue, .readReviewPolicy, .readReferenceData, .readStaff, .readDispatchBoard,
                .readTimeLimits, .handleAlerts, .handleProblemCases, .readDelayAnalysis, .readAfterSalesStatistics,
                .readAssessmentMarks,
            ]),
        .auditor: reach([.readOrder, .readReviewPolicy, .readReferenceData, .readAuditLog, .readStaff]),
    ].mapValues { $0.merging([.useOwnAccount: .grantedStores]) { kept, _ in kept } }

    /// What a sales platform, authenticated by its signature, may do.
    public static let platformActions: Set<AccessAction> = [.platformIntake]

    /// What a customer on a public booking page may do: book, nothing else
    /// (following the order needs its tracking link, not a role).
    public static let customerActions: Set<AccessAction> = [.bookOnline]

    private static func reach(_ actions: [AccessAction]) -> [AccessAction: AccessReach] {
        Dictionary(uniqueKeysWithValues: actions.map { ($0, .grantedStores) })
    }

    /// Roles that see customers' personal data unmasked without a reveal,
    /// because taking and changing orders is their job (R1.4).
    public static let seesPersonalData: Set<Role> = [.receptionist, .customerService, .storeManager]

    /// Whether any of the grants allows `action`, and how far: the widest
    /// reach wins. Nil means refused.
    public static func reach(of grants: [RoleGrant], for action: AccessAction) -> AccessReach? {
        let reaches = grants.filter(\.isValid).compactMap { table[$0.role]?[action] }
        if reaches.contains(.grantedStores) { return .grantedStores }
        return reaches.first
    }

    /// Whether the grants allow `action` on something of `storeCode`.
    /// `ownJob` says whether the thing is a job assigned to the person.
    public static func allows(
        _ grants: [RoleGrant], _ action: AccessAction, storeCode: String?, ownJob: Bool = false
    ) -> Bool {
        grants.filter(\.isValid).contains { grant in
            guard let reach = table[grant.role]?[action] else { return false }
            if let storeCode, !grant.scope.covers(storeCode) { return false }
            return reach == .grantedStores || ownJob
        }
    }

    /// The stores all of whose things the grants may see for `action` (nil:
    /// all stores). Own-jobs grants add no store: their jobs are found by assignment.
    public static func visibleStores(_ grants: [RoleGrant], for action: AccessAction) -> Set<String>? {
        var stores: Set<String> = []
        for grant in grants.filter(\.isValid) where table[grant.role]?[action] == .grantedStores {
            switch grant.scope {
            case .allStores: return nil
            case .stores(let codes): stores.formUnion(codes)
            }
        }
        return stores
    }
}
