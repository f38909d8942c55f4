/// One row of a key-action table: which keys do what, and how it is shown.
/// A row may send different keys to different actions (`↑↓ move` is one row
/// for up and down) so the hint bar can show it as one item.
public struct KeyBinding<Action: Hashable & Sendable>: Sendable {
    public struct Entry: Hashable, Sendable {
        public let key: KeyEvent
        public let action: Action
    }

    public let entries: [Entry]
    /// How the keys are written (`↑↓`, `PgUp PgDn`); defaults to their labels.
    public let label: String
    /// The short word(s) for the bottom bar; nil keeps the binding out of the
    /// bar (it still works and is listed in help).
    public let hint: String?
    /// The sentence shown in help.
    public let help: String

    public init(_ keys: [KeyEvent], _ action: Action, label: String? = nil, hint: String? = nil, help: String) {
        self.init(entries: keys.map { Entry(key: $0, action: action) }, label: label, hint: hint, help: help)
    }

    public init(_ pairs: [(KeyEvent, Action)], label: String? = nil, hint: String? = nil, help: String) {
        self.init(entries: pairs.map { Entry(key: $0.0, action: $0.1) }, label: label, hint: hint, help: help)
    }

    private init(entries: [Entry], label: String?, hint: String?, help: String) {
        precondition(!entries.isEmpty, "a binding needs a key")
        self.entries = entries
        self.label = label ?? entries.map(\.key.label).joined(separator: " ")
        self.hint = hint
        self.help = help
    }

    public var keys: [KeyEvent] { entries.map(\.key) }

    /// The same row keeping only some entries; nil when none is left.
    public func filtered(_ keep: (Entry) -> Bool) -> KeyBinding? {
        let kept = entries.filter(keep)
        if kept.isEmpty { return nil }
        if kept.count == entries.count { return self }
        // The written label named keys that are gone, so it is rebuilt.
        return KeyBinding(entries: kept, label: nil, hint: hint, help: help)
    }
}
