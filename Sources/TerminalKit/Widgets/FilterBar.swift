/// Type-to-filter for a list: `/` opens it, typing narrows the list at every
/// key, Enter keeps the filter and returns to the list, Esc clears it.
public struct FilterBar: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case open, accept, clear }

    public static let keymap = Keymap<Action>("Filter", [
        KeyBinding([.character("/")], .open, hint: "filter", help: "filter the list as you type"),
        KeyBinding([.enter], .accept, hint: "keep", help: "keep the filter and go back to the list"),
        KeyBinding([.escape], .clear, hint: "clear", help: "clear the filter"),
    ])

    public enum Outcome: Hashable, Sendable {
        case ignored
        case handled
        /// The query changed: filter again.
        case changed(String)
    }

    public private(set) var isEditing = false
    private var field = TextField(label: "/")

    public init() {}

    public var query: String { field.text }
    public var isActive: Bool { isEditing || !query.isEmpty }

    /// Open shows only while closed; Esc clears whenever there is a filter.
    private var available: Keymap<Action> {
        Self.keymap.only { action in
            switch action {
            case .open: return !isEditing
            case .accept: return isEditing
            case .clear: return isActive
            }
        }
    }

    public var keyHints: [KeyHint] {
        (isEditing ? field.keyHints : []) + available.hints
    }

    public mutating func handle(_ key: KeyEvent) -> Outcome {
        if let action = available.action(for: key) {
            switch action {
            case .open:
                isEditing = true
                return .handled
            case .accept:
                isEditing = false
                return .handled
            case .clear:
                isEditing = false
                let hadQuery = !query.isEmpty
                field.text = ""
                return hadQuery ? .changed("") : .handled
            }
        }
        guard isEditing else { return .ignored }
        let before = query
        guard field.handle(key) else { return .ignored }
        return query == before ? .handled : .changed(query)
    }

    /// One row: `/ query` while typing or when a filter is kept, nothing otherwise.
    public mutating func render(into grid: inout CellGrid, area: Rect) {
        guard isActive, area.height > 0 else { return }
        grid.fill(Rect(row: area.row, col: area.col, height: 1, width: area.width))
        grid.write("/", row: area.row, col: area.col, style: .bold)
        field.render(into: &grid, area: Rect(row: area.row, col: area.col + 2, height: 1, width: area.width - 2), focused: isEditing)
    }
}
