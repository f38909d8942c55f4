import ArgumentParser
import Foundation
import Logging
import PartnerWorkspace
import Synchronization

/// What this run of the program knows about itself once the command line is read: whether
/// its output (refusals included) is JSON, which command runs, and the diagnostic log.
/// Kept here because a run can end from anywhere (`Failure`), long after parsing.
enum Invocation {
    private struct State {
        var json = false
        var command = "partnerdash"
        var level: Logger.Level?
        var logger: Logger?
        var started = ContinuousClock.now
    }

    private static let state = Mutex(State())

    /// The root command's options, read wherever they stood on the line (called from
    /// `Partnerdash.validate`, which runs before any subcommand is decoded, so even a
    /// subcommand's usage error is reported as JSON under `--json`).
    static func adopt(_ options: GlobalOptions, environment: [String: String]) throws {
        state.withLock { $0.json = options.json }
        let level = try options.logLevel ?? environmentLevel(environment)
        state.withLock { $0.level = level }
    }

    /// Whether `--json` was asked for, read off the raw line when the root's own options
    /// did not parse (`--log-level loud --json`). ArgumentParser never takes a word that
    /// starts with `--` as an option's value, so `--json` before `--` is always the flag.
    static func asksForJSON(_ arguments: [String]) -> Bool {
        json || arguments.prefix { $0 != "--" }.contains("--json")
    }

    /// `PARTNERDASH_LOG`, refused like a malformed option when it names no level.
    static func environmentLevel(_ environment: [String: String]) throws -> Logger.Level? {
        guard let text = environment["PARTNERDASH_LOG"], !text.isEmpty else { return nil }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("PARTNERDASH_LOG: expected one of \(names), not \(text)")
        }
        return level
    }

    static var json: Bool { state.withLock { $0.json } }

    /// The command's path (`customers list`), never its arguments: they may hold an
    /// invitation link or a name the log has no need of.
    static var command: String { state.withLock { $0.command } }

    /// The process's logger, writing to the diagnostic log file from the first use on.
    static var log: Logger {
        state.withLock { state in
            if let logger = state.logger { return logger }
            let environment = ProcessInfo.processInfo.environment
            let level = state.level ?? (try? environmentLevel(environment)) ?? DiagnosticLog.defaultLevel
            DiagnosticLog.bootstrap(level: level, file: DiagnosticLog.file(environment: environment))
            let logger = Logger(label: "partnerdash")
            state.logger = logger
            return logger
        }
    }

    /// Records the command about to run.
    static func begin(_ command: any ParsableCommand.Type) {
        let path = Partnerdash.path(to: command) ?? String(describing: command)
        state.withLock {
            $0.command = path
            $0.started = .now
        }
        log.debug("started", metadata: ["command": "\(path)", "pid": "\(getpid())"])
    }

    /// Records how the run ends; failures carry their report (and errno when the system gave one).
    static func finish(status: Int32, report: ErrorReport? = nil) {
        let (command, started) = state.withLock { ($0.command, $0.started) }
        var metadata: Logger.Metadata = [
            "command": "\(command)", "status": "\(status)", "ms": "\(milliseconds(since: started))",
        ]
        guard let report else {
            log.info("finished", metadata: metadata)
            return
        }
        metadata["field"] = "\(report.field)"
        metadata["message"] = "\(redacted(report.message))"
        if let rule = report.rule { metadata["rule"] = "\(rule)" }
        if let errno = report.errno { metadata["errno"] = "\(errno)" }
        // A refusal or a mistyped line is the user's to fix; the workspace failing is what the log is for.
        if status == ExitStatus.storage {
            log.error("failed", metadata: metadata)
        } else {
            log.notice("refused", metadata: metadata)
        }
    }

    /// A message may quote what was typed (ArgumentParser's "Unexpected argument '…'"):
    /// an invitation link's token is cut from it, so the log never holds a usable link.
    static func redacted(_ message: String) -> String {
        message.replacing(/token=[A-Za-z0-9_\-]+/, with: "token=…")
    }

    /// `body`'s duration in the log at debug level, as `what ms=…`.
    static func timed<T>(_ what: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let result = try body()
        note(what, since: start)
        return result
    }

    /// A debug line for something that ended now and began at `start` (the dashboard's load,
    /// finished between keys).
    static func note(_ what: String, since start: ContinuousClock.Instant) {
        log.debug("\(what)", metadata: ["command": "\(command)", "ms": "\(milliseconds(since: start))"])
    }

    /// The dashboard's snapshots, written between keys: their duration, or their error with its errno.
    static func backgroundSnapshot(_ outcome: Result<Duration, any Error>) {
        switch outcome {
        case .success(let duration):
            log.debug("wrote snapshot (background)", metadata: ["command": "\(command)", "ms": "\(milliseconds(duration))"])
        case .failure(let error):
            snapshotFailed(error, "snapshot not written (background)")
        }
    }

    /// A snapshot that failed, which loses nothing (the journal has every change): a warning with its errno.
    static func snapshotFailed(_ error: any Error, _ what: String = "snapshot not written") {
        let report = Failure.report(for: error)
        log.warning("\(what)", metadata: [
            "command": "\(command)", "message": "\(redacted(report.message))", "errno": "\(report.errno.map(String.init) ?? "-")",
        ])
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> String {
        milliseconds(ContinuousClock.now - start)
    }

    static func milliseconds(_ duration: Duration) -> String {
        let elapsed = duration.components
        return String(format: "%.1f", Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15)
    }
}

extension Partnerdash {
    /// `customers list` for `CustomersList.self`: the words that run it, found in the command tree.
    static func path(to command: any ParsableCommand.Type) -> String? {
        func search(_ node: any ParsableCommand.Type, _ words: [String]) -> [String]? {
            if node == command { return words }
            for child in node.configuration.subcommands {
                if let found = search(child, words + [child._commandName]) { return found }
            }
            return nil
        }
        return search(Partnerdash.self, []).map { $0.isEmpty ? "partnerdash" : $0.joined(separator: " ") }
    }
}
