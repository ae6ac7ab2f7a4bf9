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
        router.get("/console/orders") { request, _ in try await signedIn(request) { try await orderList(request, $0) } }
        router.get("/console/orders/new") { request, _ in
            try await signedIn(request) { try await newOrderForm(request, $0) }
        }
        router.post("/console/orders") { request, _ in
            try await signedIn(request) { try await submitOrder(request, $0) }
        }
        router.get("/console/orders/:ref") { request, context in
            try await signedIn(request) { visit in
                // After a decision the page says what happened.
                try await orderDetail(
                    context.parameters.require("ref"), visit, notice: visit.doneNotice(request, "order"))
            }
        }
        router.post("/console/orders/:ref/:decision") { request, context in
            try await signedIn(request) {
                try await decide(
                    request, ref: context.parameters.require("ref"),
                    decision: context.parameters.require("decision"), $0)
            }
        }
        router.get("/console/review") { request, _ in try await signedIn(request) { try await reviewQueue(request, $0) }
        }
    }
}
