import PartnerCore
import TerminalKit

/// The configuration file's settings, each with where it came from. Built-in defaults
/// stand for anything the file does not set (or for everything, when it has a mistake).
public struct Configuration: Sendable {
    /// Where a value came from, in order of precedence: a flag wins over the
    /// environment, which wins over the file, which wins over the built-in default.
    public enum Source: Hashable, Sendable, CustomStringConvertible {
        case flag(String)
        case environment(String)
        case file(line: Int?)
        case preset(String)
        case builtIn

        public var description: String {
            switch self {
            case .flag(let name): return "flag \(name)"
            case .environment(let name): return "environment \(name)"
            case .file(let line?): return "file, line \(line)"
            case .file(nil): return "file"
            case .preset(let name): return "preset \(name)"
            case .builtIn: return "default"
            }
        }
    }

    public struct Setting<Value: Sendable>: Sendable {
        public var value: Value
        public var source: Source

        public init(_ value: Value, _ source: Source) {
            self.value = value
            self.source = source
        }
    }

    /// `data`: the workspace when neither --data nor PARTNERDASH_DATA names one.
    public var workspace: Setting<String>?
    /// `as`: who signs in when neither --as nor PARTNERDASH_USER says.
    public var user: Setting<String>?
    public var invitationExpiry = Setting(InvitationExpiry.standard, .builtIn)
    public var theme = Setting(Theme.default, .builtIn)
    /// `keys.preset`.
    public var keyPreset: Setting<String>?
    /// The preset's assignments, then the file's (which win).
    public var keyAssignments: [KeyAssignment] = []
    /// The keys rebound, checked against the program's tables.
    public var keys = KeyOverrides()

    public init() {}

    /// The settings the file may hold, for the message about one it does not know.
    public static let settingNames = ["data", "as", InvitationExpiry.field, "theme", "keys"]
}
