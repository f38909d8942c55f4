import Foundation

/// A desktop clipboard program, used besides OSC 52: terminals that ignore OSC 52
/// (GNOME Terminal, Konsole, xterm without allowWindowOps) give no sign of it, so when
/// the dashboard runs on a desktop the text is also handed to `wl-copy`, `xclip`,
/// `xsel` or (macOS) `pbcopy`. Over SSH neither `WAYLAND_DISPLAY` nor `DISPLAY` is set,
/// `pbcopy` would fill the far machine's clipboard, and OSC 52 alone carries it.
@MainActor
public protocol ClipboardTool: AnyObject {
    func copy(_ text: String) -> ClipboardToolOutcome
}

public enum ClipboardToolOutcome: Hashable, Sendable {
    case copied(program: String)
    /// No display, or no clipboard program for it.
    case noProgram
    case failed(String)
}

/// The tool of an app nobody gave one: OSC 52 is the only way.
@MainActor
public final class NoClipboardTool: ClipboardTool {
    public init() {}
    public func copy(_ text: String) -> ClipboardToolOutcome { .noProgram }
}

/// Runs the clipboard program of the desktop the dashboard was started on, with the
/// text on its standard input: never in its arguments, which any user can read in
/// /proc, since the text may be a temporary password.
@MainActor
public final class SystemClipboardTool: ClipboardTool {
    private let environment: [String: String]
    /// How long the program may take to read the text before it is killed: the
    /// dashboard waits for it, and a clipboard must not freeze the keyboard.
    private let patience: Duration

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                patience: Duration = .seconds(2)) {
        self.environment = environment
        self.patience = patience
    }

    public func copy(_ text: String) -> ClipboardToolOutcome {
        guard let (program, arguments) = command() else { return .noProgram }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return .failed(String(cString: strerror(errno))) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        let pid: pid_t
        do {
            defer { close(readEnd) }
            pid = try DesktopProgram.spawn(program, arguments, environment: environment, stdin: readEnd)
        } catch {
            close(writeEnd)
            return .failed(error.description)
        }
        let written = writeAll(Array(text.utf8), to: writeEnd)
        close(writeEnd)
        let name = (program as NSString).lastPathComponent
        switch waitForExit(pid) {
        case .some(0) where written: return .copied(program: name)
        case .some(let status): return .failed("\(name) exited with status \(status)")
        case .none: return .failed("\(name) did not finish within \(patience)")
        }
    }

    /// Wayland's tool under Wayland, else X11's, else macOS's when not over SSH; nil
    /// without a display or a tool.
    public func command() -> (String, [String])? {
        if isSet("WAYLAND_DISPLAY"), let path = find("wl-copy") {
            return (path, [])
        }
        if isSet("DISPLAY") {
            if let path = find("xclip") { return (path, ["-selection", "clipboard"]) }
            if let path = find("xsel") { return (path, ["--clipboard", "--input"]) }
        }
        if !isSet("SSH_CONNECTION") && !isSet("SSH_TTY"), let path = find("pbcopy") { return (path, []) }
        return nil
    }

    private func isSet(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }

    private func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        // A program that exits without reading must not end the dashboard with SIGPIPE.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        return bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// The exit status, or nil when the program was still running at the deadline (it
    /// is then killed and reaped). wl-copy, xclip and xsel fork a child that keeps the
    /// selection, so the program itself ends as soon as it has read the text.
    private func waitForExit(_ pid: pid_t) -> Int32? {
        let deadline = ContinuousClock.now + patience
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return exitCode(status) }
            if reaped < 0 && errno != EINTR { return -1 }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return nil
            }
            usleep(2_000)
        }
    }

    private func exitCode(_ status: Int32) -> Int32 {
        // WIFEXITED/WEXITSTATUS are macros Swift cannot import.
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    private func find(_ name: String) -> String? {
        DesktopProgram.find(name, environment: environment)
    }
}
