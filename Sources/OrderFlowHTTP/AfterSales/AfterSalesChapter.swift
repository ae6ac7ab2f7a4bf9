import OrderFlowCore

/// §6 After-sales: warranty claims and their report (routes in
/// `Console+Claims`).
struct AfterSalesChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "afterSales"

    static let navigation = [
        NavigationEntry(key: "claims", href: "/console/claims", action: .handleWarrantyClaims),
        NavigationEntry(
            key: "afterSalesReport", href: "/console/reports/after-sales", action: .readAfterSalesStatistics),
    ]

    static let operations: [String: AccessAction] = [
        "receiveClaim": .handleWarrantyClaims,
        "listClaims": .handleWarrantyClaims,
        "listOrderClaims": .handleWarrantyClaims,
        "getClaim": .handleWarrantyClaims,
        "updateClaim": .handleWarrantyClaims,
        "addClaimProgress": .handleWarrantyClaims,
        "openClaimRepair": .handleWarrantyClaims,
        "closeClaim": .handleWarrantyClaims,
        "getAfterSalesReport": .readAfterSalesStatistics,
        "getAfterSalesReportCSV": .readAfterSalesStatistics,
    ]
}
