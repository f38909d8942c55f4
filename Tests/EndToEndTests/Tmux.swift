#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// A real terminal for the real binary: a tmux server on a private socket at a fixed size.
/// Keys go in with send-keys; the screen comes back with capture-pane. Waiting is polling
/// the screen against a deadline, never a fixed sleep.
final class Tmux {
    private let name = "pd-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    /// A server per start: `kill-server` returns before the old server is gone, and a new
    /// session must not reach a server that is shutting down.
    var socket: String { "\(name)-\(starts)" }
    let scratch: URL
    let environment: [String: String]
    private(set) var lastScreen = ""

    init(scratch: URL) {
        self.scratch = scratch
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": scratch.path, "LANG": "C.UTF-8", "TERM": "xterm-256color",
        ]
    }

    deinit {
        for start in 0...starts {
            _ = try? Spawn.run("tmux", ["-L", "\(name)-\(start)", "kill-server"], environment: environment)
        }
    }

    /// Where the shell in the pane writes the program's exit status.
    private var statusFile: URL { scratch.appendingPathComponent("exit-\(socket)") }
    private var starts = 0

    /// Starts `command` in a new detached session of the given size. A shell around it
    /// writes its exit status to a file (tmux's own pane status can lag behind the pane
    /// closing), and the pane stays after the program exits so its last screen can be read.
    func start(_ command: [String], width: Int = 100, height: Int = 30) throws {
        starts += 1
        let line = command.map(Self.quote).joined(separator: " ")
        let status = Self.quote(statusFile.path)
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)",
                  "\(line); echo $? > \(status).tmp && mv \(status).tmp \(status)", ";",
                  "set-option", "-g", "remain-on-exit", "on"])
    }

    /// Named keys (`Enter`, `Down`, `Escape`, `C-c`, `PageDown`) as tmux spells them.
    func press(_ keys: String...) throws { try press(keys) }

    func press(_ keys: [String]) throws { try tmux(["send-keys", "-t", "0"] + keys) }

    /// The program's pid (the child of the pane's shell).
    func programPID() throws -> pid_t {
        let out = scratch.appendingPathComponent("pid-\(socket).txt")
        try tmux(["display-message", "-p", "-t", "0", "#{pane_pid}"], stdout: out.path)
        let shell = ((try? String(contentsOf: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        guard let pid = children.split(separator: " ").first.flatMap({ Int32($0) }) else {
            throw Spawn.Failure(description: "no program running under the pane's shell \(shell)")
        }
        return pid
    }

    /// Sends SIGTERM to the program.
    func terminateProgram() throws { kill(try programPID(), SIGTERM) }

    /// Waits until the program has read every key sent so far and is back waiting for
    /// input: nothing left in its terminal's input queue (FIONREAD on its stdin, the
    /// pane's pty) and the process asleep in poll.
    func waitUntilKeysAreRead(timeout: Duration = .seconds(60)) throws {
        let pid = try programPID()
        let fd = open("/proc/\(pid)/fd/0", O_RDONLY | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { throw Spawn.Failure(description: "cannot open the program's terminal") }
        defer { close(fd) }
        try waitFor("the program to read every key", timeout: timeout) { _ in
            var pending: Int32 = 0
            guard ioctl(fd, UInt(FIONREAD), &pending) == 0, pending == 0 else { return false }
            let wchan = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? ""
            return wchan.contains("poll") || wchan.contains("select")
        }
    }

    /// Literal text, as typed.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "0", "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
    }

    func screen() throws -> String {
        let out = scratch.appendingPathComponent("capture-\(socket).txt")
        try tmux(["capture-pane", "-p", "-t", "0"], stdout: out.path)
        lastScreen = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        return lastScreen
    }

    /// How the program in the pane ended: nil while it runs, else its exit status
    /// (128 + n when signal n killed it, as the shell reports).
    func exitStatus() throws -> Int? {
        guard let text = try? String(contentsOf: statusFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits for the program to end and returns how it ended.
    func waitForExit(timeout: Duration = .seconds(20)) throws -> Int {
        var ended: Int?
        try waitFor("the program to exit", timeout: timeout) { _ in
            ended = try? exitStatus()
            return ended != nil
        }
        return ended ?? Int.min
    }

    /// Polls until the screen satisfies `condition` or the deadline passes; returns the screen.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(20), _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = try screen()
            if condition(text) { return text }
            if ContinuousClock.now > deadline {
                Issue.record("timed out waiting for \(what); the screen was:\n\(text)")
                throw Spawn.Failure(description: "timed out waiting for \(what)")
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&pause, nil)
        }
    }

    /// The status line under the page box, read as one line: a long message wraps onto
    /// several (docs/TUI.md › Truthful feedback).
    static func statusLine(of screen: String) -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let below = lines.suffix(from: (lines.lastIndex { $0.hasPrefix("└") } ?? lines.count - 2) + 1)
        return below.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    func tmux(_ arguments: [String], stdout: String = "/dev/null") throws {
        let status = try Spawn.run("tmux", ["-L", socket, "-f", "/dev/null"] + arguments, environment: environment,
                                   stdout: .file(stdout))
        if arguments.first != "kill-server" && status != 0 {
            throw Spawn.Failure(description: "tmux \(arguments.joined(separator: " ")) exited \(status)")
        }
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// A scratch directory with a workspace path and the binary, for one end-to-end test.
struct EndToEnd {
    let scratch: URL
    let binary: URL
    let tmux: Tmux
    var workspace: URL { scratch.appendingPathComponent("ws") }

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("partnerdash-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        binary = try Spawn.partnerdashBinary()
        tmux = Tmux(scratch: scratch)
    }

    /// Runs a CLI subcommand against the workspace (setup and checks around the dashboard).
    @discardableResult
    func cli(_ arguments: String...) throws -> (status: Int32, output: String) {
        let out = scratch.appendingPathComponent("cli-\(UUID().uuidString).out")
        let status = try Spawn.run(binary.path, Array(arguments) + ["--data", workspace.path], environment: tmux.environment,
                                   stdout: .file(out.path), stderr: .file(out.path))
        return (status, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }

    func dashboard(as user: String, width: Int = 100, height: Int = 30) throws {
        try tmux.start([binary.path, "--data", workspace.path, "--as", user], width: width, height: height)
    }

    func cleanUp() {
        try? tmux.tmux(["kill-server"])
        try? FileManager.default.removeItem(at: scratch)
    }
}
