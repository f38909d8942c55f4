/// A list picker: the Dashboard menu, the reseller filter, any "choose one".
/// It moves; choosing (Enter) is the owner's binding, since what it means differs.
public struct SelectList<ID: Hashable & Sendable>: Sendable {
    public struct Option: Hashable, Sendable {
        public let id: ID
        public let title: String

        public init(_ id: ID, _ title: String) {
            self.id = id
            self.title = title
        }
    }

    public private(set) var options: [Option]
    private var cursor: ListCursor

    public init(options: [Option], selected: ID? = nil) {
        self.options = options
        self.cursor = ListCursor(count: options.count)
        if let selected { select(selected) }
    }

    public var selected: Option? { cursor.selection.map { options[$0] } }

    public mutating func select(_ id: ID) {
        if let i = options.firstIndex(where: { $0.id == id }) { cursor.select(i) }
    }

    public mutating func setOptions(_ newOptions: [Option]) {
        let keep = selected?.id
        options = newOptions
        cursor.setCount(newOptions.count, selecting: keep.flatMap { id in newOptions.firstIndex { $0.id == id } })
    }

    public var keyHints: [KeyHint] { ListAction.keymap.hints }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard let action = ListAction.keymap.action(for: key) else { return false }
        cursor.apply(action)
        return true
    }

    /// `▸` marks the selected option; reverse video shows where focus is.
    public mutating func render(into grid: inout CellGrid, area: Rect, focused: Bool) {
        guard area.height > 0 else { return }
        cursor.layout(height: area.height)
        Self.drawVisible(cursor, into: &grid, area: area, focused: focused) { options[$0].title }
    }

    /// The rows `cursor` shows, each title asked for only as it is drawn: also for lists
    /// that keep their options as positions (a picker over thousands of names).
    public static func drawVisible(_ cursor: ListCursor, into grid: inout CellGrid, area: Rect, focused: Bool,
                                   title: (Int) -> String) {
        for (line, index) in cursor.visible.enumerated() {
            let y = area.row + line
            let isSelected = index == cursor.selection
            let style: CellStyle = isSelected ? (focused ? .selected : .bold) : .plain
            if isSelected && focused { grid.fill(Rect(row: y, col: area.col, height: 1, width: area.width), style: style) }
            grid.write(isSelected ? "▸ " : "  ", row: y, col: area.col, maxWidth: area.width, style: style)
            grid.write(title(index), row: y, col: area.col + 2, maxWidth: area.width - 2, style: style)
        }
    }
}
