/// Prose on a page: words wrapped to the width by display columns, so 日本
/// and accents wrap where they should.
enum Paragraph {
    /// Lines of at most `width` columns; lines after the first get `restWidth`
    /// (narrower under a bullet). A word longer than a line keeps a line to
    /// itself and is cut with `…` when drawn.
    static func wrap(_ text: String, width: Int, restWidth: Int? = nil) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let room = lines.isEmpty ? width : (restWidth ?? width)
            let candidate = line.isEmpty ? word : line + " " + word
            if DisplayText.width(of: candidate) <= room || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Writes wrapped text from `row`, never below `area`; returns the next
    /// free row. `hanging` indents the lines after the first (a bullet's text).
    @discardableResult
    static func write(_ text: String, into grid: inout CellGrid, area: Rect, row: Int, hanging: Int = 0,
                      style: CellStyle = .plain) -> Int {
        var y = row
        for (i, line) in wrap(text, width: area.width, restWidth: area.width - hanging).enumerated() where y < area.bottom {
            let indent = i == 0 ? 0 : hanging
            grid.write(line, row: y, col: area.col + indent, maxWidth: area.width - indent, style: style)
            y += 1
        }
        return y
    }
}
