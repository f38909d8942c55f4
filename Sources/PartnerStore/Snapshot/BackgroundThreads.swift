import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Threads that write a snapshot behind the dashboard's back, at a lower CPU priority
/// than the thread that takes keys and commits. On two cores an encoder at the same
/// priority takes the core the event loop is about to need, and the event loop then
/// waits its turn; at nice 10 the scheduler hands the core back the moment the event
/// loop wakes. Only threads started for the snapshot are lowered: an unprivileged
/// process cannot raise a priority again, so a shared (Dispatch) thread never is.
enum BackgroundThreads {
    /// The nice value of a snapshot's threads (0 is a normal thread's, 19 the lowest).
    static let niceness: Int32 = 10

    /// Lowers the calling thread (never the process) to `niceness`. Best effort: a system
    /// that refuses leaves the thread as it was, which is slower for others, not wrong.
    static func lowerCurrentThread() {
        #if os(Linux)
        // Linux keeps a nice value per thread, and PRIO_PROCESS with id 0 names the calling thread.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #else
        Thread.current.qualityOfService = .utility
        #endif
    }

    /// The calling thread's nice value.
    static var currentNiceness: Int32 {
        #if os(Linux)
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        return getpriority(PRIO_PROCESS, 0)
        #endif
    }

    /// Runs `body(0)` … `body(iterations - 1)` each on a new thread of its own at the lowered
    /// priority, and returns once all have returned (the counterpart of `concurrentPerform`).
    static func perform(iterations: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let finished = DispatchGroup()
        for index in 0..<iterations {
            finished.enter()
            let thread = Thread {
                lowerCurrentThread()
                body(index)
                finished.leave()
            }
            thread.name = "partnerdash-snapshot-\(index)"
            thread.start()
        }
        finished.wait()
    }
}
