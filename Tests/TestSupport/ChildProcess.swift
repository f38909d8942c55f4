#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A child started with `Spawn` (posix_spawn, not Foundation.Process, which passes a
/// blocked signal mask and can hang in waitUntilExit, as found here), its
/// stdout and stderr on a socket that is read with a deadline, never with sleeps.
public final class ChildProcess {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let pid: pid_t
    private var output: Int32
    /// The write end of the child's stdin, when spawned `withInput`.
    private var input: Int32 = -1
    private var buffer: [UInt8] = []
    public private(set) var lines: [String] = []
    public private(set) var reachedEnd = false
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
        if input >= 0 { _ = close(input) }
    }

    /// Starts `path` with the test process's environment, or `environment` when given.
    public static func spawn(_ path: String, _ arguments: [String], withInput: Bool = false,
                             environment: [String: String]? = nil) throws -> ChildProcess {
        var fds: [Int32] = [-1, -1]
        // Close-on-exec from birth (socketpair takes the flag, pipe does not): a process spawned by another
        // test at the same moment must not inherit the write end and hold the output open.
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else {
            throw Failure(description: "socketpair failed: errno \(errno)")
        }
        defer { _ = close(fds[1]) }
        var stdin: [Int32] = [-1, -1]
        if withInput {
            guard socketpair(AF_UNIX, type, 0, &stdin) == 0 else {
                _ = close(fds[0])
                throw Failure(description: "socketpair failed: errno \(errno)")
            }
        }
        defer { if stdin[0] >= 0 { _ = close(stdin[0]) } }
        do {
            let pid = try Spawn.start(path, arguments, environment: environment ?? ProcessInfo.processInfo.environment,
                                      stdin: withInput ? .descriptor(stdin[0]) : .null,
                                      stdout: .descriptor(fds[1]), stderr: .descriptor(fds[1]))
            let child = ChildProcess(pid: pid, output: fds[0])
            child.input = stdin[1]
            return child
        } catch {
            _ = close(fds[0])
            if stdin[1] >= 0 { _ = close(stdin[1]) }
            throw Failure(description: "\(error)")
        }
    }

    /// Writes a line to the child's stdin (spawned `withInput`); false when it is gone.
    @discardableResult
    public func send(_ line: String) -> Bool {
        guard input >= 0 else { return false }
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(input, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Ends the child's stdin.
    public func closeInput() {
        if input >= 0 {
            _ = close(input)
            input = -1
        }
    }

    /// Reads until `condition` holds for the lines read so far, the output ends, or the deadline passes.
    @discardableResult
    public func read(until deadline: ContinuousClock.Instant, _ condition: ([String]) -> Bool) -> Bool {
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
    public func readToEnd(until deadline: ContinuousClock.Instant) -> Bool {
        read(until: deadline) { _ in false }
        return reachedEnd
    }

    public func kill() {
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Reaps the child and returns its raw wait status.
    @discardableResult
    public func wait() -> Int32 {
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

extension ChildProcess {
    /// Waits (up to `seconds`) until the child has printed more than `count` lines or an
    /// `error` line: the moment after which a crash test's random kill falls. Whether it came.
    public func awaitLines(moreThan count: Int, seconds: Int = 10) -> Bool {
        read(until: ContinuousClock.now + .seconds(seconds)) { lines in
            lines.count > count || lines.contains { $0.hasPrefix("error") }
        }
    }

    /// SIGKILL, reaped, and the rest of its output read; whether the output ended.
    public func killAndReadToEnd() -> Bool {
        kill()
        wait()
        return readToEnd(until: ContinuousClock.now + .seconds(10))
    }
}
