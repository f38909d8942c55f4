/// Prose on a page: words wrapped to the width by display columns, so 日本
/// and accents wrap where they should.
enum Paragraph {
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if DisplayText.width(of: candidate) <= width || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Writes wrapped text from `row`, never below `area`; returns the next free row.
    @discardableResult
    static func write(_ text: String, into grid: inout CellGrid, area: Rect, row: Int, indent: Int = 0,
                      style: CellStyle = .plain) -> Int {
        var y = row
        for line in wrap(text, width: area.width - indent) where y < area.bottom {
            grid.write(line, row: y, col: area.col + indent, maxWidth: area.width - indent, style: style)
            y += 1
        }
        return y
    }
}
