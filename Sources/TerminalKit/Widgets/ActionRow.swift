/// The page's actions as a row the arrows reach, so that no action needs a letter:
/// every key of the page that only typing can send (`r`, `/`) is one item. ↓ that the
/// page leaves unused (past a list's last row) or Tab moves focus here; ←→ choose,
/// Enter does the chosen one as if its key had been pressed, ↑ and Esc go back to the
/// page. It takes the bottom line while it has focus. The app holds it, so every page
/// gets it from the keymap it already has.
public struct ActionRow: Sendable {
    public enum Action: Hashable, Sendable { case previous, next, run, leave }

    public static let keymap = Keymap<Action>("Actions", [
        KeyBinding([(.left, .previous), (.right, .next)], label: "←→", hint: "choose", help: "choose one of the page's actions"),
        KeyBinding([.enter], .run, hint: "do", help: "do the chosen action, as its key would"),
        KeyBinding([.up, .escape], .leave, label: "↑ Esc", hint: "back", help: "back to the page"),
    ])

    /// The keys that open the row when the page has no use for them.
    public static let entryKeys: [KeyEvent] = [.down, .tab]

    public static let entry = KeyHint(keys: entryKeys, label: "↓ Tab", hint: nil,
                                      help: "the page's actions (↓ past the last row): ←→ Enter",
                                      section: "Actions")

    /// One action: the key that starts it and its name.
    public struct Item: Hashable, Sendable {
        public let key: KeyEvent
        public let name: String
    }

    /// The chosen action, by its key: the row's items follow the page's state.
    public private(set) var chosen: KeyEvent

    public init(first items: [Item]) {
        chosen = items.first?.key ?? .tab
    }

    /// The page's actions among its hints: bindings whose keys are all typed characters
    /// (Space is a widget's: a checkbox, a tick). A binding with two keys (`+ -`) is two.
    /// The page's own come first, a list's `/` filter last.
    public static func items(in hints: [KeyHint]) -> [Item] {
        let filter = FilterBar.keymap.section
        var items: [Item] = []
        for hint in hints.filter({ $0.section != filter }) + hints.filter({ $0.section == filter })
        where hint.keys.allSatisfy(isTypedOnly) {
            for key in hint.keys where !items.contains(where: { $0.key == key }) {
                items.append(Item(key: key, name: hint.hint ?? hint.help))
            }
        }
        return items
    }

    private static func isTypedOnly(_ key: KeyEvent) -> Bool {
        key.isPrintable && key != .space
    }

    /// What a key does here: nil for keys that are not the row's (the app closes the row
    /// and handles them as usual, so letters stay shortcuts).
    public mutating func handle(_ key: KeyEvent, items: [Item]) -> Outcome? {
        guard let action = Self.keymap.action(for: key), !items.isEmpty else { return nil }
        let index = items.firstIndex { $0.key == chosen } ?? 0
        switch action {
        case .previous: chosen = items[max(0, index - 1)].key
        case .next: chosen = items[min(items.count - 1, index + 1)].key
        case .run: return .run(items[index].key)
        case .leave: return .leave
        }
        return .moved
    }

    public enum Outcome: Hashable, Sendable {
        case moved
        case leave
        /// Press this key on the page.
        case run(KeyEvent)
    }

    /// `Actions  r request   n new customer …` on one line, the chosen item reversed; the
    /// line starts later when the chosen item would not fit, and says so with `‹`.
    public func render(_ items: [Item], into grid: inout CellGrid, area: Rect) {
        grid.fill(area)
        let lead = " Actions "
        var x = area.col + grid.write(lead, row: area.row, col: area.col, maxWidth: area.width, style: CellStyle(.bold, role: .accent))
        let chosenIndex = items.firstIndex { $0.key == chosen } ?? 0
        let widths = items.map { DisplayText.width(of: Self.text($0)) + 2 }
        var first = 0
        while first < chosenIndex && widths[first...chosenIndex].reduce(0, +) + 2 > area.right - x { first += 1 }
        if first > 0 { x += grid.write("‹ ", row: area.row, col: x, maxWidth: area.right - x, style: .dim) }
        for (i, item) in items.enumerated().dropFirst(first) where x < area.right {
            let style: CellStyle = i == chosenIndex ? .selected : .plain
            x += grid.write(" " + Self.text(item) + " ", row: area.row, col: x, maxWidth: area.right - x, style: style)
        }
    }

    private static func text(_ item: Item) -> String { item.key.label + " " + item.name }
}
