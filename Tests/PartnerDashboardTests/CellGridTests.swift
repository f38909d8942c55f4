import PartnerDashboard
import TerminalKit
import Testing

@Suite struct CellGridTests {
    @Test func wideCharactersTakeTwoCellsAndKeepColumnsAligned() {
        var grid = CellGrid(size: TerminalSize(rows: 3, cols: 12))
        grid.write("日本|", row: 0, col: 0)
        grid.write("ab|", row: 1, col: 2)
        grid.write("Cafe\u{301}|", row: 2, col: 0)
        #expect(grid[0, 0].width == 2)
        #expect(grid[0, 1].isContinuation)
        #expect(grid.column(of: "|", inRow: 0) == 4)
        #expect(grid.column(of: "|", inRow: 1) == 4)
        #expect(grid.column(of: "|", inRow: 2) == 4)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(size: TerminalSize(rows: 1, cols: 6))
        grid.write("日本", row: 0, col: 0)
        grid.write("x", row: 0, col: 1)
        #expect(grid.lines() == [" x本"])
        grid.write("y", row: 0, col: 2)
        #expect(grid.lines() == [" xy"])
        #expect(!grid[0, 3].isContinuation)
    }

    @Test func aWideCharacterNeverHangsOffTheEdge() {
        var grid = CellGrid(size: TerminalSize(rows: 1, cols: 5))
        let used = grid.write("ab日本", row: 0, col: 0)
        #expect(used <= 5)
        #expect(grid.lines() == ["ab日…"])
    }

    @Test func escapesAreUnderlinedSoTheyDifferFromTypedBackslashes() {
        var grid = CellGrid(size: TerminalSize(rows: 1, cols: 20))
        grid.write("a\u{1B}b", row: 0, col: 0)
        #expect(grid.lines() == ["a\\x1bb"])
        #expect(grid[0, 1].style.attributes.contains(.underline))
        #expect(!grid[0, 0].style.attributes.contains(.underline))
    }

    @Test func fixedWidthWriteAligns() {
        var grid = CellGrid(size: TerminalSize(rows: 1, cols: 10))
        grid.write(DisplayText("日本"), row: 0, col: 0, width: 6, alignment: .trailing)
        #expect(grid.lines() == ["  日本"])
    }

    @Test func boxesUseLineDrawingCharacters() {
        var grid = CellGrid(size: TerminalSize(rows: 3, cols: 8))
        grid.drawBox(grid.bounds, title: "T")
        #expect(grid.lines() == ["┌ T ───┐", "│      │", "└──────┘"])
    }

    @Test func nothingOutsideTheGridIsWritten() {
        var grid = CellGrid(size: TerminalSize(rows: 2, cols: 4))
        grid.write("hello", row: 5, col: 0)
        grid.write("hello", row: -1, col: 0)
        grid.fill(Rect(row: -3, col: -3, height: 10, width: 10), style: .reverse)
        #expect(grid.lines() == ["", ""])
    }
}
