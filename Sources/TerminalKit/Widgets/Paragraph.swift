/// Prose on a page: words wrapped to the width by display columns (`TextWrap`), so
/// 日本 and accents wrap where they should.
public enum Paragraph {
    /// Writes wrapped text from `row`, never below `area`; returns the next
    /// free row. `hanging` indents the lines after the first (a bullet's text).
    @discardableResult
    public static func write(_ text: String, into grid: inout CellGrid, area: Rect, row: Int, hanging: Int = 0,
                      style: CellStyle = .plain) -> Int {
        var y = row
        for (i, line) in TextWrap.lines(text, width: area.width, restWidth: area.width - hanging).enumerated() where y < area.bottom {
            let indent = i == 0 ? 0 : hanging
            grid.write(line, row: y, col: area.col + indent, maxWidth: area.width - indent, style: style)
            y += 1
        }
        return y
    }
}
