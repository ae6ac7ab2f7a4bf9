import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import PropertyBased
import Testing

@Suite("Order state machine")
struct OrderStatusTests {
    @Test("intake moves: received → pending review → confirmed or rejected")
    func intakeTransitions() {
        #expect(OrderStatus.received.canMove(to: .pendingReview))
        #expect(OrderStatus.received.canMove(to: .confirmed))
        #expect(OrderStatus.pendingReview.canMove(to: .confirmed))
        #expect(OrderStatus.pendingReview.canMove(to: .rejected))
        #expect(!OrderStatus.confirmed.canMove(to: .pendingReview))
        #expect(!OrderStatus.rejected.canMove(to: .confirmed))
    }

    @Test("R5.4 rework loops back to acceptance, as often as needed")
    func reworkLoop() {
        #expect(OrderStatus.awaitingAcceptance.canMove(to: .rework))
        #expect(OrderStatus.rework.canMove(to: .awaitingAcceptance))
        #expect(!OrderStatus.rework.canMove(to: .delivered))
    }

    @Test("archived is final and everything closed can only be archived")
    func closedStates() {
        #expect(OrderStatus.archived.allowedNext.isEmpty)
        for status in [OrderStatus.rejected, .cancelled, .settled] {
            #expect(status.allowedNext == [.archived])
        }
    }

    @Test("no service can be cancelled once started")
    func cancellation() {
        #expect(OrderStatus.confirmed.isCancellable)
        #expect(OrderStatus.assigned.isCancellable)
        #expect(!OrderStatus.inService.isCancellable)
        #expect(!OrderStatus.delivered.isCancellable)
    }

    @Test("every status is reachable from received")
    func reachability() {
        var seen: Set<OrderStatus> = [.received]
        var frontier: [OrderStatus] = [.received]
        while let next = frontier.popLast() {
            for target in next.allowedNext where seen.insert(target).inserted { frontier.append(target) }
        }
        #expect(seen == Set(OrderStatus.allCases))
    }

    @Test("random walks of attempted moves never reach a state by an illegal edge")
    func randomWalks() async {
        await propertyCheck(input: Gen<OrderStatus>.case.array(of: 1...40)) { attempts in
            let order = Fixtures.intakeCheck.check(Fixtures.draft()).map {
                $0.makeOrder(
                    id: UUID(), number: "SH01-20261201-0001", status: .received, reviewReasons: [], at: Fixtures.now)
            }
            guard case .success(var current) = order else {
                Issue.record("fixture draft did not pass the check")
                return
            }
            for target in attempts {
                let before = current.status
                do {
                    try current.move(to: target, at: Fixtures.now)
                    #expect(before.allowedNext.contains(target))
                } catch {
                    #expect(!before.allowedNext.contains(target))
                    #expect(current.status == before)
                }
            }
        }
    }

    @Test("every status has a label in both languages")
    func labels() {
        for status in OrderStatus.allCases {
            #expect(!status.label.zhHans.isEmpty)
            #expect(!status.label.en.isEmpty)
            #expect(status.label.zhHans != status.label.en)
        }
    }
}
