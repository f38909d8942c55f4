/// Aligned columns of escaped data. Widths count display columns, so 日本 takes four.
struct Table {
    struct Column {
        var title: String
        var alignRight = false

        init(_ title: String, right: Bool = false) {
            self.title = title
            alignRight = right
        }
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    init(_ titles: String...) { columns = titles.map { Column($0) } }

    mutating func add(_ cells: [String]) { rows.append(cells.map { TerminalText.escaped($0) }) }

    func render(bold: Bool) -> String {
        let titles = columns.map { TerminalText.escaped($0.title) }
        var widths = titles.map(TerminalText.width)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], TerminalText.width(cell)) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, column) in columns.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                // The last column is not padded: no trailing spaces on any line.
                parts.append(i == columns.count - 1 && !column.alignRight
                             ? cell : TerminalText.padded(cell, to: widths[i], right: column.alignRight))
            }
            return parts.joined(separator: "  ")
        }
        let header = line(titles)
        var out = (bold ? "\u{1B}[1m\(header)\u{1B}[0m" : header) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
