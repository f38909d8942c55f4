#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a program the way a shell would: posix_spawn with an empty signal mask and default
/// dispositions, reaped with waitpid. (Foundation.Process passes a blocked signal mask, so
/// SIGWINCH never reaches a child, and can hang waiting on `tmux new-session`, as
/// found here.) Shared by the tests that run the binary and by the benchmark.
public enum Spawn {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Where one of the child's standard streams goes.
    public enum Stdio: Sendable {
        case null
        /// A file: read for stdin; created 0600 and truncated for stdout and stderr.
        case file(String)
        /// A descriptor of ours, duplicated into the child.
        case descriptor(Int32)
    }

    /// Starts `path` and returns its pid without waiting.
    public static func start(_ path: String, _ arguments: [String], environment: [String: String],
                             stdin: Stdio = .null, stdout: Stdio = .null, stderr: Stdio = .null) throws -> pid_t {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let file):
                posix_spawn_file_actions_addopen(&actions, fd, file, fd == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .descriptor(let ours):
                posix_spawn_file_actions_adddup2(&actions, ours, fd)
            }
        }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGWINCH, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        let rc = posix_spawnp(&pid, path, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for `pid`; returns its exit status, or throws if a signal killed it.
    @discardableResult
    public static func wait(_ pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let signal = status & 0x7F
        guard signal == 0 else { throw Failure(description: "\(pid) was killed by signal \(signal)") }
        return (status >> 8) & 0xFF
    }

    /// Runs to completion and returns the exit status.
    @discardableResult
    public static func run(_ path: String, _ arguments: [String], environment: [String: String],
                           stdin: Stdio = .null, stdout: Stdio = .null, stderr: Stdio = .null) throws -> Int32 {
        try wait(start(path, arguments, environment: environment, stdin: stdin, stdout: stdout, stderr: stderr))
    }

    /// Runs to completion; returns the exit status and what it printed on stdout.
    public static func output(_ path: String, _ arguments: [String],
                              environment: [String: String]) throws -> (status: Int32, output: String) {
        let fds = try pipeCloseOnExec()
        let pid: pid_t
        do {
            pid = try start(path, arguments, environment: environment, stdout: .descriptor(fds[1]))
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        close(fds[0])
        return (try wait(pid), String(decoding: bytes, as: UTF8.self))
    }

    /// A pipe whose ends are closed in children, so a tmux server started by a child never
    /// keeps one of ours open (`pipe2` is not visible to Swift here).
    public static func pipeCloseOnExec() throws -> [Int32] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    /// The `partnerdash` executable of the same build as the running test bundle;
    /// `PARTNERDASH_BIN` overrides.
    public static func partnerdashBinary(testFile: String = #filePath) throws -> URL {
        if let path = ProcessInfo.processInfo.environment["PARTNERDASH_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("partnerdash")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: testFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/partnerdash")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
            throw Failure(description: "build the executable first (swift build --product partnerdash) or set PARTNERDASH_BIN")
        }
        return fallback
    }
}
