import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The customer stops or restarts SMS and e-mail from their tracking page
/// (B3): the link in every message leads here.
extension BookingChapter {
    struct MessageChannelChoice: Sendable {
        let channel: String
        let label: String
        let stopped: Bool
        let button: String
    }

    func messageChannels(token: String, t: [String: String]) async throws -> [MessageChannelChoice] {
        try await notifications.customerChannels(trackingToken: token).map { channel, isStopped in
            MessageChannelChoice(
                channel: channel.rawValue,
                label: t["track_messages_\(channel.rawValue)_\(isStopped ? "stopped" : "on")"] ?? channel.rawValue,
                stopped: isStopped,
                button: t["track_messages_\(isStopped ? "restart" : "stop")"] ?? "")
        }
    }

    func changeMessages(_ request: Request, token: String) async throws -> Response {
        let form = await ConsoleForm.read(request).map { $0.mapValues { $0.first ?? "" } } ?? [:]
        guard Self.sameToken(form["csrf"], request) else {
            let language = ConsoleGate.language(of: request)
            return publicMessage(
                renderer.messages.table(language)["track_delivery_expired"], language: language, status: .forbidden)
        }
        let language = ConsoleGate.language(of: request)
        guard let channel = form["channel"].flatMap(NotificationChannel.init(rawValue:)), channel != .webhook else {
            let t = renderer.messages.table(language)
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["track_notFound"] ?? ""),
                status: .unprocessableContent)
        }
        do {
            try await notifications.setChannel(channel, stopped: form["stop"] == "1", trackingToken: token)
        } catch AppError.notFound {
            let t = renderer.messages.table(language)
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["track_notFound"] ?? ""),
                status: .notFound)
        }
        return ConsoleRenderer.redirect("/track/\(ConsoleForm.percentEncoded(token))?messages=1")
    }
}
