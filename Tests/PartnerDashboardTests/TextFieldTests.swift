import PartnerDashboard
import TerminalKit
import Testing

@Suite struct TextFieldTests {
    private func typed(_ keys: [KeyEvent], into field: TextField = TextField(label: "Name")) -> TextField {
        var field = field
        for key in keys { _ = field.handle(key) }
        return field
    }

    @Test func typingInsertsAtTheCursor() {
        let field = typed("Cafe".map { .character($0) } + [.left, .left, .character("X")])
        #expect(field.text == "CaXfe")
        #expect(field.cursor == 3)
    }

    @Test func editingKeys() {
        var field = TextField(label: "Name", text: "Fabrikam")
        #expect(field.cursor == 8)
        _ = field.handle(.backspace)
        #expect(field.text == "Fabrika")
        _ = field.handle(.home)
        _ = field.handle(.delete)
        #expect(field.text == "abrika")
        _ = field.handle(.end)
        _ = field.handle(.character("!"))
        #expect(field.text == "abrika!")
        _ = field.handle(.ctrl("a"))
        _ = field.handle(.right)
        _ = field.handle(.ctrl("k"))
        #expect(field.text == "a")
        _ = field.handle(.ctrl("u"))
        #expect(field.text == "")
        #expect(field.cursor == 0)
    }

    @Test func backspaceAtStartAndDeleteAtEndDoNothing() {
        var field = TextField(label: "x", text: "ab")
        _ = field.handle(.delete)
        #expect(field.text == "ab")
        _ = field.handle(.home)
        _ = field.handle(.backspace)
        #expect(field.text == "ab")
    }

    @Test func qAndQuestionMarkType() {
        #expect(typed([.character("q"), .character("?")]).text == "q?")
    }

    @Test func controlCharactersNeverEnterTheValue() {
        let field = typed([.character("a"), .character("\u{1B}"), .character("\u{9B}"), .character("b")])
        #expect(field.text == "ab")
    }

    @Test func navigationKeysAreNotTheFieldsToHandle() {
        var field = TextField(label: "x")
        for key: KeyEvent in [.tab, .enter, .up, .escape] {
            let handled = field.handle(key)
            #expect(!handled, "\(key.label)")
        }
    }

    @Test func decomposedAccentIsOneCharacterForTheCursor() {
        var field = TextField(label: "x", text: "Cafe\u{301}")
        #expect(field.cursor == 4)
        _ = field.handle(.backspace)
        #expect(field.text == "Caf")
    }

    @Test func maxLength() {
        let field = typed("abcdef".map { .character($0) }, into: TextField(label: "MPN", maxLength: 3))
        #expect(field.text == "abc")
    }

    @Test func scrollsByDisplayWidthToKeepTheCursorVisible() {
        var field = TextField(label: "x", text: "日本語のテキスト")
        var grid = CellGrid(size: TerminalSize(rows: 1, cols: 10))
        field.render(into: &grid, area: Rect(row: 0, col: 0, height: 1, width: 8), focused: true)
        // 8 columns, one kept free for the cursor: the last three wide characters show.
        #expect(grid.cursor == Position(row: 0, col: 6))
        #expect(grid.lines()[0] == "キスト")
        _ = field.handle(.home)
        var again = CellGrid(size: TerminalSize(rows: 1, cols: 10))
        field.render(into: &again, area: Rect(row: 0, col: 0, height: 1, width: 8), focused: true)
        #expect(again.lines()[0] == "日本語の")
        #expect(again.cursor == Position(row: 0, col: 0))
    }
}
