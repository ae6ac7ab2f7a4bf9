import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The follow-up list (R4.2): the person's own open follow-ups, soonest
/// due first, and those of their stores.
extension TrackingChapter {
    struct FollowUpListRow: Sendable {
        let id: String
        let order: String
        let href: String
        let reason: String
        let due: String
        let overdue: Bool
        let owner: String
        let contacts: Int
    }

    struct FollowUpsPage: Sendable {
        let notice: String?
        let mine: [FollowUpListRow]
        let store: [FollowUpListRow]
        let noneMine: Bool
        let noneStore: Bool
        let contactChannels: [Choice]
        let contactResults: [Choice]
    }

    func followUpsPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let now = visit.now
        var staff: [UUID: String] = [:]
        for store in visit.caller.visibleStores(for: .handleFollowUps) ?? [] {
            for member in (try? await tracking.colleagues(of: store, by: visit.caller)) ?? [] {
                staff[member.id] = member.displayName
            }
        }
        let zones = try await storeZones()
        func row(_ followUp: FollowUp) throws -> FollowUpListRow {
            FollowUpListRow(
                id: followUp.id.uuidString, order: followUp.orderNumber,
                href: "/console/orders/\(ConsoleForm.percentEncoded(followUp.orderNumber))",
                reason: Self.reason(of: followUp, in: visit.language),
                due: ConsoleDates.instant(followUp.dueAt, in: try zones(followUp.storeCode)),
                overdue: followUp.isOverdue(at: now),
                owner: staff[followUp.ownerID] ?? "", contacts: followUp.contacts.count)
        }
        let mine = try await tracking.openFollowUps(mineOnly: true, by: visit.caller).map { try row($0) }
        let mineIDs = Set(mine.map(\.id))
        let store = try await tracking.openFollowUps(mineOnly: false, by: visit.caller).map { try row($0) }
            .filter { !mineIDs.contains($0.id) }
        let language = visit.language
        let page = FollowUpsPage(
            notice: visit.doneNotice(request, "followUps"), mine: mine,
            store: store, noneMine: mine.isEmpty, noneStore: store.isEmpty,
            contactChannels: ContactChannel.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: language), selected: false)
            },
            contactResults: FollowUpResult.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: language), selected: false)
            })
        return renderer.page(
            "follow-ups", visit.frame(title: visit.t["followUps_listTitle"] ?? "", current: "followUps"), page)
    }
}
