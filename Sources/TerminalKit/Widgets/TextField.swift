/// A one-line text input: cursor, insert and delete, Home/End, scrolling by
/// display width so 日本 and é behave, and a slot for a validation message.
public struct TextField: Hashable, Sendable {
    public enum Action: Hashable, Sendable, CaseIterable {
        case left, right, home, end, backspace, delete, clearToStart, clearToEnd
    }

    public static let keymap = Keymap<Action>("Text field", [
        KeyBinding([(.left, .left), (.right, .right)], label: "←→", help: "move the cursor"),
        KeyBinding([(.home, .home), (.ctrl("a"), .home), (.end, .end), (.ctrl("e"), .end)],
                   label: "Home End", help: "go to the start or end (also Ctrl-A Ctrl-E)"),
        KeyBinding([.backspace], .backspace, help: "delete before the cursor"),
        KeyBinding([.delete], .delete, help: "delete at the cursor"),
        KeyBinding([.ctrl("u")], .clearToStart, help: "delete up to the cursor"),
        KeyBinding([.ctrl("k")], .clearToEnd, help: "delete from the cursor to the end"),
    ], allowsCharacters: false)

    public var label: String
    public var placeholder: String
    /// Shown under the field until the value is valid again.
    public var message: String?
    public var maxLength: Int?
    /// Fixed text after the input (`.onmicrosoft.com`): part of what the value
    /// means, never part of the value.
    public var suffix: String
    private var characters: [Character]
    /// Cursor position, in characters from the start.
    public private(set) var cursor: Int
    private var scroll = 0

    public init(label: String, text: String = "", placeholder: String = "", maxLength: Int? = nil, suffix: String = "") {
        self.label = label
        self.placeholder = placeholder
        self.maxLength = maxLength
        self.suffix = suffix
        self.characters = Array(text)
        self.cursor = characters.count
    }

    public var text: String {
        get { String(characters) }
        set {
            characters = Array(newValue)
            cursor = characters.count
        }
    }

    public var keyHints: [KeyHint] { Self.keymap.hints }

    /// Edits for an editing key or a printable character; false for anything else.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        if let action = Self.keymap.action(for: key) {
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

    /// Inserts a paste at the cursor in one edit (docs/TUI.md › Paste: `PastedText`), or
    /// nothing, returning why, when it would pass `maxLength`.
    @discardableResult
    public mutating func paste(_ text: String) -> String? {
        let line = PastedText.singleLine(text)
        if let refusal = PastedText.refusal(label: label, maxLength: maxLength, current: characters.count, pasted: line.count) {
            return refusal
        }
        characters.insert(contentsOf: line, at: cursor)
        cursor += line.count
        return nil
    }

    public mutating func insert(_ c: Character) {
        // Control characters never enter data: the grid would show them escaped,
        // but the stored value would still carry them into exports and email.
        guard let first = c.unicodeScalars.first, !DisplayText.mustEscape(first) else { return }
        if let maxLength, characters.count >= maxLength { return }
        characters.insert(c, at: cursor)
        cursor += 1
    }

    private mutating func apply(_ action: Action) {
        switch action {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .backspace:
            guard cursor > 0 else { return }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete:
            guard cursor < characters.count else { return }
            characters.remove(at: cursor)
        case .clearToStart:
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .clearToEnd:
            characters.removeSubrange(cursor..<characters.count)
        }
    }

    /// Draws the value, underlined across the field so it reads as an input in
    /// monochrome, scrolled so the cursor shows; places the terminal cursor
    /// when focused.
    public mutating func render(into grid: inout CellGrid, area: Rect, focused: Bool) {
        guard area.width > 0, area.height > 0 else { return }
        let suffixWidth = DisplayText.width(of: suffix)
        // The suffix gives way before the input does: it is the same on every record.
        if suffixWidth > 0, area.width - suffixWidth >= 6 {
            // The suffix sits right after the longest value, not at the far edge.
            let inputWidth = min(area.width - suffixWidth, (maxLength ?? area.width) + 1)
            let input = Rect(row: area.row, col: area.col, height: 1, width: inputWidth)
            grid.write(suffix, row: area.row, col: input.right, maxWidth: suffixWidth, style: .dim)
            renderInput(into: &grid, area: input, focused: focused)
        } else {
            renderInput(into: &grid, area: area, focused: focused)
        }
    }

    private mutating func renderInput(into grid: inout CellGrid, area: Rect, focused: Bool) {
        let fieldStyle = CellStyle(focused ? [.underline, .bold] : .underline)
        grid.fill(Rect(row: area.row, col: area.col, height: 1, width: area.width), style: fieldStyle)
        if characters.isEmpty && !focused {
            grid.write(placeholder, row: area.row, col: area.col, maxWidth: area.width, style: CellStyle([.underline, .dim], role: .muted))
            return
        }
        if !focused {
            // Away from the cursor a value reads from its start, cut with … like any text,
            // not from wherever editing last scrolled it. Every character takes a column
            // at least, so one more than fits is enough to know where to cut.
            let shown = String(characters.prefix(area.width + 1))
            grid.write(DisplayText(shown), row: area.row, col: area.col, maxWidth: area.width, style: fieldStyle)
            return
        }
        // The cursor needs a free cell after the last character. Only the characters
        // around the cursor are measured: a long pasted value costs no more per frame.
        let room = area.width - 1
        if cursor < scroll { scroll = cursor }
        var before = 0
        var firstShown = cursor
        while firstShown > scroll {
            let w = Self.width(characters[firstShown - 1])
            if before + w > room { break }
            before += w
            firstShown -= 1
        }
        scroll = firstShown
        var x = area.col
        var cursorCol = area.col
        for i in scroll..<characters.count {
            if i == cursor { cursorCol = x }
            let glyph = DisplayText(String(characters[i]))
            if x + glyph.width > area.col + area.width { break }
            x += grid.write(glyph, row: area.row, col: x, style: fieldStyle)
        }
        if cursor == characters.count { cursorCol = min(x, area.col + area.width - 1) }
        if focused { grid.cursor = Position(row: area.row, col: cursorCol) }
    }

    private static func width(_ c: Character) -> Int { DisplayText.width(ofCharacter: c) }
}
