import TerminalKit
/// The Customers list: a table whose rows can open in place into a record (its
/// subscriptions under their own column titles, then its actions), drawn as a tree.
/// Like `TableView`, focus follows the row's identity when the rows change, and only
/// the rows on screen are made and formatted (`CustomerTreeRows`), so a million customers
/// cost a screenful per frame.
struct CustomerTree: Sendable {
    /// What to draw for one row, asked for only while it is visible.
    struct Line: Sendable {
        enum Layout: Sendable {
            /// Cells under the customer columns.
            case customer
            /// Cells under the subscription columns, indented as a child.
            case subscription
            /// One text across the row, indented as a child (actions, notes).
            case span
        }

        var layout: Layout
        var cells: [String]
        var style: CellStyle
        /// Shorter forms of some cells, by column (`TableRow.shorter`).
        var shorter: [Int: String]

        init(_ layout: Layout, _ cells: [String], style: CellStyle = .plain, shorter: [Int: String] = [:]) {
            self.layout = layout
            self.cells = cells
            self.shorter = shorter
            self.style = style
        }
    }

    var customerColumns: [TableColumn]
    let subscriptionColumns: [TableColumn]
    let emptyText: String
    private(set) var rows = CustomerTreeRows()
    private(set) var selected: CustomerTreeRow?
    private var cursor = ListCursor()
    /// Rows under the focused one to scroll into view at the next layout: an opened
    /// record shows as much of itself as fits.
    private var revealing = 0

    static let gap = 2
    /// Columns a child row gives to the tree's lines (` ├ `).
    static let indent = 3

    init(customerColumns: [TableColumn], subscriptionColumns: [TableColumn], emptyText: String) {
        self.customerColumns = customerColumns
        self.subscriptionColumns = subscriptionColumns
        self.emptyText = emptyText
    }

    var count: Int { rows.count }
    var keyHints: [KeyHint] { ListAction.hints(downMoves: !isAtLastRow) }

    /// No row below the focused one takes focus: ↓ goes on to the page's actions.
    private var isAtLastRow: Bool {
        cursor.selection.map { nearestFocusable(from: $0 + 1, step: 1) == nil } ?? true
    }

    /// The focus and scroll: what new rows are placed from.
    struct Place: Sendable {
        var selected: CustomerTreeRow?
        var cursor: ListCursor
    }

    var place: Place { Place(selected: selected, cursor: cursor) }

    /// Whether `move` may go past the rows there are now: End, or a move within a page of
    /// the last row (a list still being searched finds the rest first).
    func needsRowsBelow(for move: ListAction) -> Bool {
        switch move {
        case .last: return true
        case .down, .pageDown: return cursor.index + cursor.pageSize >= rows.count
        case .up, .pageUp, .first: return false
        }
    }

    /// New rows; the focused row stays focused if it is still there, else its customer,
    /// else whatever row is now at its place. From `place` when given (the focus as it was
    /// before rows that came in slices), else from the focus now.
    mutating func setRows(_ newRows: CustomerTreeRows, from place: Place? = nil) {
        if let place {
            selected = place.selected
            cursor = place.cursor
        }
        let previous = cursor.index
        rows = newRows
        var target: Int?
        if let selected {
            target = newRows.place(of: selected)
            if target == nil, !selected.isCustomer { target = newRows.place(of: .customer(selected.customer)) }
        }
        cursor.setCount(newRows.count, selecting: target ?? previous)
        settle(forward: true)
    }

    /// The place `setRows(rows, from: place)` and then a frame `height` rows high leave:
    /// where a list would be after a key, worked out without showing it.
    func place(showing rows: CustomerTreeRows, from place: Place, height: Int) -> Place {
        var tree = self
        tree.setRows(rows, from: place)
        // A frame lays the cursor out only over rows (`render`).
        if !rows.isEmpty { tree.cursor.layout(height: height) }
        return tree.place
    }

    /// Lets go of the rows, keeping the focus and scroll, until `setRows` gives new ones:
    /// so the positions they share can grow in place.
    mutating func releaseRows() {
        rows = CustomerTreeRows.none
    }

    mutating func select(_ row: CustomerTreeRow) {
        guard let i = rows.place(of: row) else { return }
        cursor.select(i)
        settle(forward: true)
    }

