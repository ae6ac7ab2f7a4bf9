import Foundation
import OrderFlowCore
import OrderFlowStore
import Testing

@testable import OrderFlowApp

/// Issue 15: each chapter keeps its own part of an order event's payload;
/// events stored before keep reading the same.
@Suite struct OrderEventPayloadTests {
    /// A chapter added later, unknown to every other.
    struct ExamplePart: OrderEventPart {
        static let key = "example"
        var amountFen: Int64
        var at: Date
    }

    @Test func aChaptersPartRoundTripsBesideTheCommonMembers() throws {
        let at = Date(timeIntervalSince1970: 1_765_000_000.123)
        let payload = try OrderEventPayload(
            ExamplePart(amountFen: 12_345_678_901, at: at), fromStatus: .confirmed, reason: "why")
        let read = try JSONCoding.decoder.decode(OrderEventPayload.self, from: JSONCoding.encoder.encode(payload))
        #expect(read == payload)
        #expect(read[ExamplePart.self] == ExamplePart(amountFen: 12_345_678_901, at: at))
        #expect(read.fromStatus == .confirmed && read.reason == "why")
        #expect(read[DeliveryPayload.self] == nil)
    }

    @Test func anEventStoredBeforeThisChangeReadsTheSame() throws {
        // As version 0.6 stored a follow-up's event: the part under "aftercare".
        let stored =
            #"{"reason":"called","aftercare":{"contact":{"channel":"phone","result":"reached","#
            + #""note":"ok","at":1765000000000,"actor":"staff:agent01"}}}"#
        let payload = try JSONCoding.decoder.decode(OrderEventPayload.self, from: Data(stored.utf8))
        #expect(payload.reason == "called")
        let part = try #require(payload[FollowUpPayload.self])
        #expect(part.contact?.note == "ok")
        #expect(part.followUp == nil)
        // Written again, the part is kept as it was read.
        let again = try JSONCoding.decoder.decode(OrderEventPayload.self, from: JSONCoding.encoder.encode(payload))
        #expect(again[FollowUpPayload.self] == part)
    }
}
