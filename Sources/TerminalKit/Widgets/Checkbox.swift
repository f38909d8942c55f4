/// `[x] label`. The box's text carries the state, so it reads without colour.
public struct Checkbox: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case toggle }

    public static let keymap = Keymap<Action>("Checkbox", [
        // Enter as well: people press it on a box, and a form's Enter otherwise only moved on.
        KeyBinding([.space, .enter], .toggle, label: "Space", hint: "toggle", help: "check or uncheck (also Enter)"),
    ])

    public var label: String
    public var isChecked: Bool

    public init(label: String, isChecked: Bool = false) {
        self.label = label
        self.isChecked = isChecked
    }

    public var keyHints: [KeyHint] { Self.keymap.hints }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard Self.keymap.action(for: key) == .toggle else { return false }
        isChecked.toggle()
        return true
    }

    public func render(into grid: inout CellGrid, area: Rect, focused: Bool) {
        let box = isChecked ? "[x]" : "[ ]"
        let used = grid.write(box, row: area.row, col: area.col, maxWidth: area.width, style: focused ? .selected : .bold)
        grid.write(" " + label, row: area.row, col: area.col + used, maxWidth: area.width - used, style: focused ? .underline : .plain)
    }
}
