/// A page's own actions ("r Request a partnership   n Add new customer"), drawn from the
/// same keymap as the hint bar, at the bottom of an area: wrapped onto the lines above
/// when one line is too narrow, and the first lines (the table's order puts the main
/// actions first) kept when even those do not fit; the hint bar still lists them all.
public enum ActionBar {
    public static let gap = 3

    public static func render(_ hints: [KeyHint], into grid: inout CellGrid, area: Rect) {
        guard area.height > 0, area.width > 0 else { return }
        var lines: [[KeyHint]] = [[]]
        var used = 0
        for hint in hints {
            let width = DisplayText.width(of: hint.label + " " + hint.help)
            if used > 0 && used + gap + width > area.width {
                lines.append([])
                used = 0
            }
            used += (used > 0 ? gap : 0) + width
            lines[lines.count - 1].append(hint)
        }
        for (n, line) in lines.prefix(area.height).reversed().enumerated() {
            let y = area.bottom - 1 - n
            var x = area.col
            for (i, hint) in line.enumerated() {
                if i > 0 { x += gap }
                x += grid.write(hint.label, row: y, col: x, maxWidth: area.right - x, style: .bold)
                x += grid.write(" " + hint.help, row: y, col: x, maxWidth: area.right - x)
            }
        }
    }
}
