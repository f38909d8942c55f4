import Foundation
import Logging
import Synchronization

/// The diagnostic log: one line a record, appended to a file (0600) and never written to
/// the terminal, so the dashboard's screen stays its own. The file is created on the
/// first record, so a run that logs nothing (a successful command at the default level)
/// leaves no file behind.
public enum DiagnosticLog {
    /// What `--log-level` and `PARTNERDASH_LOG` fall back to: only what went wrong.
    public static let defaultLevel = Logger.Level.warning

    /// `$XDG_STATE_HOME/partnerdash/partnerdash.log`, else `~/.local/state/partnerdash/partnerdash.log`:
    /// state that outlives a run but is not the user's data, so not beside the workspace.
    public static func file(environment: [String: String]) -> URL {
        let state: URL
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty {
            state = URL(fileURLWithPath: xdg)
        } else {
            state = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".local/state")
        }
        return state.appendingPathComponent("partnerdash/partnerdash.log")
    }

    /// Sends every `Logger` of the process to `file` at `level`. Call once, before the first record.
    public static func bootstrap(level: Logger.Level, file: URL) {
        let sink = LogFile(url: file)
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, level: level, sink: sink) }
    }
}

/// A `LogHandler` writing `time level label: message key=value…` lines to a `LogFile`.
public struct FileLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: LogFile

    init(label: String, level: Logger.Level, sink: LogFile) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let fields = all.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        sink.append("\(time) \(event.level) \(label): \(event.message)\(fields)\n")
    }
}

/// The log file, opened for appending on the first line. A log that cannot be written is
/// given up quietly: diagnostics never make a command fail.
final class LogFile: Sendable {
    let url: URL
    private let descriptor = Mutex<Int32?>(nil)

    init(url: URL) { self.url = url }

    func append(_ line: String) {
        descriptor.withLock { fd in
            if fd == nil { fd = open() }
            guard let fd, fd >= 0 else { return }
            let bytes = Array(line.utf8)
            _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        }
    }

    private func open() -> Int32 {
        let directory = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let fd = Foundation.open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        // A file made by an older run under another umask is still private.
        if fd >= 0 { fchmod(fd, 0o600) }
        return fd
    }
}
