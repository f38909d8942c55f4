/// A multi-line text input (an email body): Enter starts a new line, rows wrap
/// softly at the area's width, the cursor moves by grapheme sideways and by
/// display column up and down, and the view scrolls to keep it visible.
///
/// Up, down and paging depend on how rows wrap, which depends on the width it
/// was last drawn at; like `ListCursor`'s page size, that is remembered from
/// the last render.
public struct TextArea: Hashable, Sendable {
    public enum Action: Hashable, Sendable, CaseIterable {
        case left, right, up, down, pageUp, pageDown, home, end, newline, backspace, delete, clearToStart, clearToEnd
    }

    public static let keymap = Keymap<Action>("Text area", [
        KeyBinding([(.left, .left), (.right, .right), (.up, .up), (.down, .down)], label: "←→↑↓",
                   help: "move the cursor by character or by row"),
        KeyBinding([(.pageUp, .pageUp), (.pageDown, .pageDown)], label: "PgUp PgDn", help: "move the cursor a page up or down"),
        KeyBinding([(.home, .home), (.ctrl("a"), .home), (.end, .end), (.ctrl("e"), .end)],
                   label: "Home End", help: "go to the start or end of the row (also Ctrl-A Ctrl-E)"),
        KeyBinding([.enter], .newline, hint: "new line", help: "start a new line"),
        KeyBinding([.backspace], .backspace, help: "delete before the cursor"),
        KeyBinding([.delete], .delete, help: "delete at the cursor"),
        KeyBinding([.ctrl("u")], .clearToStart, help: "delete from the start of the line to the cursor"),
        KeyBinding([.ctrl("k")], .clearToEnd, help: "delete from the cursor to the end of the line (joins the next line at the end)"),
    ], allowsCharacters: false)

    /// A place in the text: a line (between newlines) and a character within it.
    public struct Location: Hashable, Sendable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// One screen row: part of a line.
    public struct Row: Hashable, Sendable {
        public var line: Int
        public var start: Int
        public var end: Int
        public var isLastOfLine: Bool
    }

    /// Shown under the area until the text is right again.
    public var message: String?
    /// What the area is called where a refused paste is explained ("Body").
    public var label: String
    /// The most characters the text holds, a line break counting one (as the domain's
    /// field tables count them): typing stops there and a longer paste is refused.
    public var maxLength: Int?
    private var lines: [[Character]]
    public private(set) var cursor = Location(line: 0, column: 0)
    /// The display column ↑↓ aim for, kept while moving up and down through shorter rows.
    private var goalColumn: Int?
    private var wrapWidth = 60
    private var pageHeight = 10
    private var scroll = 0
    public private(set) var rowsAbove = 0
    public private(set) var rowsBelow = 0

    /// The cursor starts at the end, as in `TextField`.
    public init(text: String = "", label: String = "", maxLength: Int? = nil) {
        self.label = label
        self.maxLength = maxLength
        lines = Self.split(text)
        cursor = Location(line: lines.count - 1, column: lines[lines.count - 1].count)
    }

    public var text: String {
        get { lines.map { String($0) }.joined(separator: "\n") }
        set {
            lines = Self.split(newValue)
            cursor = Location(line: lines.count - 1, column: lines[lines.count - 1].count)
            goalColumn = nil
        }
    }

    /// ↑ on the first row and ↓ on the last are not the area's: the page moves on from
    /// there (Draft email's body to its buttons).
    public var keyHints: [KeyHint] { Self.keymap.hints(passingOn: passedOn) }

    /// The arrows the area leaves to its page where the cursor is.
    public var passedOn: Set<KeyEvent> {
        // Only the cursor's line is wrapped: a 20,000-character body is not measured again.
        let starts = rowStarts(lines[cursor.line], width: wrapWidth)
        var keys: Set<KeyEvent> = []
        if cursor.line == 0 && starts.dropFirst().allSatisfy({ $0 > cursor.column }) { keys.insert(.up) }
        if cursor.line == lines.count - 1 && (starts.last ?? 0) <= cursor.column { keys.insert(.down) }
        return keys
    }

    /// Moves the cursor, clamped to the text.
    public mutating func moveCursor(to location: Location) {
        let line = min(max(0, location.line), lines.count - 1)
        cursor = Location(line: line, column: min(max(0, location.column), lines[line].count))
        goalColumn = nil
    }

    // MARK: Editing

