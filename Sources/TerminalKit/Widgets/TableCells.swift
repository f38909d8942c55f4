/// Draws one row of table cells at their column widths with the gap between them
/// filled in the row's style (so a selected row reads as one bar).
public enum TableCells {
    public static func draw(_ cells: [String], columns: [TableColumn], widths: [Int], gap: Int, into grid: inout CellGrid,
                     row: Int, col: Int, width: Int, style: CellStyle, shorter: [Int: String] = [:]) {
        var x = col
        let last = widths.lastIndex { $0 > 0 } ?? 0
        for (i, column) in columns.enumerated() where i < widths.count && widths[i] > 0 {
            let room = min(widths[i], col + width - x)
            guard room > 0 else { break }
            let text = i < cells.count ? Fitting.text(cells[i], short: shorter[i], width: room) : ""
            grid.write(DisplayText(text), row: row, col: x, width: room, alignment: column.alignment, style: style)
            x += widths[i] + gap
            if x < col + width, i < last {
                grid.fill(Rect(row: row, col: x - gap, height: 1, width: gap), style: style)
            }
        }
    }

    /// Starts a list row: the selected row of a focused list is one reversed, bold bar,
    /// and the selected row carries `▸` even when the list has no focus. Returns the
    /// style its cells are drawn in.
    public static func beginRow(_ style: CellStyle, selected: Bool, focused: Bool, into grid: inout CellGrid,
                         row: Int, area: Rect) -> CellStyle {
        let style = selected && focused ? style.adding([.reverse, .bold]) : style
        grid.fill(Rect(row: row, col: area.col, height: 1, width: area.width), style: selected && focused ? style : .plain)
        if selected { grid.write("▸", row: row, col: area.col, style: style.adding(.bold)) }
        return style
    }
}
