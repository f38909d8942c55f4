/// A field with a few fixed options, shown as `‹ Monthly ›` and changed in place.
public struct ChoiceField: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case previous, next }

    public static let keymap = Keymap<Action>("Choice", [
        KeyBinding([(.left, .previous), (.right, .next), (.space, .next)], label: "←→", hint: "change", help: "pick the previous or next option (also Space)"),
    ])

    public var label: String
    public var options: [String]
    public private(set) var selectedIndex: Int

    public init(label: String, options: [String], selectedIndex: Int = 0) {
        precondition(!options.isEmpty, "a choice needs options")
        self.label = label
        self.options = options
        self.selectedIndex = min(max(0, selectedIndex), options.count - 1)
    }

    public var selected: String { options[selectedIndex] }

    public mutating func select(_ index: Int) {
        selectedIndex = min(max(0, index), options.count - 1)
    }

    public var keyHints: [KeyHint] { Self.keymap.hints }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard let action = Self.keymap.action(for: key) else { return false }
        switch action {
        case .previous: selectedIndex = (selectedIndex + options.count - 1) % options.count
        case .next: selectedIndex = (selectedIndex + 1) % options.count
        }
        return true
    }

    public func render(into grid: inout CellGrid, area: Rect, focused: Bool) {
        grid.write("‹ " + selected + " ›", row: area.row, col: area.col, maxWidth: area.width, style: focused ? .selected : .underline)
    }
}
