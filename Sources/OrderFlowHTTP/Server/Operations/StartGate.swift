import ServiceLifecycle
import Synchronization

/// Holds background services back until the server is ready: the database
/// migrated and demo data loaded. Opened once; waiting after that returns
/// at once, and a cancelled wait returns too.
final class StartGate: Sendable {
    private struct State {
        var isOpen = false
        var nextTicket = 0
        var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Whether the server is ready: migrated, demo data loaded.
    var isOpen: Bool { state.withLock { $0.isOpen } }

    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for continuation in waiting { continuation.resume() }
    }

    func wait() async {
        let ticket = state.withLock { state in
            state.nextTicket += 1
            return state.nextTicket
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.isOpen || Task.isCancelled { return true }
                    state.waiting[ticket] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiting.removeValue(forKey: ticket) }?.resume()
        }
    }
}

/// A background service that starts once the gate opens.
struct ServiceAfterGate<Wrapped: Service>: Service {
    let gate: StartGate
    let service: Wrapped

    func run() async throws {
        await cancelWhenGracefulShutdown { await gate.wait() }
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        try await service.run()
    }
}

/// Gets the server ready while it already listens (so `/health` answers at
/// once and `/ready` says "not yet"): runs the migrations and the first
/// start's work, opens the gate, and then stays until shutdown, as a
/// service of the group must.
struct StartupService: Service {
    let gate: StartGate
    let work: @Sendable () async throws -> Void

    func run() async throws {
        try await work()
        gate.open()
        try? await gracefulShutdown()
    }
}
