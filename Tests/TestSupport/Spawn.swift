#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a program the way a shell would: posix_spawn with an empty signal mask and default
/// dispositions, stdio to files, reaped with waitpid. (Foundation.Process passes a blocked
/// signal mask, so SIGWINCH never reaches a child, and can hang waiting on `tmux
/// new-session`: see ENGINEERING.md.)
public enum Spawn {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Starts `path` and returns its pid without waiting.
    public static func start(_ path: String, _ arguments: [String], environment: [String: String],
                             stdin: String = "/dev/null", stdout: String = "/dev/null",
                             stderr: String = "/dev/null") throws -> pid_t {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
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
    public static func run(_ path: String, _ arguments: [String], environment: [String: String],
                           stdin: String = "/dev/null", stdout: String = "/dev/null",
                           stderr: String = "/dev/null") throws -> Int32 {
        try wait(start(path, arguments, environment: environment, stdin: stdin, stdout: stdout, stderr: stderr))
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
