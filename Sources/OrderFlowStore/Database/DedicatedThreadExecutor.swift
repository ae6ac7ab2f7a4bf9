import NIOPosix

/// A task executor that runs jobs on the one thread of an `NIOThreadPool`.
///
/// The SQLite writer's connection executes its statements on that same
/// pool, and its drain loop runs here: a statement and the code around it
/// then follow each other on one thread, where every statement used to cost
/// two cross-thread wake-ups (measured as most of an order's latency on these
/// virtual machines). Nothing else shares the thread.
final class DedicatedThreadExecutor: TaskExecutor {
    let pool: NIOThreadPool

    init() {
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pool.submit { state in
            // A job submitted during shutdown is still run, so that no task is left suspended.
            _ = state
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}
