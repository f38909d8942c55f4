import TerminalKit
/// Why the session refused to run a command at all.
public enum SessionError: Error, Equatable, CustomStringConvertible {
    case notSignedIn
    case readOnly(String)

    public var description: String {
        switch self {
        case .notSignedIn: return "sign in first"
        case .readOnly(let reason): return "the workspace is read-only: \(reason)"
        }
    }
}
