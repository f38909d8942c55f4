/// `[ Submit ]`. Focus is reverse video; a disabled button keeps its place,
/// is dim, and ignores Enter (the screen should say why, e.g. in a message).
public struct Button<ID: Hashable & Sendable>: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case press }

    public static var keymap: Keymap<Action> {
        Keymap("Button", [KeyBinding([.enter, .space], .press, label: "Enter", hint: "press", help: "press the button (also Space)")])
    }

    public let id: ID
    public var title: String
    public var isEnabled: Bool

    public init(_ id: ID, _ title: String, isEnabled: Bool = true) {
        self.id = id
        self.title = title
        self.isEnabled = isEnabled
    }

    public var width: Int { DisplayText.width(of: title) + 4 }

    public var keyHints: [KeyHint] { Self.keymap.hints }

    /// True when the key presses the button.
    public func handle(_ key: KeyEvent) -> Bool {
        isEnabled && Self.keymap.action(for: key) == .press
    }

    @discardableResult
    public func render(into grid: inout CellGrid, row: Int, col: Int, maxWidth: Int, focused: Bool) -> Int {
        let style: CellStyle
        if !isEnabled {
            style = .dim
        } else {
            style = focused ? .selected : .bold
        }
        return grid.write("[ " + title + " ]", row: row, col: col, maxWidth: maxWidth, style: style)
    }
}
