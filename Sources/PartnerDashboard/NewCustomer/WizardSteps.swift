import TerminalKit
/// The strip at the top of a wizard page: `1 Customer › 2 Subscriptions › 3 Review`,
/// the current step in reverse video so it reads without colour.
enum WizardSteps {
    static func render(_ steps: [String], current: Int, into grid: inout CellGrid, row: Int, col: Int, width: Int) {
        var x = col
        for (i, step) in steps.enumerated() {
            let style: CellStyle
            if i == current {
                style = .selected
            } else {
                style = i < current ? .plain : .dim
            }
            if i > 0 { x += grid.write(" › ", row: row, col: x, maxWidth: col + width - x, style: .dim) }
            x += grid.write(" \(i + 1) \(step) ", row: row, col: x, maxWidth: col + width - x, style: style)
        }
    }
}
