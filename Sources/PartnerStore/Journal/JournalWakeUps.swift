import Synchronization

/// "New records exist": the third part of the journal interface, after conditional
/// append and read-from-a-sequence. Only a wake-up, like PostgreSQL's LISTEN/NOTIFY:
/// it carries the last sequence now in the journal and no records; the reader reads
/// `records(after:)` from the last sequence it saw, so a missed or merged wake-up
/// loses nothing.
public final class JournalWakeUps: Sendable {
    public typealias Listener = @Sendable (_ lastSequence: UInt64) -> Void

    private struct Listeners: ~Copyable {
        var next = 0
        var byToken: [Int: Listener] = [:]
    }

    private let listeners = Mutex(Listeners())

    public init() {}

    /// Calls `listener` after every later append, on the appending thread, until the
    /// returned subscription is cancelled or released.
    public func subscribe(_ listener: @escaping Listener) -> JournalSubscription {
        let token = listeners.withLock { state in
            state.next += 1
            state.byToken[state.next] = listener
            return state.next
        }
        return JournalSubscription { [weak self] in
            _ = self?.listeners.withLock { $0.byToken.removeValue(forKey: token) }
        }
    }

    /// Wakes every listener; called by the journal once an append is durable.
    public func wake(lastSequence: UInt64) {
        // Outside the lock: a listener may subscribe or cancel.
        let current = listeners.withLock { Array($0.byToken.values) }
        for listener in current { listener(lastSequence) }
    }
}

/// A listener's hold on its wake-ups; cancelling (or releasing it) stops them.
public final class JournalSubscription: Sendable {
    private let cancellation: Mutex<(@Sendable () -> Void)?>

    init(_ cancel: @escaping @Sendable () -> Void) {
        cancellation = Mutex(cancel)
    }

    public func cancel() {
        let cancel = cancellation.withLock { stored -> (@Sendable () -> Void)? in
            defer { stored = nil }
            return stored
        }
        cancel?()
    }

    deinit { cancel() }
}
