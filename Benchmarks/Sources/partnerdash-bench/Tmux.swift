#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TestSupport

/// A private tmux server (`-L`) driven through one control-mode client (`tmux -C`), so a
/// poll of the screen is a line written to a pipe rather than a new tmux process: the
/// polling interval stays near a millisecond and costs the program under test little.
final class Tmux {
    let socket: String
    private var client: pid_t = 0
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var buffer: [UInt8] = []

    init(socket: String) {
        self.socket = socket
    }

    /// Starts the server with an idle session and attaches the control client to it.
    func startServer() throws {
        let status = try Spawn.wait(Spawn.start("tmux", [
            "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "idle", "-x", "120", "-y", "40", "exec sleep 100000",
        ], environment: Bench.childEnvironment))
        guard status == 0 else { throw Spawn.Failure(description: "tmux new-session exited \(status)") }
        let toClient = try Spawn.pipeCloseOnExec(), fromClient = try Spawn.pipeCloseOnExec()
        client = try Spawn.start("tmux", ["-L", socket, "-C", "attach-session", "-t", "idle"],
                                 environment: Bench.childEnvironment, stdin: .descriptor(toClient[0]), stdout: .descriptor(fromClient[1]))
        close(toClient[0])
        close(fromClient[1])
        input = toClient[1]
        output = fromClient[0]
        _ = try command("display-message -p ready")
    }

    /// Ends the server through the control client (whose reply is the end of its output),
    /// waits for the client, and makes sure the server process is gone.
    func killServer() {
        guard client > 0 else {
            // The server may be up without its control client (a start that failed half-way).
            _ = try? Spawn.wait(Spawn.start("tmux", ["-L", socket, "kill-server"], environment: Bench.childEnvironment))
            return
        }
        let serverPid = pid_t((try? command("display-message -p '#{pid}'"))?.first ?? "") ?? 0
        let line = Array("kill-server\n".utf8)
        _ = line.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
        close(input)
        input = -1
        // Drain until the client closes its output, for at most five seconds.
        let deadline = nowNanos() + 5_000_000_000
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while nowNanos() < deadline {
            var fds = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 100) >= 0 || errno == EINTR else { break }
            if fds.revents == 0 { continue }
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n == 0 || (n < 0 && errno != EINTR) { break }
        }
        close(output)
        output = -1
        if kill(client, 0) == 0 && nowNanos() >= deadline { kill(client, SIGTERM) }
        _ = try? Spawn.wait(client)
        client = 0
        if serverPid > 0 {
            let until = nowNanos() + 5_000_000_000
            while kill(serverPid, 0) == 0 && nowNanos() < until { usleep(2000) }
            if kill(serverPid, 0) == 0 { kill(serverPid, SIGTERM) }
        }
    }

    /// Sends one command and returns the lines of its reply (between `%begin` and `%end`).
    func command(_ text: String) throws -> [String] {
        let line = Array((text + "\n").utf8)
        let written = line.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
        guard written == line.count else { throw Spawn.Failure(description: "tmux control client: write failed") }
        var reply: [String] = []
        var inside = false
        while true {
            let l = try readLine()
            if !inside {
                // Blocks flagged 0 were not asked for by this client (the attach's own reply).
                if l.hasPrefix("%begin "), l.split(separator: " ").last == "1" { inside = true }
                continue
            }
            if l.hasPrefix("%end ") { return reply }
            if l.hasPrefix("%error ") { throw Spawn.Failure(description: "tmux: \(text): \(reply.joined(separator: " "))") }
            reply.append(l)
        }
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Spawn.Failure(description: "tmux control client closed its output") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    struct Timing {
        var ms: Double
        /// When `text` was there and `absent` no longer was (nil when not asked).
        var completeMs: Double?
        /// Mean time between two looks at the screen.
        var pollInterval: Double
    }

    /// Starts `shellCommand` in a new detached session of the given size and returns the
    /// time from asking tmux to start it to every one of `texts` being on its screen, and,
    /// with `absent`, to them being there without `absent`. (A frame reaches tmux in pieces:
    /// asking for its last line as well as its heading means the frame is whole.) The
    /// session is then killed and its process waited for (so the next run finds the
    /// workspace unlocked).
    func timeUntil(_ texts: [String], thenWithout absent: String? = nil, session: String, rows: Int, cols: Int,
                   command shellCommand: String, pollMicroseconds: Int, timeout: Double = 120_000) throws -> Timing {
        let start = nowNanos()
        try self.start(session, rows: rows, cols: cols, command: shellCommand)
        var polls = 0
        var found: Double?
        var complete: Double?
        var lastScreen: [String] = []
        while complete == nil {
            lastScreen = try command("capture-pane -p -t \(session)")
            polls += 1
            if texts.allSatisfy({ text in lastScreen.contains { $0.contains(text) } }) {
                let now = millis(since: start)
                if found == nil { found = now }
                guard let absent else { break }
                if !lastScreen.contains(where: { $0.contains(absent) }) { complete = now }
            }
            if complete != nil { break }
            if millis(since: start) > timeout {
                throw Spawn.Failure(description: "\(texts) did not appear within \(timeout) ms; the screen:\n" + lastScreen.joined(separator: "\n"))
            }
            usleep(useconds_t(pollMicroseconds))
        }
        let elapsed = found ?? 0
        lastSize = try command("display-message -p -t \(session) '#{window_width}x#{window_height}'").first ?? ""
        try end(session)
        return Timing(ms: elapsed, completeMs: complete, pollInterval: (complete ?? elapsed) / Double(max(polls, 1)))
    }

    /// The window size tmux reported for the last session timed.
    private(set) var lastSize = ""
}

