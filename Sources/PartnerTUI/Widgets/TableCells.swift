/// Draws one row of table cells at their column widths with the gap between them
/// filled in the row's style (so a selected row reads as one bar).
enum TableCells {
    static func draw(_ cells: [String], columns: [TableColumn], widths: [Int], gap: Int, into grid: inout CellGrid,
                     row: Int, col: Int, width: Int, style: CellStyle) {
        var x = col
        let last = widths.lastIndex { $0 > 0 } ?? 0
        for (i, column) in columns.enumerated() where i < widths.count && widths[i] > 0 {
            let room = min(widths[i], col + width - x)
            guard room > 0 else { break }
            let text = i < cells.count ? cells[i] : ""
            grid.write(DisplayText(text), row: row, col: x, width: room, alignment: column.alignment, style: style)
            x += widths[i] + gap
            if x < col + width, i < last {
                grid.fill(Rect(row: row, col: x - gap, height: 1, width: gap), style: style)
            }
        }
    }
}
