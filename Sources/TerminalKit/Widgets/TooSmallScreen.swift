/// Shown instead of everything else while the terminal is below the size the
/// layout needs. State is untouched, so growing the window brings it all back.
public enum TooSmallScreen {
    public static func render(into grid: inout CellGrid, need: TerminalSize) {
        let area = grid.bounds
        grid.fill(area)
        let lines = [
            "terminal too small (need \(need.cols)×\(need.rows))",
            "now \(area.width)×\(area.height) · q quits",
        ]
        let top = max(0, (area.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let width = DisplayText.width(of: line)
            grid.write(line, row: top + i, col: max(0, (area.width - width) / 2), style: i == 0 ? .bold : .plain)
        }
    }
}
