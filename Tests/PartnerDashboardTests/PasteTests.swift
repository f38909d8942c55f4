import TerminalKit
import Testing

/// Text inputs taking a paste (docs/TUI.md › Paste): one edit, cleaned by one rule,
/// refused whole past the maximum length.
@Suite struct PasteTests {
    @Test func aFieldTakesAPasteAtTheCursorInOneEdit() {
        var field = TextField(label: "Link", text: "ab")
        _ = field.handle(.left)
        let handled = field.handle(.paste("XYZ"))
        #expect(handled)
        #expect(field.text == "aXYZb")
        #expect(field.cursor == 4)
    }

    @Test func aSingleLineFieldDropsControlsAndTurnsLineBreaksIntoOneSpace() {
        var field = TextField(label: "Address")
        field.paste("\r\n1 Main St\r\n\r\nSpringfield\tIL\u{1B}[31m\u{7}\n")
        #expect(field.text == "1 Main St Springfield IL[31m")
    }

    @Test func aPastePastTheMaximumIsRefusedWholeNamingTheFieldAndItsMaximum() {
        var field = TextField(label: "Country", text: "U", maxLength: 2)
        let refusal = field.paste("USA")
        #expect(field.text == "U", "nothing is half-pasted")
        #expect(refusal == "Not pasted: Country holds at most 2 characters, and the paste of 3 would make it 4")
        #expect(field.paste("S\n") == nil, "a trailing line break does not count")
        #expect(field.text == "US")
    }

    @Test func aTextAreaKeepsLineBreaksAndSplicesThePasteIn() {
        var area = TextArea(text: "Hello\nworld")
        area.moveCursor(to: TextArea.Location(line: 0, column: 5))
        let handled = area.handle(.paste(",\r\ndear\u{1B}q\n\tfriend"))
        #expect(handled)
        #expect(area.text == "Hello,\ndearq\n friend\nworld")
        #expect(area.cursor == TextArea.Location(line: 2, column: 7))
        area.paste("!")
        #expect(area.text == "Hello,\ndearq\n friend!\nworld")
    }

    @Test func aPasteStartingWithACombiningMarkJoinsTheCharacterBefore() {
        var area = TextArea(text: "Cafe")
        area.paste("\u{301} ok")
        #expect(area.text == "Café ok")
        #expect(area.cursor.column == 7)
    }

    @Test func aTextAreaRefusesAPastePastItsMaximumAndStopsTypingThere() {
        var area = TextArea(text: "ab\ncd", label: "Body", maxLength: 8)
        #expect(area.count == 5, "a line break counts one, as the field tables count")
        #expect(area.paste("x\nyz") == "Not pasted: Body holds at most 8 characters, and the paste of 4 would make it 9")
        #expect(area.text == "ab\ncd")
        #expect(area.paste("x\ny") == nil)
        _ = area.handle(.character("!"))
        #expect(area.text == "ab\ncdx\ny", "typing stops at the maximum")
    }

    @Test func widgetsThatTakeNoTextIgnoreAPaste() {
        var box = Checkbox(label: "Agree")
        let boxTook = box.handle(.paste("x"))
        #expect(!boxTook)
        var table = TableView<Int>(columns: [TableColumn("N", .fixed(3))], emptyText: "")
        table.setRows([1])
        let tableTook = table.handle(.paste("q"))
        #expect(!tableTook)
    }

    /// 100,000 characters in one field: the edit and a frame cost their length once
    /// (they were quadratic), so the test itself stays quick; the time is in the benchmark.
    @Test func aLongPasteShowsItsEndWithTheCursorAfterIt() {
        var field = TextField(label: "Link")
        field.paste(String(repeating: "abcdefghij", count: 10_000) + "END")
        var grid = CellGrid(size: TerminalSize(rows: 1, cols: 20))
        field.render(into: &grid, area: grid.bounds, focused: true)
        #expect(grid.lines()[0].hasSuffix("END"))
        #expect(grid.cursor == Position(row: 0, col: 19))
        var unfocused = CellGrid(size: TerminalSize(rows: 1, cols: 20))
        field.render(into: &unfocused, area: unfocused.bounds, focused: false)
        #expect(unfocused.lines()[0] == "abcdefghijabcdefghi…")
    }
}
