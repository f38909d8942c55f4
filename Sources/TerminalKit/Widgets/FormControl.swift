/// The input a form row holds.
public enum FormControl: Hashable, Sendable {
    case text(TextField)
    case checkbox(Checkbox)
    case choice(ChoiceField)

    public var label: String {
        switch self {
        case .text(let field): return field.label
        case .checkbox: return ""
        case .choice(let field): return field.label
        }
    }

    /// The value compared for dirty tracking; only what the user can change.
    public var value: String {
        switch self {
        case .text(let field): return field.text
        case .checkbox(let box): return box.isChecked ? "1" : "0"
        case .choice(let field): return String(field.selectedIndex)
        }
    }

    public var message: String? {
        if case .text(let field) = self { return field.message }
        return nil
    }

    public var keyHints: [KeyHint] {
        switch self {
        case .text(let field): return field.keyHints
        case .checkbox(let box): return box.keyHints
        case .choice(let field): return field.keyHints
        }
    }

    public var takesText: Bool {
        switch self {
        case .text: return true
        case .checkbox: return false
        case .choice(let field): return field.takesText
        }
    }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        switch self {
        case .text(var field):
            defer { self = .text(field) }
            return field.handle(key)
        case .checkbox(var box):
            defer { self = .checkbox(box) }
            return box.handle(key)
        case .choice(var field):
            defer { self = .choice(field) }
            return field.handle(key)
        }
    }

    public mutating func render(into grid: inout CellGrid, area: Rect, focused: Bool) {
        switch self {
        case .text(var field):
            field.render(into: &grid, area: area, focused: focused)
            self = .text(field)
        case .checkbox(let box):
            box.render(into: &grid, area: area, focused: focused)
        case .choice(let field):
            field.render(into: &grid, area: area, focused: focused)
        }
    }
}
