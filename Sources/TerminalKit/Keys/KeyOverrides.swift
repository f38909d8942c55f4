/// Keys the user rebound (the configuration's `[keys]` and its preset), by action id
/// (`list.down`, `global.quit`: a table's section and the action's name). Every keymap
/// reads them when it is asked for its bindings, so handling, the hint bar and help all
/// show the keys actually bound.
public struct KeyOverrides: Hashable, Sendable {
    /// Action id → the keys that now start it, in place of its own.
    public let keys: [String: [KeyEvent]]

    public init(_ keys: [String: [KeyEvent]] = [:]) {
        self.keys = keys
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// The overrides in force: set around the app's run (and around a test's keys).
    @TaskLocal public static var current = KeyOverrides()

    /// `section.action`, as the configuration names an action: the section in lower case
    /// with dashes for spaces, the action as its case is named.
    public static func actionID(section: String, action: some Hashable & Sendable) -> String {
        "\(tableID(section)).\(String(describing: action))"
    }

    public static func tableID(_ section: String) -> String {
        section.lowercased().split(whereSeparator: { $0 == " " }).joined(separator: "-")
    }

    /// The rows with the overridden actions' keys in place of their own. A row that
    /// changed gets its label rebuilt from its keys and loses its "(also …)" remark, which
    /// named the old ones. `allowsCharacters` false: a table for a list that takes typing,
    /// where a rebound printable key would stop a letter being typed, keeps none.
    func apply<Action>(to bindings: [KeyBinding<Action>], section: String, allowsCharacters: Bool) -> [KeyBinding<Action>] {
        guard !isEmpty else { return bindings }
        return bindings.compactMap { (binding) -> KeyBinding<Action>? in
            var changed = false
            var pairs: [(KeyEvent, Action)] = []
            var placed = Set<String>()
            for entry in binding.entries {
                let id = Self.actionID(section: section, action: entry.action)
                guard let replacement = keys[id] else {
                    pairs.append((entry.key, entry.action))
                    continue
                }
                changed = true
                // An action's entries in one row are replaced once, where the first one stood.
                guard placed.insert(id).inserted else { continue }
                pairs += replacement.filter { allowsCharacters || !$0.isPrintable }.map { ($0, entry.action) }
            }
            guard changed else { return binding }
            guard !pairs.isEmpty else { return nil }
            return KeyBinding(pairs, hint: binding.hint, help: Self.withoutAlso(binding.help))
        }
    }

    /// "move up and down (also k j)" → "move up and down".
    private static func withoutAlso(_ help: String) -> String {
        guard let start = help.range(of: " (also "), let end = help[start.upperBound...].firstIndex(of: ")") else { return help }
        return String(help[..<start.lowerBound] + help[help.index(after: end)...])
    }
}