    mutating func reveal(following count: Int) {
        revealing = count
    }

    /// Moves the focus for a list key, stepping over rows that are only read; false for
    /// any other key.
    mutating func handle(_ key: KeyEvent) -> Bool {
        guard let action = ListAction.keymap.action(for: key), action != .down || !isAtLastRow else { return false }
        cursor.apply(action)
        switch action {
        case .down, .pageDown, .first: settle(forward: true)
        case .up, .pageUp, .last: settle(forward: false)
        }
        return true
    }

    private mutating func settle(forward: Bool) {
        guard let i = cursor.selection else {
            selected = nil
            return
        }
        let target = nearestFocusable(from: i, step: forward ? 1 : -1) ?? nearestFocusable(from: i, step: forward ? -1 : 1)
        if let target {
            cursor.select(target)
            selected = rows[target]
        } else {
            selected = nil
        }
    }

    private func nearestFocusable(from start: Int, step: Int) -> Int? {
        var i = start
        while rows.indices.contains(i) {
            if rows[i].isFocusable { return i }
            i += step
        }
        return nil
    }

    /// The column widths for `total` columns; 0 for a column hidden at that width.
    static func widths(_ columns: [TableColumn], total: Int) -> [Int] {
        TableColumn.widths(showing: columns, total: total, gap: gap)
    }

    /// Whether the customer column at `index` is shown in an area `width` wide.
    func showsCustomerColumn(_ index: Int, width: Int) -> Bool {
        let widths = Self.widths(customerColumns, total: width - 1)
        return widths.indices.contains(index) && widths[index] > 0
    }

    /// A header row with the customer columns' titles, then the visible rows. The
    /// focused row is marked with `▸` always and reversed while the list has focus.
    mutating func render(into grid: inout CellGrid, area: Rect, focused: Bool, line: (CustomerTreeRow) -> Line) {
        guard area.height > 0, area.width > Self.indent + 2 else { return }
        let marker = 1
        let (header, body) = area.splitTop(1)
        let customerArea = (col: area.col + marker, width: area.width - marker)
        let childArea = (col: customerArea.col + Self.indent, width: customerArea.width - Self.indent)
        let customerWidths = Self.widths(customerColumns, total: customerArea.width)
        let subscriptionWidths = Self.widths(subscriptionColumns, total: childArea.width)
        TableCells.draw(customerColumns.map(\.title), columns: customerColumns, widths: customerWidths, gap: Self.gap, into: &grid, row: header.row,
                  col: customerArea.col, width: customerArea.width, style: .bold)
        guard !rows.isEmpty else {
            grid.write(emptyText, row: body.row + min(1, body.height - 1), col: customerArea.col, maxWidth: customerArea.width, style: .dim)
            return
        }
        cursor.layout(height: body.height)
        if revealing > 0, let focus = cursor.selection {
            cursor.select(min(focus + revealing, rows.count - 1))
            cursor.layout(height: body.height)
            cursor.select(focus)
            cursor.layout(height: body.height)
            revealing = 0
        }
        for (n, index) in cursor.visible.enumerated() {
            let y = body.row + n
            let row = rows[index]
            let content = line(row)
            let style = TableCells.beginRow(content.style, selected: index == cursor.selection, focused: focused,
                                            into: &grid, row: y, area: body)
            if content.layout == .customer {
                TableCells.draw(content.cells, columns: customerColumns, widths: customerWidths, gap: Self.gap, into: &grid, row: y,
                          col: customerArea.col, width: customerArea.width, style: style)
                continue
            }
            let isLast = index + 1 == rows.count || rows[index + 1].isCustomer
            let branch = row.isFocusable ? (isLast ? " └ " : " ├ ") : " │ "
            grid.write(branch, row: y, col: customerArea.col, maxWidth: Self.indent, style: style.adding(.dim))
            if content.layout == .subscription {
                TableCells.draw(content.cells, columns: subscriptionColumns, widths: subscriptionWidths, gap: Self.gap, into: &grid, row: y,
                          col: childArea.col, width: childArea.width, style: style, shorter: content.shorter)
            } else {
                grid.write(content.cells.first ?? "", row: y, col: childArea.col, maxWidth: childArea.width, style: style)
            }
        }
    }

}