    /// Edits for an editing key or a printable character; false for anything else.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        if let action = Self.keymap.action(for: key) {
            if (key == .up || key == .down) && passedOn.contains(key) { return false }
            apply(action)
            return true
        }
        switch key {
        case .character(let c): insert(c)
        case .paste(let text):
            if let refusal = paste(text) { PasteNotice.report(refusal) }
        default: return false
        }
        return true
    }

    /// Characters in the text, a line break counting one.
    public var count: Int { lines.reduce(lines.count - 1) { $0 + $1.count } }

    /// Inserts a paste at the cursor in one edit (docs/TUI.md › Paste: `PastedText`), or
    /// nothing, returning why, when it would pass `maxLength`.
    @discardableResult
    public mutating func paste(_ text: String) -> String? {
        let pasted = PastedText.lines(text)
        let added = pasted.reduce(pasted.count - 1) { $0 + $1.count }
        if let refusal = PastedText.refusal(label: label, maxLength: maxLength, current: count, pasted: added) {
            return refusal
        }
        insert(lines: pasted)
        return nil
    }

    /// Inserts text at the cursor (a link put back); newlines split lines.
    public mutating func insert(text: String) {
        insert(lines: Self.split(text))
    }

    /// Splices whole lines in at the cursor: the cursor's line is cut once and the
    /// pasted lines go between its halves, so a paste costs its length, not its length
    /// times the line's.
    private mutating func insert(lines pasted: [[Character]]) {
        goalColumn = nil
        guard let first = pasted.first else { return }
        if pasted.count == 1 {
            let merged = joiningMark(first)
            lines[cursor.line].insert(contentsOf: merged, at: cursor.column)
            cursor.column += merged.count
            return
        }
        let rest = Array(lines[cursor.line][cursor.column...])
        lines[cursor.line].replaceSubrange(cursor.column..., with: joiningMark(first))
        var middle = Array(pasted.dropFirst())
        let lastColumn = middle[middle.count - 1].count
        middle[middle.count - 1] += rest
        lines.insert(contentsOf: middle, at: cursor.line + 1)
        cursor = Location(line: cursor.line + middle.count, column: lastColumn)
    }

    /// A paste that starts with a combining mark puts it on the character before the
    /// cursor, as typing it would; the rest is returned to be inserted.
    private mutating func joiningMark(_ text: [Character]) -> ArraySlice<Character> {
        guard let mark = text.first, cursor.column > 0, CharacterWidth.of(mark) == 0 else { return text[...] }
        let merged = String(lines[cursor.line][cursor.column - 1]) + String(mark)
        guard merged.count == 1, let joined = merged.first else { return text[...] }
        lines[cursor.line][cursor.column - 1] = joined
        return text.dropFirst()
    }

    public mutating func insert(_ c: Character) {
        goalColumn = nil
        if let maxLength, count >= maxLength { return }
        if Self.isNewline(c) {
            newline()
            return
        }
        // Control characters never enter data: they would travel into the email.
        guard let first = c.unicodeScalars.first, !DisplayText.mustEscape(first) else { return }
        // A combining mark typed on its own (e then ´) joins the character before it.
        let kept = joiningMark([c])
        lines[cursor.line].insert(contentsOf: kept, at: cursor.column)
        cursor.column += kept.count
    }

    private mutating func newline() {
        let rest = Array(lines[cursor.line][cursor.column...])
        lines[cursor.line].removeSubrange(cursor.column...)
        lines.insert(rest, at: cursor.line + 1)
        cursor = Location(line: cursor.line + 1, column: 0)
    }

    private mutating func apply(_ action: Action) {
        switch action {
        case .up:
            moveVertically(by: -1)
            return
        case .down:
            moveVertically(by: 1)
            return
        case .pageUp:
            moveVertically(by: -max(1, pageHeight - 1))
            return
        case .pageDown:
            moveVertically(by: max(1, pageHeight - 1))
            return
        case .left:
            if cursor.column > 0 {
                cursor.column -= 1
            } else if cursor.line > 0 {
                cursor = Location(line: cursor.line - 1, column: lines[cursor.line - 1].count)
            }
        case .right:
            if cursor.column < lines[cursor.line].count {
                cursor.column += 1
            } else if cursor.line < lines.count - 1 {
                cursor = Location(line: cursor.line + 1, column: 0)
            }
        case .home:
            cursor.column = currentRow().start
        case .end:
            let row = currentRow()
            // Before the space the row broke at, so typing continues that row.
            cursor.column = row.isLastOfLine ? row.end : max(row.start, row.end - 1)
        case .newline:
            newline()
        case .backspace:
            if cursor.column > 0 {
                lines[cursor.line].remove(at: cursor.column - 1)
                cursor.column -= 1
            } else if cursor.line > 0 {
                let column = lines[cursor.line - 1].count
                lines[cursor.line - 1] += lines.remove(at: cursor.line)
                cursor = Location(line: cursor.line - 1, column: column)
            }
        case .delete:
            if cursor.column < lines[cursor.line].count {
                lines[cursor.line].remove(at: cursor.column)
            } else if cursor.line < lines.count - 1 {
                lines[cursor.line] += lines.remove(at: cursor.line + 1)
            }
        case .clearToStart:
            lines[cursor.line].removeSubrange(0..<cursor.column)
            cursor.column = 0
        case .clearToEnd:
            if cursor.column < lines[cursor.line].count {
                lines[cursor.line].removeSubrange(cursor.column...)
            } else if cursor.line < lines.count - 1 {
                lines[cursor.line] += lines.remove(at: cursor.line + 1)
            }
        }
        goalColumn = nil
    }

    // MARK: Rows

    /// The text as it shows at `width` columns: one string per screen row.
    public func wrappedRows(width: Int) -> [String] {
        rows(width: width).map { String(lines[$0.line][$0.start..<$0.end]) }
    }

    public func rows(width: Int) -> [Row] {
        var rows: [Row] = []
        for (n, line) in lines.enumerated() {
            let starts = rowStarts(line, width: width)
            for (k, start) in starts.enumerated() {
                let last = k == starts.count - 1
                rows.append(Row(line: n, start: start, end: last ? line.count : starts[k + 1], isLastOfLine: last))
            }
        }
        return rows
    }

    private func rowStarts(_ line: [Character], width: Int) -> [Int] {
        SoftWrap.rowStarts(widths: line.map(Self.width), isSpace: line.map { $0 == " " }, width: width)
    }

    /// The row showing the cursor: a column at a row's start belongs to that
    /// row, not to the end of the one before.
    private func rowIndex(of location: Location, in rows: [Row]) -> Int {
        var found = 0
        for (i, row) in rows.enumerated() where row.line == location.line && row.start <= location.column {
            found = i
        }
        return found
    }

    private func currentRow() -> Row {
        let all = rows(width: wrapWidth)
        return all[rowIndex(of: cursor, in: all)]
    }

    private func displayColumn(_ location: Location, in row: Row) -> Int {
        lines[row.line][row.start..<location.column].reduce(0) { $0 + Self.width($1) }
    }

    /// Up or down by screen rows, to the character at the goal column (never
    /// into the middle of a wide one). Past the first or last row: the start or end.
    private mutating func moveVertically(by delta: Int) {
        let all = rows(width: wrapWidth)
        let here = rowIndex(of: cursor, in: all)
        let goal = goalColumn ?? displayColumn(cursor, in: all[here])
        let target = here + delta
        if target < 0 {
            cursor = Location(line: 0, column: 0)
        } else if target >= all.count {
            cursor = Location(line: lines.count - 1, column: lines[lines.count - 1].count)
        } else {
            let row = all[target]
            let last = row.isLastOfLine ? row.end : max(row.start, row.end - 1)
            var column = row.start
            var x = 0
            while column < last {
                let w = Self.width(lines[row.line][column])
                if x + w > goal { break }
                x += w
                column += 1
            }
            cursor = Location(line: row.line, column: column)
        }
        goalColumn = goal
    }

    // MARK: Drawing

    /// Draws the visible rows, scrolled so the cursor shows; one column is kept
    /// free at the right for the cursor at the end of a full row.
    public mutating func render(into grid: inout CellGrid, area: Rect, focused: Bool) {
        guard area.width > 1, area.height > 0 else { return }
        wrapWidth = area.width - 1
        pageHeight = area.height
        let all = rows(width: wrapWidth)
        let cursorRow = rowIndex(of: cursor, in: all)
        if cursorRow < scroll { scroll = cursorRow }
        if cursorRow >= scroll + area.height { scroll = cursorRow - area.height + 1 }
        scroll = max(0, min(scroll, all.count - area.height))
        rowsAbove = scroll
        rowsBelow = max(0, all.count - scroll - area.height)
        for (offset, row) in all[scroll..<min(all.count, scroll + area.height)].enumerated() {
            let y = area.row + offset
            var x = area.col
            for column in row.start..<row.end {
                let glyph = DisplayText(String(lines[row.line][column]))
                if x + glyph.width > area.right { break }
                x += grid.write(glyph, row: y, col: x)
            }
        }
        if focused {
            let x = area.col + displayColumn(cursor, in: all[cursorRow])
            grid.cursor = Position(row: area.row + cursorRow - scroll, col: min(x, area.right - 1))
        }
    }

    // MARK: Helpers

    private static func width(_ c: Character) -> Int { DisplayText.width(ofCharacter: c) }

    private static func isNewline(_ c: Character) -> Bool { PastedText.isLineBreak(c) }

    private static func split(_ text: String) -> [[Character]] { PastedText.lines(text) }
}
