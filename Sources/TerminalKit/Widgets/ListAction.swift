/// Movement in anything list-shaped: tables, pickers, the menu, help.
public enum ListAction: Hashable, Sendable, CaseIterable {
    case up, down, pageUp, pageDown, first, last

    public static let keymap = Keymap<ListAction>("List", [
        KeyBinding([(.up, .up), (.character("k"), .up), (.down, .down), (.character("j"), .down)],
                   label: "↑↓", hint: "move", help: "move up and down (also k j)"),
        KeyBinding([(.pageUp, .pageUp), (.pageDown, .pageDown)], label: "PgUp PgDn", help: "move a page up or down"),
        KeyBinding([(.home, .first), (.character("g"), .first), (.end, .last), (.character("G"), .last)],
                   label: "Home End g G", help: "jump to the first or last row"),
    ])

    /// The same keys without the letters, for a list that takes typing (type-ahead).
    public static let keymapWithoutLetters = Keymap<ListAction>("List", [
        KeyBinding([(.up, .up), (.down, .down)], label: "↑↓", hint: "move", help: "move up and down"),
        KeyBinding([(.pageUp, .pageUp), (.pageDown, .pageDown)], label: "PgUp PgDn", help: "move a page up or down"),
        KeyBinding([(.home, .first), (.end, .last)], label: "Home End", help: "jump to the first or last row"),
    ], allowsCharacters: false)
}

public extension ListAction {
    /// The list's keys; ↓ only while there is a row below. A list leaves ↓ at its last
    /// row to the page, which goes on below it (to the page's action row).
    static func hints(downMoves: Bool) -> [KeyHint] {
        downMoves ? keymap.hints : keymap.hints(passingOn: Set(keymap.bindings.flatMap(\.entries).filter { $0.action == .down }.map(\.key)))
    }
}
