import Foundation

/// A snapshot being written on a background thread for an owner whose thread must
/// never wait for it (the dashboard's event loop blocks in the terminal between keys,
/// so it cannot await a task; it polls instead).
final class CheckpointJob: @unchecked Sendable {
    let plan: CheckpointPlan
    private let lock = NSLock()
    private let done = DispatchGroup()
    // Written once by the worker thread, read under the lock by the owner.
    private var result: Result<WrittenSnapshot, any Error>?

    convenience init(plan: CheckpointPlan) {
        self.init(plan: plan) { try $0.writeSnapshot(inBackground: true) }
    }

    /// Runs `write` on a thread of its own at a lowered priority (`BackgroundThreads`): the
    /// owner's thread must never wait for a core behind it.
    init(plan: CheckpointPlan, write: @escaping @Sendable (CheckpointPlan) throws -> WrittenSnapshot) {
        self.plan = plan
        done.enter()
        // A test's fault plan reaches the snapshot thread too (task-locals do not cross threads).
        let faults = FaultPlan.current
        let thread = Thread { [self] in
            BackgroundThreads.lowerCurrentThread()
            let outcome = FaultPlan.$current.withValue(faults) { Result { try write(plan) } }
            lock.withLock { result = outcome }
            done.leave()
        }
        thread.name = "partnerdash-checkpoint"
        thread.start()
    }

    /// Blocks until the snapshot is written (for an owner about to close).
    func wait() { done.wait() }

    /// The outcome once the snapshot is written (or failed); nil while it is being written.
    var outcome: Result<WrittenSnapshot, any Error>? {
        lock.withLock { result }
    }
}