extension Tmux {
    /// Starts `shellCommand` in a new detached session and waits until every one of `texts`
    /// is on its screen (without `absent`, when given); the session is left running.
    func open(_ session: String, rows: Int, cols: Int, command shellCommand: String, until texts: [String],
              without absent: String? = nil, timeout: Double = 120_000) throws {
        try start(session, rows: rows, cols: cols, command: shellCommand)
        _ = try waitUntil(texts, without: absent, session: session, pollMicroseconds: 2000, timeout: timeout)
    }

    /// Starts `shellCommand` in a new detached session of the given size, without waiting.
    func start(_ session: String, rows: Int, cols: Int, command shellCommand: String) throws {
        let quoted = "\"" + shellCommand.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        _ = try command("new-session -d -s \(session) -x \(cols) -y \(rows) \(quoted)")
    }

    /// The process the session's pane runs (the program itself when the command `exec`s it).
    func panePid(_ session: String) throws -> pid_t {
        guard let pid = pid_t(try command("display-message -p -t \(session) '#{pane_pid}'").first ?? ""), pid > 0 else {
            throw Spawn.Failure(description: "tmux gave no process for session \(session)")
        }
        return pid
    }

    /// Kills the session and waits (at most 30 s) until its process is gone, so whatever
    /// runs next finds the workspace unlocked and the memory given back.
    func end(_ session: String) throws {
        let pid = try panePid(session)
        _ = try command("kill-session -t \(session)")
        let deadline = nowNanos() + 30_000_000_000
        while kill(pid, 0) == 0 && nowNanos() < deadline { usleep(1000) }
    }

    /// Polls the session's screen until every one of `texts` is there (and `absent` is not);
    /// returns the milliseconds it took.
    @discardableResult
    func waitUntil(_ texts: [String], without absent: String? = nil, session: String, pollMicroseconds: Int,
                   timeout: Double = 60_000) throws -> Double {
        try screenOnceShowing(texts, without: absent, session: session, pollMicroseconds: pollMicroseconds, timeout: timeout).ms
    }

    /// `waitUntil`, returning the screen that showed them too.
    func screenOnceShowing(_ texts: [String], without absent: String? = nil, session: String, pollMicroseconds: Int,
                           timeout: Double = 60_000) throws -> (ms: Double, screen: [String]) {
        let start = nowNanos()
        while true {
            let screen = try command("capture-pane -p -t \(session)")
            if texts.allSatisfy({ text in screen.contains { $0.contains(text) } }),
               absent.map({ text in !screen.contains { $0.contains(text) } }) ?? true {
                return (millis(since: start), screen)
            }
            if millis(since: start) > timeout {
                throw Spawn.Failure(description: "\(texts) did not appear within \(timeout) ms; the screen:\n" + screen.joined(separator: "\n"))
            }
            usleep(useconds_t(pollMicroseconds))
        }
    }

    /// Keys as tmux names them (`Enter`, `Escape`), or literal text with `literal`.
    func send(_ keys: [String], to session: String, literal: Bool = false) throws {
        let quoted = keys.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        _ = try command("send-keys -t \(session) \(literal ? "-l " : "")\(quoted)")
    }
}
