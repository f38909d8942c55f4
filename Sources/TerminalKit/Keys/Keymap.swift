/// A key-action table. The same table answers "what does this key do",
/// "what goes in the hint bar" and "what does help list", so they cannot
/// disagree. "When" a binding applies is expressed by filtering the table
/// (`only`) from the current state and using the filtered table for all three.
public struct Keymap<Action: Hashable & Sendable>: Sendable {
    public let section: String
    /// The rows as declared, before the user's overrides.
    public let declared: [KeyBinding<Action>]
    /// How the bottom bar ranks this table's hints (`KeyHint.Priority`).
    public let priority: KeyHint.Priority
    /// False for a table beside a text input (a list that takes typing): a printable key
    /// rebound to one of its actions is left out, so letters are still typed.
    public let allowsCharacters: Bool
    /// Whether `declared` already has the overrides in (a table filtered from another).
    private let isResolved: Bool

    public init(_ section: String, _ bindings: [KeyBinding<Action>], priority: KeyHint.Priority = .page, allowsCharacters: Bool = true) {
        self.init(section, bindings, priority: priority, allowsCharacters: allowsCharacters, isResolved: false)
    }

    private init(_ section: String, _ bindings: [KeyBinding<Action>], priority: KeyHint.Priority, allowsCharacters: Bool, isResolved: Bool) {
        self.section = section
        self.declared = bindings
        self.priority = priority
        self.allowsCharacters = allowsCharacters
        self.isResolved = isResolved
    }

    /// The rows with the keys bound now: the declared ones, with `KeyOverrides.current` applied.
    public var bindings: [KeyBinding<Action>] {
        isResolved ? declared : KeyOverrides.current.apply(to: declared, section: section, allowsCharacters: allowsCharacters)
    }

    /// This table as the configuration sees it: which actions it has and their declared keys.
    public var table: KeyTable {
        var actions: [KeyTable.Action] = []
        for entry in declared.flatMap(\.entries) {
            let name = String(describing: entry.action)
            // An action carrying a value (a digit typed, a letter searched) is its key.
            if name.contains("(") { continue }
            if let index = actions.firstIndex(where: { $0.name == name }) {
                actions[index].keys.append(entry.key)
            } else {
                actions.append(KeyTable.Action(name: name, keys: [entry.key]))
            }
        }
        return KeyTable(section: section, actions: actions, allowsCharacters: allowsCharacters)
    }

    public func action(for key: KeyEvent) -> Action? {
        for binding in bindings {
            if let entry = binding.entries.first(where: { $0.key == key }) { return entry.action }
        }
        return nil
    }

    /// The bindings whose action is available now.
    public func only(_ isAvailable: (Action) -> Bool) -> Keymap {
        Keymap(section, bindings.compactMap { $0.filtered { isAvailable($0.action) } }, priority: priority,
               allowsCharacters: allowsCharacters, isResolved: true)
    }

    /// The table keeping only some keys: without the character keys while a
    /// text field types them, without keys a focused widget has claimed.
    public func keeping(keys keep: (KeyEvent) -> Bool) -> Keymap {
        Keymap(section, bindings.compactMap { $0.filtered { keep($0.key) } }, priority: priority,
               allowsCharacters: allowsCharacters, isResolved: true)
    }

    /// The hints without some keys, each row keeping its label: for a widget that passes a
    /// key on at its edge (↓ at a list's last row), where the key still does what the
    /// label says, one level up.
    public func hints(passingOn passed: Set<KeyEvent>) -> [KeyHint] {
        hints.compactMap { hint in
            let keys = hint.keys.filter { !passed.contains($0) }
            if keys.isEmpty { return nil }
            return KeyHint(keys: keys, label: hint.label, hint: hint.hint, help: hint.help, section: hint.section)
        }
    }

    /// The help sentence of the row that starts `action`.
    public func help(for action: Action) -> String? {
        bindings.first { $0.entries.contains { $0.action == action } }?.help
    }

    /// For a key this table binds but `available` (this table filtered by state) does not:
    /// the page's answer, saying why it does nothing now. Nil for any other key, and where
    /// `why` has nothing to say (an action that is never this account's).
    @MainActor
    public func unavailable(_ key: KeyEvent, in available: Keymap, because why: (Action) -> String?) -> ScreenAction? {
        guard available.action(for: key) == nil, let action = action(for: key), let reason = why(action) else { return nil }
        return .unavailable(reason)
    }

    public var actions: [Action] {
        var seen = Set<Action>()
        return bindings.flatMap { $0.entries.map(\.action) }.filter { seen.insert($0).inserted }
    }

    public var hints: [KeyHint] {
        bindings.map { KeyHint(keys: $0.keys, label: $0.label, hint: $0.hint, help: $0.help, section: section, priority: priority) }
    }
}
