/// A scrolling table whose selection follows the row's identity: when the rows
/// change (new data, a filter, a resize) the same record stays focused if it
/// is still there, else the row now at its place.
public struct TableView<ID: Hashable & Sendable>: Sendable {
    public var columns: [TableColumn]
    public var emptyText: String
    public private(set) var ids: [ID] = []
    public private(set) var selectedID: ID?
    private var cursor = ListCursor()

    public static var gap: Int { 2 }

    public init(columns: [TableColumn], emptyText: String) {
        self.columns = columns
        self.emptyText = emptyText
    }

    public var selectedIndex: Int? { cursor.selection }
    public var count: Int { ids.count }

    public mutating func setRows(_ newIDs: [ID]) {
        let previous = cursor.index
        ids = newIDs
        if let selectedID, let kept = newIDs.firstIndex(of: selectedID) {
            cursor.setCount(newIDs.count, selecting: kept)
        } else {
            cursor.setCount(newIDs.count, selecting: previous)
        }
        selectedID = cursor.selection.map { ids[$0] }
    }

    public mutating func select(_ id: ID) {
        guard let i = ids.firstIndex(of: id) else { return }
        cursor.select(i)
        selectedID = id
    }

    public var keyHints: [KeyHint] { ListAction.hints(downMoves: !isAtLastRow) }

    private var isAtLastRow: Bool { cursor.index >= ids.count - 1 }

    /// The widths the columns get in `total` columns (after the marker
    /// column); 0 for a column hidden at that width.
    public func columnWidths(total: Int) -> [Int] {
        TableColumn.widths(showing: columns, total: total, gap: Self.gap)
    }

    /// Moves the selection for a list key; false for any other key, and for ↓ at the last row.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard let action = ListAction.keymap.action(for: key), action != .down || !isAtLastRow else { return false }
        cursor.apply(action)
        selectedID = cursor.selection.map { ids[$0] }
        return true
    }

    /// Draws a header row and the visible rows. The selected row is marked with
    /// `▸` always and reversed while the table has focus.
    public mutating func render(into grid: inout CellGrid, area: Rect, focused: Bool, row content: (ID) -> TableRow) {
        guard area.height > 0, area.width > 2 else { return }
        let marker = 1
        let widths = columnWidths(total: area.width - marker)
        let (header, body) = area.splitTop(1)
        TableCells.draw(columns.map(\.title), columns: columns, widths: widths, gap: Self.gap, into: &grid, row: header.row, col: area.col + marker, width: area.width - marker, style: .bold)
        guard !ids.isEmpty else {
            grid.write(emptyText, row: body.row + min(1, body.height - 1), col: body.col + marker, maxWidth: body.width - marker, style: .dim)
            return
        }
        cursor.layout(height: body.height)
        for (line, index) in cursor.visible.enumerated() {
            let y = body.row + line
            let id = ids[index]
            let rowContent = content(id)
            let style = TableCells.beginRow(rowContent.style, selected: index == cursor.selection, focused: focused,
                                            into: &grid, row: y, area: body)
            TableCells.draw(rowContent.cells, columns: columns, widths: widths, gap: Self.gap, into: &grid, row: y, col: body.col + marker, width: body.width - marker, style: style,
                            shorter: rowContent.shorter)
        }
    }

}
