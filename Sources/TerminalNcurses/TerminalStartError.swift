/// Why the full-screen interface cannot start. Each reads as one line the
/// executable prints before exiting with status 2.
public enum TerminalStartError: Error, CustomStringConvertible, Equatable {
    case notATerminal
    case unknownTerminal(String)
    case noCursorAddressing(String)
    case systemCall(String, Int32)

    public var description: String {
        switch self {
        case .notATerminal:
            return "partnerdash: the dashboard needs a terminal on stdin and stdout; for scripts use the command-line subcommands"
        case .unknownTerminal(let term):
            return term.isEmpty
                ? "partnerdash: TERM is not set; set it to your terminal's type (for example xterm-256color)"
                : "partnerdash: unknown terminal type \"\(term)\"; set TERM to one this system knows (for example xterm-256color)"
        case .noCursorAddressing(let term):
            return "partnerdash: terminal type \"\(term)\" cannot move the cursor, which the dashboard needs; use a full-screen terminal"
        case .systemCall(let name, let errno):
            return "partnerdash: cannot prepare the terminal (\(name) failed with errno \(errno))"
        }
    }

    public static let exitStatus: Int32 = 2
}
