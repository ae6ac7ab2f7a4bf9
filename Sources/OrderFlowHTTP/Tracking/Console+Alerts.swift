import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowApp
import OrderFlowCore
import ServiceLifecycle

/// The alerts addressed to the signed-in person (R4.5): a page, the
/// acknowledge button, and a server-sent event stream that keeps the
/// navigation badge and the page current without a reload.
extension TrackingChapter {
    struct AlertRow: Sendable, Encodable {
        let id: String
        let order: String
        let href: String
        let stage: String
        let kind: String
        let kindLabel: String
        let deadline: String
        let raised: String
        let handled: String?
        let open: Bool
        /// Past the deadline: the person taking it on may say why (R4.6).
        let late: Bool
    }

    struct AlertsPage: Sendable {
        let notice: String?
        let showingAll: Bool
        let rows: [AlertRow]
        let none: Bool
        let causes: [Choice]
    }

    func alertsPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let showingAll = request.uri.queryParameters["state"] == "all"
        let alerts = try await tracking.alerts(openOnly: !showingAll, by: visit.caller)
        // Open work: one line per late stage; the full history lists every alert.
        let zones = try await storeZones()
        let rows = try (showingAll ? alerts : StageAlert.onePerStageRun(alerts)).map {
            Self.alertRow($0, visit, zone: try zones($0.storeCode))
        }
        let page = AlertsPage(
            notice: visit.doneNotice(request, "alerts"),
            showingAll: showingAll, rows: rows, none: rows.isEmpty,
            causes: DelayCause.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: visit.language), selected: false)
            })
        return renderer.page("alerts", visit.frame(title: visit.t["alerts_title"] ?? "", current: "alerts"), page)
    }

    func acknowledgeAlert(_ request: Request, id: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        guard let alertID = UUID(uuidString: id) else { throw TrackingService.alertNotFound }
        _ = try await tracking.acknowledgeAlert(
            alertID, cause: form["cause"].flatMap(DelayCause.init(rawValue:)), by: visit.caller)
        return ConsoleRenderer.redirect("/console/alerts?done=acknowledged")
    }

    static func alertRow(_ alert: StageAlert, _ visit: ConsoleVisit, zone: TimeZone) -> AlertRow {
        let handled: String? =
            if let at = alert.acknowledgedAt {
                visit.text(
                    "alerts_acknowledgedBy",
                    ["name": alert.acknowledgedBy ?? "", "time": ConsoleDates.instant(at, in: zone)])
            } else if let at = alert.resolvedAt {
                visit.text("alerts_resolvedAt", ["time": ConsoleDates.instant(at, in: zone)])
            } else { nil }
        return AlertRow(
            id: alert.id.uuidString.lowercased(), order: alert.orderNumber,
            href: "/console/orders/\(ConsoleForm.percentEncoded(alert.orderNumber))",
            stage: alert.stage.label.text(in: visit.language), kind: alert.kind.rawValue,
            kindLabel: alert.kind.label.text(in: visit.language),
            deadline: ConsoleDates.instant(alert.deadline, in: zone),
            raised: ConsoleDates.instant(alert.raisedAt, in: zone), handled: handled, open: alert.isOpen,
            late: alert.kind != .warning)
    }

    /// Server-sent events: an `alerts` event with the person's open alerts
    /// whenever they change, read from the database every two seconds, so
    /// an alert raised by the monitor of any instance shows everywhere. The
    /// stream ends after five minutes (the browser reconnects by itself)
    /// and at a graceful shutdown, so no connection holds the server up.
    func alertStream(_ visit: ConsoleVisit) async throws -> Response {
        guard visit.caller.mayAtAll(.handleAlerts) else { throw AppError.notAllowed }
        let tracking = self.tracking
        let rounds = max(1, console.alertStreamSeconds / 2)
        let body = ResponseBody { writer in
            var last: [String]?
            var sinceHeartbeat = 0
            for round in 0..<rounds {
                if round > 0 { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(2)) } }
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                let open = StageAlert.onePerStageRun((try? await tracking.alerts(by: visit.caller)) ?? [])
                let zones = try await storeZones()
                let ids = open.map(\.id.uuidString)
                if ids != last {
                    last = ids
                    let payload = AlertStreamPayload(
                        count: open.count,
                        alerts: try open.prefix(20).map { Self.alertRow($0, visit, zone: try zones($0.storeCode)) })
                    let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: alerts\ndata: \(json)\n\n"))
                    sinceHeartbeat = 0
                } else if sinceHeartbeat >= 7 {
                    // A comment line keeps proxies from closing a quiet stream.
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    sinceHeartbeat = 0
                }
                sinceHeartbeat += 1
            }
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    struct AlertStreamPayload: Encodable {
        let count: Int
        let alerts: [AlertRow]
    }
}
