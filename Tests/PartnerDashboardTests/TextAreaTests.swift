import PartnerDashboard
import TerminalKit
import Testing

@Suite struct TextAreaTests {
    private func typed(_ keys: [KeyEvent], into area: TextArea = TextArea()) -> TextArea {
        var area = area
        for key in keys { _ = area.handle(key) }
        return area
    }

    private func chars(_ s: String) -> [KeyEvent] { s.map { .character($0) } }

    /// Draws the area so it learns its width and height (↑↓, Home/End and paging follow the wrap).
    private func laidOut(_ area: inout TextArea, width: Int, height: Int = 5) -> CellGrid {
        var grid = CellGrid(size: TerminalSize(rows: height, cols: width))
        area.render(into: &grid, area: Rect(row: 0, col: 0, height: height, width: width), focused: true)
        return grid
    }

    @Test func enterStartsANewLineAndWideCharactersAreOneStepEach() {
        let area = typed(chars("Hello") + [.enter] + chars("日本é"))
        #expect(area.text == "Hello\n日本é")
        #expect(area.cursor == TextArea.Location(line: 1, column: 3))
    }

    @Test func aCombiningMarkTypedAloneJoinsTheCharacterBeforeIt() {
        let area = typed([.character("e"), .character("\u{301}"), .character("x")])
        #expect(area.text == "e\u{301}x")
        #expect(Array(area.text).count == 2)
        #expect(area.cursor.column == 2)
        // Backspace removes the whole é, never half of it.
        let back = typed([.left, .backspace], into: area)
        #expect(back.text == "x")
    }

    @Test func backspaceAndDeleteJoinLines() {
        var area = TextArea(text: "ab\ncd")
        #expect(area.cursor == TextArea.Location(line: 1, column: 2))
        area = typed([.home, .backspace], into: area)
        #expect(area.text == "abcd")
        #expect(area.cursor == TextArea.Location(line: 0, column: 2))
        area = typed([.enter, .left, .delete], into: area)
        #expect(area.text == "abcd")
    }

    @Test func leftAndRightCrossLineEnds() {
        var area = TextArea(text: "ab\ncd")
        area.moveCursor(to: TextArea.Location(line: 1, column: 0))
        area = typed([.left], into: area)
        #expect(area.cursor == TextArea.Location(line: 0, column: 2))
        area = typed([.right, .right], into: area)
        #expect(area.cursor == TextArea.Location(line: 1, column: 1))
    }

    @Test func ctrlKAndCtrlUClearWithinTheLineAndCtrlKJoinsAtItsEnd() {
        var area = TextArea(text: "one two\nthree")
        area.moveCursor(to: TextArea.Location(line: 0, column: 3))
        area = typed([.ctrl("k")], into: area)
        #expect(area.text == "one\nthree")
        area = typed([.ctrl("k")], into: area)
        #expect(area.text == "onethree")
        area = typed([.ctrl("u")], into: area)
        #expect(area.text == "three")
        #expect(area.cursor.column == 0)
    }

    @Test func controlCharactersNeverEnterTheText() {
        let area = typed([.character("a"), .character("\u{1B}"), .character("\u{202E}"), .character("b")])
        #expect(area.text == "ab")
        #expect(TextArea(text: "a\u{7}b\r\nc").text == "ab\nc")
    }

    @Test func focusKeysAreNotTheAreasToHandle() {
        var area = TextArea()
        for key: KeyEvent in [.tab, .backTab, .escape, .function(1)] {
            let handled = area.handle(key)
            #expect(!handled, "\(key.label)")
        }
    }

    // MARK: Wrapping

    @Test func rowsBreakAfterSpacesAndInsideOnlyAWordTooLongForTheRow() {
        let area = TextArea(text: "alpha beta gamma\npartnerdash://invitation")
        #expect(area.wrappedRows(width: 10) == ["alpha beta ", "gamma", "partnerdas", "h://invita", "tion"])
    }

