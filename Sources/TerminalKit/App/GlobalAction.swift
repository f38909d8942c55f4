/// Keys that work on every screen unless the screen uses them first.
public enum GlobalAction: Hashable, Sendable, CaseIterable {
    case quit, help, back, focusMenu, jump

    public static let keymap = Keymap<GlobalAction>("Global", [
        KeyBinding([.left, .character("h")], .focusMenu, label: "←", hint: "menu", help: "go to the Dashboard menu (also h)"),
        KeyBinding([.escape], .back, hint: "back", help: "back to the previous screen (from a text field on a top page: to the menu)"),
        KeyBinding([.character(":")], .jump, hint: "jump", help: "jump to any page, reseller or customer by name"),
        // F1 as well, for a text field, where ? is typed: the bar then says `F1 help`.
        KeyBinding([.character("?"), .function(1)], .help, label: "?", hint: "help", help: "show every key that works here (also F1)"),
        KeyBinding([.character("q")], .quit, hint: "quit", help: "quit (in a text field q types q)"),
    ], priority: .essential)
}
