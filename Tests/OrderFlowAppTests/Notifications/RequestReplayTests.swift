import Foundation
import OrderFlowApp
import OrderFlowStore
import OrderFlowTestSupport
import Testing

/// B6: answers kept under an idempotency key, for a day.
@Suite("Idempotency keys: kept, replayed, expired")
struct RequestReplayTests {
    @Test(
        "the first answer is replayed for a day, then the key is free; a dead request frees it sooner",
        arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = TestClock()
            let replays = RequestReplayService(database: database, environment: clock.environment)
            let start = {
                try await replays.start(scope: "integration:a", key: "k1", operation: "op", requestHash: "h")
            }
            #expect(try await start() == .proceed)
            #expect(try await start() == .inFlight)
            try await replays.finish(
                scope: "integration:a", key: "k1", status: 201, headers: ["ETag": "\"v1\""], body: Data("{}".utf8))
            #expect(try await start() == .replay(status: 201, headers: ["ETag": "\"v1\""], body: Data("{}".utf8)))
            #expect(
                try await replays.start(scope: "integration:a", key: "k1", operation: "op", requestHash: "other")
                    == .reused)
            #expect(
                try await replays.start(scope: "integration:b", key: "k1", operation: "op", requestHash: "h")
                    == .proceed)
            clock.advance(by: RequestReplayService.keptFor + 1)
            #expect(try await start() == .proceed)
            // Started but never answered (its server died): free again after a while.
            clock.advance(by: RequestReplayService.abandonedAfter + 1)
            #expect(try await start() == .proceed)
        }
    }
}
