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

    public var actions: [Action] {
        var seen = Set<Action>()
        return bindings.flatMap { $0.entries.map(\.action) }.filter { seen.insert($0).inserted }
    }

    public var hints: [KeyHint] {
        bindings.map { KeyHint(keys: $0.keys, label: $0.label, hint: $0.hint, help: $0.help, section: section, priority: priority) }
    }
}
