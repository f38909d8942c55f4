/// A table with `/` type-to-filter: the pairing every list page uses. Rows are
/// given with the text a filter matches against; the selection keeps to its
/// row through filtering, as `TableView` promises.
public struct FilteredTable<ID: Hashable & Sendable>: Sendable {
    public var table: TableView<ID>
    public private(set) var filter = FilterBar()
    private var all: [ID] = []
    /// Lower-cased once per row, not once per row per keystroke.
    private var haystacks: [String] = []

    public init(columns: [TableColumn], emptyText: String) {
        table = TableView(columns: columns, emptyText: emptyText)
    }

    public mutating func setRows(_ ids: [ID], searchText: (ID) -> String) {
        all = ids
        haystacks = ids.map { searchText($0).lowercased() }
        applyFilter()
    }

    public var selectedID: ID? { table.selectedID }
    public var isTyping: Bool { filter.isEditing }
    public var totalCount: Int { all.count }

    public mutating func select(_ id: ID) { table.select(id) }

    public var keyHints: [KeyHint] {
        isTyping ? filter.keyHints : table.keyHints + filter.keyHints
    }

    /// For the page title: how to filter, or what the filter keeps.
    public var note: String {
        filter.isActive ? "\(table.count) of \(all.count)" : "/ filter"
    }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        switch filter.handle(key) {
        case .changed:
            applyFilter()
            return true
        case .handled:
            return true
        case .ignored:
            return !isTyping && table.handle(key)
        }
    }

    public mutating func render(into grid: inout CellGrid, area: Rect, focused: Bool, row: (ID) -> TableRow) {
        var tableArea = area
        if filter.isActive {
            let (top, bottom) = area.splitBottom(1)
            tableArea = top
            filter.render(into: &grid, area: bottom)
        }
        table.render(into: &grid, area: tableArea, focused: focused && !isTyping, row: row)
    }

    private mutating func applyFilter() {
        let query = filter.query.lowercased()
        if query.isEmpty {
            table.setRows(all)
        } else {
            table.setRows(all.indices.filter { haystacks[$0].contains(query) }.map { all[$0] })
        }
    }
}
