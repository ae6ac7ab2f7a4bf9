import Hummingbird
import OrderFlowCore

/// §2 Order intake in the console and the API: the order list, the new-order
/// form, one order's page with its decisions, and the review queue.
struct IntakeChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "intake"

    static let navigation = [
        // A technician reads orders only as their jobs: "My jobs" is their list.
        NavigationEntry(
            key: "orders", href: "/console/orders", action: .readOrder,
            shownTo: { $0.visibleStores(for: .readOrder) != [] }),
        NavigationEntry(key: "newOrder", href: "/console/orders/new", action: .createOrder),
        NavigationEntry(key: "review", href: "/console/review", action: .readReviewQueue),
    ]

    static let operations: [String: AccessAction] = [
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
        "platformIntake": .platformIntake,
    ]

    func addRoutes(to router: ChapterRoutes) {
        router.page("/console/orders", of: self) { request, _, visit in
            try await orderList(request, visit)
        }
        router.page("/console/orders/new", of: self) { request, _, visit in
            try await newOrderForm(request, visit)
        }
        router.page("/console/orders", method: .post, of: self) { request, _, visit in
            try await submitOrder(request, visit)
        }
        router.page("/console/orders/:ref", of: self) { request, parameters, visit in
            // After a decision the page says what happened.
            try await orderDetail(
                parameters.require("ref"), visit, notice: visit.doneNotice(request, "order"))
        }
        router.page("/console/orders/:ref/:decision", method: .post, of: self) { request, parameters, visit in
            try await decide(
                request, ref: parameters.require("ref"),
                decision: parameters.require("decision"), visit)
        }
        router.page("/console/review", of: self) { request, _, visit in
            try await reviewQueue(request, visit)
        }
    }
}
