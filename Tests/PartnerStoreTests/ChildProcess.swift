#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A child started with posix_spawn (not Foundation.Process, which passes a
/// blocked signal mask and can hang in waitUntilExit; see ENGINEERING.md), its
/// stdout and stderr on a pipe that is read with a deadline, never with sleeps.
final class ChildProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    private var output: Int32
    private var buffer: [UInt8] = []
    private(set) var lines: [String] = []
    private(set) var reachedEnd = false
    private var waited = false

    private init(pid: pid_t, output: Int32) {
        self.pid = pid
        self.output = output
    }

    deinit {
        if !waited {
            _ = Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        if output >= 0 { _ = close(output) }
    }

    static func spawn(_ path: String, _ arguments: [String]) throws -> ChildProcess {
        var fds: [Int32] = [-1, -1]
        // Close-on-exec from birth (socketpair takes the flag, pipe does not): a process spawned by another
        // test at the same moment must not inherit the write end and hold the output open.
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else {
            throw Failure(description: "socketpair failed: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        _ = close(fds[1])
        guard result == 0 else {
            _ = close(fds[0])
            throw Failure(description: "posix_spawn \(path) failed: \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid, output: fds[0])
    }

    /// Reads until `condition` holds for the lines read so far, the output ends, or the deadline passes.
    @discardableResult
    func read(until deadline: ContinuousClock.Instant, _ condition: ([String]) -> Bool) -> Bool {
        while !condition(lines) {
            guard !reachedEnd else { return false }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return false }
            let milliseconds = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000, 60_000))
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, max(1, milliseconds))
            if ready < 0 && errno != EINTR { return false }
            if ready > 0 { readAvailable() }
        }
        return true
    }

    /// Everything up to the end of the output (the child has exited, or is killed and reaped).
    func readToEnd(until deadline: ContinuousClock.Instant) -> Bool {
        read(until: deadline) { _ in false }
        return reachedEnd
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Reaps the child and returns its raw wait status.
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        waited = true
        return status
    }

    private func readAvailable() {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
        if count <= 0 {
            if count == 0 || errno != EINTR { reachedEnd = true }
            return
        }
        buffer.append(contentsOf: chunk[0..<count])
        // Only whole lines count: a line cut by the kill was never fully printed.
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeSubrange(...newline)
        }
    }
}
