/// Keys of the Dashboard menu while it has focus.
public enum MenuAction: Hashable, Sendable {
    case open, backToPage

    public static let keymap = Keymap<MenuAction>("Menu", [
        KeyBinding([.enter, .right, .character("l"), .space], .open, label: "Enter →", hint: "open", help: "open the page (also l, Space)"),
        KeyBinding([.escape], .backToPage, hint: "page", help: "back to the page without changing it"),
    ])
}
