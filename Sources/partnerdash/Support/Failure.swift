import ArgumentParser
import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace

/// A refusal the command line itself makes (a name that matches nothing, a malformed
/// value the domain never sees), printed like the domain's own: `field: message`.
struct CLIError: Error {
    var field: String
    var message: String
    var code: Int32 = ExitStatus.refused

    init(_ field: String, _ message: String, code: Int32 = ExitStatus.refused) {
        self.field = field
        self.message = message
        self.code = code
    }
}

/// Exit statuses scripts can rely on.
enum ExitStatus {
    static let refused: Int32 = 1
    static let usage: Int32 = 2
    static let storage: Int32 = 3
}

/// One failure as a script sees it: the stderr line `partnerdash: field: message`, or under
/// `--json` the object `{"error":{"field":…,"rule":…,"message":…,"status":…}}` (docs/SCRIPTING.md).
struct ErrorReport {
    /// The option, argument or model field at fault (`companyProfile.domain`, `as`, `workspace`).
    var field: String
    /// The docs/RULES.md rule the refusal enforces, or null.
    var rule: Int?
    var message: String
    /// The exit status, the same with and without `--json`.
    var status: Int32
    /// The system's error number when the disk or the network failed (EACCES is 13), else absent.
    var errno: Int32?
    /// Every bad row of a refused import (`line`, `field`, `message`, `rule`), else none.
    var problems: [ImportProblem] = []

    var text: String { "partnerdash: " + detail }

    /// `field: message [rule N]`, what the line says after the program's name.
    var detail: String {
        "\(field): \(message)" + (rule.map { " [rule \($0)]" } ?? "")
    }

    /// The error object; `rule` is always there (null when none), so a script can read it without a test.
    var object: [String: Any] {
        var error: [String: Any] = ["field": field, "message": message, "rule": rule ?? NSNull(), "status": status]
        if let errno { error["errno"] = errno }
        if !problems.isEmpty {
            error["problems"] = problems.map { ["line": $0.line, "field": $0.field, "message": $0.message, "rule": $0.rule.map { $0 as Any } ?? NSNull()] as [String: Any] }
        }
        return error
    }

    /// One line: `{"error":{…}}`.
    var json: String {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": object], options: [.sortedKeys, .withoutEscapingSlashes]))
        return String(decoding: JSONCoding.terminalSafe(data ?? Data()), as: UTF8.self)
    }
}

enum Failure {
    /// A command line that did not parse: ArgumentParser's message (with usage), exit 2
    /// rather than its EX_USAGE (64). Help, version and completion scripts exit 0.
    static func usage(_ error: any Error) -> Never {
        guard Partnerdash.exitCode(for: error) == .validationFailure else { Partnerdash.exit(withError: error) }
        let report = ErrorReport(field: "arguments", message: Partnerdash.message(for: error), status: ExitStatus.usage)
        Invocation.finish(status: ExitStatus.usage, report: report)
        if Invocation.asksForJSON(CommandLine.arguments) {
            writeError(report.json)
        } else {
            FileHandle.standardError.write(Data((Partnerdash.fullMessage(for: error) + "\n").utf8))
        }
        Foundation.exit(ExitStatus.usage)
    }

    /// A command that ran and failed: one line on stderr and the status for its kind.
    static func exit(_ error: any Error) -> Never {
        if let error = error as? ExitCode {
            Invocation.finish(status: error.rawValue)
            Foundation.exit(error.rawValue)
        }
        if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // Help and completion requests are commands ArgumentParser runs and "fails" with its own errors.
            usage(error)
        }
        report(report(for: error))
    }

    static func report(for error: any Error) -> ErrorReport {
        switch error {
        case let error as DomainError:
            return ErrorReport(field: error.field, rule: error.rule, message: error.message, status: ExitStatus.refused)
        case let error as CLIError:
            return ErrorReport(field: error.field, message: error.message, status: error.code)
        case let error as ImportRefused:
            let first = error.problems.first
            return ErrorReport(field: first.map { "line \($0.line): \($0.field)" } ?? "file", rule: first?.rule,
                               message: "\(error.problems.count) problem(s) in the file; nothing was imported",
                               status: ExitStatus.refused, problems: error.problems)
        case WorkspaceError.notPermitted(let reason):
            // The shared mode's rule, refused like the domain's own rules.
            return ErrorReport(field: "as", message: reason, status: ExitStatus.refused)
        case let error as WorkspaceError:
            return storage(error.description)
        case let error as PartnerResources.Missing:
            return ErrorReport(field: "resources", message: error.description, status: ExitStatus.storage)
        case let error as DecodingError:
            return storage("unreadable data: \(error)")
        case let error as StoreError:
            return storage(error.description, errno: error.errno)
        case let error as POSIXError:
            return storage((error as NSError).localizedDescription, errno: error.code.rawValue)
        case let error as CocoaError:
            let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
            return storage((error as NSError).localizedDescription,
                           errno: underlying?.domain == NSPOSIXErrorDomain ? Int32(underlying!.code) : nil)
        case let error as CustomStringConvertible:
            // Anything else comes from the store: I/O, a damaged or locked workspace.
            return storage(error.description)
        default:
            return storage((error as NSError).localizedDescription)
        }
    }

    private static func storage(_ message: String, errno: Int32? = nil) -> ErrorReport {
        ErrorReport(field: "workspace", message: message, status: ExitStatus.storage, errno: errno)
    }

    static func fail(_ field: String, _ message: String, code: Int32) -> Never {
        report(ErrorReport(field: field, message: message, status: code))
    }

    /// Ends the run with `report` on stderr, as text or (under `--json`) as one JSON line.
    static func report(_ report: ErrorReport) -> Never {
        Invocation.finish(status: report.status, report: report)
        // An import's bad rows first, one line each, then the summary.
        let lines = report.problems.map { "partnerdash: \($0)" } + [report.text]
        writeError(Invocation.json ? report.json : lines.map { TerminalText.escaped($0) }.joined(separator: "\n"))
        Foundation.exit(report.status)
    }

    private static func writeError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension StoreError {
    /// The system's error number behind an I/O failure, for the log and `--json`.
    var errno: Int32? {
        if case .io(_, _, let errno) = self { return errno }
        return nil
    }
}
