import TerminalKit
/// Label–value rows that wrap instead of cutting, for pages where a value
/// must be read whole (an admin user name, a domain): a value too long for
/// its column continues below in the same column, or, when a single word is
/// wider than that column, under the label across the page.
struct FactRows {
    struct Row: Equatable {
        let label: String
        let value: String
        /// Where the value starts, from the left of the area.
        let valueColumn: Int
    }

    static func rows(_ label: String, _ value: String, labelWidth: Int, width: Int) -> [Row] {
        // A label longer than its column gets a line of its own, the value under it.
        if DisplayText.width(of: label) >= labelWidth {
            return [Row(label: label, value: "", valueColumn: labelWidth)] + rows("", value, labelWidth: labelWidth, width: width)
        }
        let room = width - labelWidth
        if DisplayText.width(of: value) <= room { return [Row(label: label, value: value, valueColumn: labelWidth)] }
        let fitsBeside = room >= 12 && value.split(separator: " ").allSatisfy { DisplayText.width(of: String($0)) <= room }
        if fitsBeside {
            return TextWrap.lines(value, width: room).enumerated().map { i, text in
                Row(label: i == 0 ? label : "", value: text, valueColumn: labelWidth)
            }
        }
        return [Row(label: label, value: "", valueColumn: labelWidth)]
            + TextWrap.lines(value, width: width - 2).map { Row(label: "", value: $0, valueColumn: 2) }
    }

    static func render(_ row: Row, into grid: inout CellGrid, at area: Rect, labelWidth: Int, style: CellStyle) {
        grid.write(row.label, row: area.row, col: area.col, maxWidth: row.value.isEmpty ? area.width : labelWidth - 1)
        grid.write(row.value, row: area.row, col: area.col + row.valueColumn, maxWidth: area.width - row.valueColumn, style: style)
    }
}
