import OrderFlowCore

/// Which action of `AccessPolicy` each API operation is. `GuardMiddleware`
/// refuses an operation missing here, and the matrix test walks every
/// operation of openapi.yaml against this table, so a new endpoint cannot
/// go out without a policy. The App layer then decides per store and per
/// record; this table only lets the middleware refuse early and uniformly.
public enum OperationPolicy {
    public static let actions: [String: AccessAction] = [
        "createOrder": .createOrder,
        "listOrders": .readOrder,
        "getOrder": .readOrder,
        "getOrderTimeline": .readOrder,
        "revealPersonalData": .revealPersonalData,
        "approveOrder": .decideReview,
        "rejectOrder": .decideReview,
        "cancelOrder": .cancelOrder,
        "listReviewQueue": .readReviewQueue,
        "getReviewPolicy": .readReviewPolicy,
        "updateReviewPolicy": .updateReviewPolicy,
        "listStores": .readReferenceData,
        "getStore": .readReferenceData,
        "updateStoreHours": .manageStore,
        "listServiceItems": .readReferenceData,
        "updateServiceItem": .manageReferenceData,
        "updateServicePreparation": .manageReferenceData,
        "platformIntake": .platformIntake,
        "getCurrentCaller": .useOwnAccount,
        "changeOwnPassword": .useOwnAccount,
        "listStaff": .readStaff,
        "getStaffMember": .readStaff,
        "createStaffMember": .manageStaff,
        "setStaffRoles": .manageStaff,
        "disableStaffMember": .manageStaff,
        "resetStaffPassword": .manageStaff,
        "getTechnicianProfile": .readStaff,
        "saveTechnicianProfile": .manageStaff,
        "listTokens": .manageTokens,
        "createToken": .manageTokens,
        "revokeToken": .manageTokens,
        "searchAuditLog": .readAuditLog,
        "verifyAuditLog": .readAuditLog,
        "getDispatchBoard": .readDispatchBoard,
        "getDispatchSettings": .readDispatchBoard,
        "updateDispatchSettings": .manageDispatchSettings,
        "planDispatchDay": .assignOrder,
        "suggestAssignment": .readDispatchBoard,
        "assignOrder": .assignOrder,
        "withdrawAssignment": .assignOrder,
        "listMyJobs": .workOnJob,
        "getJob": .readOrder,
        "logCustomerContact": .workOnJob,
        "requestSiteSurvey": .workOnJob,
        "tickChecklistEntry": .workOnJob,
        "checkIn": .workOnJob,
        "checkOut": .workOnJob,
        "submitServiceRecord": .workOnJob,
    ]
}
