import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// R4.5: the open work shows each late stage once, however many alerts
/// (overdue, then escalated) it raised.
@Suite("R4.5 alerts as work")
struct StageAlertTests {
    static func alert(_ order: UUID, _ stage: TrackingStage, _ kind: AlertKind, since: Date = Fixtures.now)
        -> StageAlert
    {
        StageAlert(
            id: UUID(), orderID: order, orderNumber: "SH01-20261201-0001", storeCode: "SH01", stage: stage,
            stageSince: since, kind: kind, deadline: since.addingTimeInterval(3600), dueAt: since,
            raisedAt: since, audience: AlertAudience(roles: [.storeManager]))
    }

    @Test("R4.5 an overdue stage and its escalation are one line; other stages and runs stay apart")
    func onePerStageRun() {
        let first = UUID()
        let second = UUID()
        let alerts = [
            Self.alert(first, .dispatch, .overdue), Self.alert(second, .arrival, .warning),
            Self.alert(first, .dispatch, .escalated), Self.alert(first, .customerContact, .overdue),
            Self.alert(first, .dispatch, .overdue, since: Fixtures.now.addingTimeInterval(7200)),
        ]
        let lines = StageAlert.onePerStageRun(alerts)
        #expect(lines.map(\.kind) == [.escalated, .warning, .overdue, .overdue])
        #expect(lines.map(\.stage) == [.dispatch, .arrival, .customerContact, .dispatch])
    }
}

@Suite("Who did it, as people read it")
struct ActorLabelTests {
    @Test("staff by name, systems and customers in words, never a raw id")
    func labels() {
        let names = ["sh.tech2": "李国栋"]
        #expect(ActorLabel.text("staff:sh.tech2", staffNames: names, in: .zhHans) == "李国栋")
        #expect(ActorLabel.text("system:rule.afterService", staffNames: names, in: .en) == "System (rule)")
        #expect(ActorLabel.text("system:rule.afterService", staffNames: names, in: .zhHans) == "系统（自动规则）")
        #expect(ActorLabel.text("customer:13812345678", staffNames: names, in: .en) == "Customer")
        #expect(ActorLabel.text("platform:meituan", staffNames: names, in: .en) == "Platform meituan")
        // An account since removed: its user name, not the raw form.
        #expect(ActorLabel.text("staff:gone.person", staffNames: names, in: .en) == "gone.person")
    }
}
