/// Narrow-as-you-type for a picker: a typed character (or a paste) adds to the text, Backspace takes
/// the last one back (the list widens again), Esc clears it, and an Esc with nothing typed
/// is the owner's (close, cancel). The owner narrows its options by `query` with its own
/// matching rule; the toolkit knows none (the dashboard's is the Customers filter's).
public struct TypeAhead: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case erase, clear }

    public static let keymap = Keymap<Action>("Type to narrow", [
        KeyBinding([.backspace], .erase, hint: "widen", help: "take back the last character typed"),
        KeyBinding([.escape], .clear, hint: "clear", help: "clear what was typed (Esc again closes)"),
    ])

    public private(set) var query = ""

    public init() {}

    public var isEmpty: Bool { query.isEmpty }

    /// Backspace and Esc only while there is something to take back.
    private var available: Keymap<Action> { Self.keymap.only { _ in !query.isEmpty } }

    public var keyHints: [KeyHint] { available.hints }

    /// True when the key changed what was typed; false for keys left to the owner.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        if case .character(let c) = key, !c.isNewline {
            query.append(c)
            return true
        }
        // A paste is typing done at once, by the rule every single-line input keeps.
        if case .paste(let text) = key {
            query.append(contentsOf: PastedText.singleLine(text))
            return true
        }
        switch available.action(for: key) {
        case .erase: query.removeLast()
        case .clear: query = ""
        case nil: return false
        }
        return true
    }

    public mutating func clear() { query = "" }

    /// One line: the text typed after `Find:` (or a dim hint before anything is typed),
    /// and at the right how many options it leaves: `1 of 200`.
    public func render(into grid: inout CellGrid, area: Rect, matching: Int, of total: Int) {
        guard area.height > 0, area.width > 0 else { return }
        let count = query.isEmpty ? "\(total)" : "\(matching) of \(total)"
        let countWidth = DisplayText.width(of: count)
        grid.write(count, row: area.row, col: area.right - countWidth, style: .dim)
        let room = max(0, area.width - countWidth - 1)
        let x = area.col + grid.write("Find: ", row: area.row, col: area.col, maxWidth: room, style: .bold)
        if query.isEmpty {
            grid.write("type to narrow", row: area.row, col: x, maxWidth: area.col + room - x, style: .dim)
        } else {
            grid.write(query, row: area.row, col: x, maxWidth: area.col + room - x, style: .underline)
        }
    }
}
