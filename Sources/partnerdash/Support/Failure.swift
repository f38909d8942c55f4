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

enum Failure {
    /// A command line that did not parse: ArgumentParser's message (with usage), exit 2
    /// rather than its EX_USAGE (64). Help, version and completion scripts exit 0.
    static func usage(_ error: any Error) -> Never {
        guard Partnerdash.exitCode(for: error) == .validationFailure else { Partnerdash.exit(withError: error) }
        FileHandle.standardError.write(Data((Partnerdash.fullMessage(for: error) + "\n").utf8))
        Foundation.exit(ExitStatus.usage)
    }

    /// A command that ran and failed: one line on stderr and the status for its kind.
    static func exit(_ error: any Error) -> Never {
        switch error {
        case let error as DomainError:
            fail(error.field, error.message + (error.rule.map { " [rule \($0)]" } ?? ""), code: ExitStatus.refused)
        case let error as CLIError:
            fail(error.field, error.message, code: error.code)
        case let error as ExitCode:
            Foundation.exit(error.rawValue)
        case _ where String(reflecting: type(of: error)).hasPrefix("ArgumentParser."):
            // Help and completion requests are commands ArgumentParser runs and "fails" with its own errors.
            usage(error)
        case WorkspaceError.notPermitted(let reason):
            // The shared mode's rule, refused like the domain's own rules.
            fail("as", reason, code: ExitStatus.refused)
        case let error as WorkspaceError:
            fail("workspace", error.description, code: ExitStatus.storage)
        case let error as PartnerResources.Missing:
            fail("resources", error.description, code: ExitStatus.storage)
        case let error as DecodingError:
            fail("workspace", "unreadable data: \(error)", code: ExitStatus.storage)
        case is CocoaError, is POSIXError:
            fail("workspace", (error as NSError).localizedDescription, code: ExitStatus.storage)
        case let error as CustomStringConvertible:
            // Anything else comes from the store: I/O, a damaged or locked workspace.
            fail("workspace", error.description, code: ExitStatus.storage)
        default:
            fail("workspace", (error as NSError).localizedDescription, code: ExitStatus.storage)
        }
    }

    static func fail(_ field: String, _ message: String, code: Int32) -> Never {
        let line = TerminalText.escaped("partnerdash: \(field): \(message)")
        FileHandle.standardError.write(Data((line + "\n").utf8))
        Foundation.exit(code)
    }
}
