import Foundation
import TerminalKit

/// `~/…` for a path in the home directory, which keeps a message naming a file (an
/// email in the outbox, an export) short enough to read on the hint bar.
enum HomeRelativePath {
    static func of(_ path: String, home: String = ProcessInfo.processInfo.environment["HOME"] ?? "") -> String {
        guard !home.isEmpty, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }
}
