/// A key-action table. The same table answers "what does this key do",
/// "what goes in the hint bar" and "what does help list", so they cannot
/// disagree. "When" a binding applies is expressed by filtering the table
/// (`only`) from the current state and using the filtered table for all three.
public struct Keymap<Action: Hashable & Sendable>: Sendable {
    public let section: String
    public let bindings: [KeyBinding<Action>]
    /// How the bottom bar ranks this table's hints (`KeyHint.Priority`).
    public let priority: KeyHint.Priority

    public init(_ section: String, _ bindings: [KeyBinding<Action>], priority: KeyHint.Priority = .page) {
        self.section = section
        self.bindings = bindings
        self.priority = priority
    }

    public func action(for key: KeyEvent) -> Action? {
        for binding in bindings {
            if let entry = binding.entries.first(where: { $0.key == key }) { return entry.action }
        }
        return nil
    }

    /// The bindings whose action is available now.
    public func only(_ isAvailable: (Action) -> Bool) -> Keymap {
        Keymap(section, bindings.compactMap { $0.filtered { isAvailable($0.action) } }, priority: priority)
    }

    /// The table keeping only some keys: without the character keys while a
    /// text field types them, without keys a focused widget has claimed.
    public func keeping(keys keep: (KeyEvent) -> Bool) -> Keymap {
        Keymap(section, bindings.compactMap { $0.filtered { keep($0.key) } }, priority: priority)
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