    @Test func wideCharactersWrapByDisplayWidthAndNeverSplit() {
        let area = TextArea(text: "日本語テキスト")
        #expect(area.wrappedRows(width: 5) == ["日本", "語テ", "キス", "ト"])
    }

    @Test func paragraphTextWrapsForDescriptions() {
        #expect(TextWrap.lines("Contoso invites Tailspin IT to authorize it", width: 16)
            == ["Contoso invites", "Tailspin IT to", "authorize it"])
        #expect(TextWrap.lines("a\n\nb", width: 5) == ["a", "", "b"])
    }

    // MARK: Moving by display column

    @Test func upAndDownKeepTheDisplayColumnAcrossWideCharacters() {
        var area = TextArea(text: "日本語\nabcdef")
        _ = laidOut(&area, width: 20)
        area.moveCursor(to: TextArea.Location(line: 1, column: 4))
        area = typed([.up], into: area)
        #expect(area.cursor == TextArea.Location(line: 0, column: 2), "column 4 is after 本")
        area = typed([.down], into: area)
        #expect(area.cursor == TextArea.Location(line: 1, column: 4), "the goal column survives the trip")
        area.moveCursor(to: TextArea.Location(line: 1, column: 3))
        area = typed([.up], into: area)
        #expect(area.cursor == TextArea.Location(line: 0, column: 1), "never into the middle of 本")
        let passedOn = area.handle(.up)
        #expect(!passedOn && area.cursor == TextArea.Location(line: 0, column: 1), "above the first row is the page's (Draft email's subject)")
        area = typed([.pageDown], into: area)
        #expect(area.cursor.line == 1)
    }

    @Test func upAndDownMoveThroughWrappedRowsOfOneLine() {
        var area = TextArea(text: "alpha beta gamma")
        _ = laidOut(&area, width: 11)
        area.moveCursor(to: TextArea.Location(line: 0, column: 2))
        area = typed([.down], into: area)
        #expect(area.cursor == TextArea.Location(line: 0, column: 13), "row 2 starts at gamma")
        area = typed([.end], into: area)
        #expect(area.cursor.column == 16)
        area = typed([.up, .end], into: area)
        #expect(area.cursor.column == 10, "End stops before the space the row broke at")
        area = typed([.home], into: area)
        #expect(area.cursor.column == 0)
    }

    @Test func pagingMovesByTheVisibleHeight() {
        var area = TextArea(text: (1...20).map { "line \($0)" }.joined(separator: "\n"))
        area.moveCursor(to: TextArea.Location(line: 0, column: 0))
        _ = laidOut(&area, width: 20, height: 5)
        area = typed([.pageDown], into: area)
        #expect(area.cursor.line == 4)
        area = typed([.pageDown, .pageUp], into: area)
        #expect(area.cursor.line == 4)
    }

    // MARK: Drawing

    @Test func drawingScrollsToTheCursorAndPlacesIt() {
        var area = TextArea(text: (1...20).map { "line \($0)" }.joined(separator: "\n"))
        let grid = laidOut(&area, width: 20, height: 5)
        #expect(grid.lines() == ["line 16", "line 17", "line 18", "line 19", "line 20"])
        #expect(grid.cursor == Position(row: 4, col: 7))
        #expect(area.rowsAbove == 15)
        #expect(area.rowsBelow == 0)
        area.moveCursor(to: TextArea.Location(line: 0, column: 0))
        let top = laidOut(&area, width: 20, height: 5)
        #expect(top.lines().first == "line 1")
        #expect(area.rowsBelow == 15)
    }

    @Test func wideAndAccentedTextDrawsInItsColumns() {
        var area = TextArea(text: "日本 é\nok")
        area.moveCursor(to: TextArea.Location(line: 0, column: 2))
        let grid = laidOut(&area, width: 10, height: 2)
        #expect(grid.lines() == ["日本 é", "ok"])
        #expect(grid.cursor == Position(row: 0, col: 4))
    }
}
