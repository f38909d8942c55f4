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
    let socket = "pd-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
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

    deinit { try? tmux(["kill-server"]) }

    /// Starts `command` in a new detached session of the given size. The pane stays after
    /// the program exits so its last screen and exit status can be read.
    func start(_ command: [String], width: Int = 100, height: Int = 30) throws {
        let line = command.map(Self.quote).joined(separator: " ")
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", line, ";",
                  "set-option", "-g", "remain-on-exit", "on"])
    }

    /// Named keys (`Enter`, `Down`, `Escape`, `C-c`, `PageDown`) as tmux spells them.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "0"] + keys) }

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

    /// Whether the program in the pane has exited, and with what status.
    func exitStatus() throws -> Int? {
        let out = scratch.appendingPathComponent("status-\(socket).txt")
        try tmux(["display-message", "-p", "-t", "0", "#{pane_dead} #{pane_dead_status}"], stdout: out.path)
        let parts = ((try? String(contentsOf: out, encoding: .utf8)) ?? "").split(separator: " ")
        guard parts.first == "1", parts.count > 1 else { return nil }
        return Int(parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls until the screen satisfies `condition` or the deadline passes; returns the screen.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(10), _ condition: (String) -> Bool) throws -> String {
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

    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    func tmux(_ arguments: [String], stdout: String = "/dev/null") throws {
        let status = try Spawn.run("tmux", ["-L", socket, "-f", "/dev/null"] + arguments, environment: environment,
                                   stdout: stdout)
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
                                   stdout: out.path, stderr: out.path)
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
