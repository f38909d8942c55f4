import TerminalKit
import Testing

/// Rows with emoji sequences keep a table's columns and a box's border in place
/// (docs/TUI.md › Width: the one rule is `CharacterWidth.drawn`).
@Suite struct EmojiSequenceTests {
    static let names = ["Family 👩‍👩‍👧 Co", "Pride 🏳️‍🌈 Ltd", "Thumbs 👍🏽 Inc", "Coder 🧑🏽‍💻 LLC", "日本 Plain"]

    private func table() -> CellGrid {
        var table = TableView<Int>(columns: [TableColumn("Name", .fixed(16)), TableColumn("N", .fixed(3), alignment: .trailing)],
                                   emptyText: "")
        table.setRows(Array(Self.names.indices))
        var grid = CellGrid(size: TerminalSize(rows: 8, cols: 24))
        grid.drawBox(grid.bounds)
        table.render(into: &grid, area: Rect(row: 1, col: 1, height: 6, width: 22), focused: false) {
            TableRow([Self.names[$0], "\($0 + 1)"])
        }
        return grid
    }

    @Test func aTableRowWithEmojiSequencesKeepsItsColumns() throws {
        let grid = table()
        try Golden.check(grid, "emoji-sequences-table")
        for row in 2..<7 {
            #expect(grid[row, 23].text == "│", "the right border stays in the last column")
            #expect(grid.column(of: "\(row - 1)", inRow: row) == 22, "the number column stays in place")
        }
    }

    /// What a cell sends draws alike on a terminal that joins emoji and one that draws
    /// each part: one picture, never a joiner or a skin tone that some join and some do not.
    @Test func everyCellHoldsWhatAllTerminalsDrawAlike() {
        let grid = table()
        for row in 0..<grid.size.rows {
            for col in 0..<grid.size.cols where !grid[row, col].isContinuation {
                let scalars = grid[row, col].text.unicodeScalars
                #expect(!scalars.contains("\u{200D}"), "row \(row) col \(col)")
                #expect(!scalars.contains { (0x1F3FB...0x1F3FF).contains($0.value) }, "row \(row) col \(col)")
                #expect(scalars.filter { CharacterWidth.of($0) > 0 }.count <= 1, "row \(row) col \(col)")
            }
        }
    }
}
