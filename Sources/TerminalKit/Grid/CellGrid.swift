/// A frame: rows × columns of cells. Screens and widgets draw into it; tests
/// read it as text; only a terminal adapter turns it into terminal output.
///
/// Every write goes through `DisplayText`, so the grid never holds a control
/// character and a wide character never has half of itself overwritten.
public struct CellGrid: Hashable, Sendable {
    public let size: TerminalSize
    private var cells: [Cell]
    /// Where the terminal should show its cursor (a focused text field), if anywhere.
    public var cursor: Position?

    public init(size: TerminalSize) {
        self.size = size
        self.cells = Array(repeating: .blank, count: size.rows * size.cols)
    }

    public var bounds: Rect { Rect(size: size) }

    public subscript(row: Int, col: Int) -> Cell {
        cells[row * size.cols + col]
    }

    /// Writes `text` starting at a position, cut with `…` to `maxWidth` columns
    /// (and to the grid's edge). Returns the columns written.
    @discardableResult
    public mutating func write(_ text: DisplayText, row: Int, col: Int, maxWidth: Int? = nil, style: CellStyle = .plain) -> Int {
        guard row >= 0, row < size.rows, col < size.cols else { return 0 }
        var limit = size.cols - max(col, 0)
        if let maxWidth { limit = min(limit, maxWidth) }
        guard limit > 0 else { return 0 }
        let fitted = text.truncated(to: limit)
        var x = col
        for glyph in fitted.glyphs {
            let glyphStyle = glyph.isEscape ? style.adding(.underline) : style
            if glyph.width == 2 {
                place(Cell(text: glyph.text, width: 2, style: glyphStyle), row: row, col: x)
                place(.continuation(glyphStyle), row: row, col: x + 1)
                x += 2
            } else if glyph.isEscape {
                for character in glyph.text {
                    place(Cell(text: String(character), width: 1, style: glyphStyle), row: row, col: x)
                    x += 1
                }
            } else {
                place(Cell(text: glyph.text, width: 1, style: glyphStyle), row: row, col: x)
                x += 1
            }
        }
        return x - col
    }

    @discardableResult
    public mutating func write(_ text: String, row: Int, col: Int, maxWidth: Int? = nil, style: CellStyle = .plain) -> Int {
        write(DisplayText(text), row: row, col: col, maxWidth: maxWidth, style: style)
    }

    /// Writes `text` into exactly `width` columns: truncated, then padded with
    /// spaces in `style` according to `alignment`.
    public mutating func write(_ text: DisplayText, row: Int, col: Int, width: Int, alignment: HorizontalAlignment, style: CellStyle = .plain) {
        guard width > 0 else { return }
        let fitted = text.truncated(to: width)
        let slack = width - fitted.width
        let lead: Int
        switch alignment {
        case .leading: lead = 0
        case .trailing: lead = slack
        case .center: lead = slack / 2
        }
        fill(Rect(row: row, col: col, height: 1, width: width), style: style)
        write(fitted, row: row, col: col + lead, maxWidth: width - lead, style: style)
    }

    /// Blanks an area with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: CellStyle = .plain) {
        let clipped = clip(rect)
        for r in clipped.row..<clipped.bottom {
            for c in clipped.col..<clipped.right {
                place(Cell(text: " ", width: 1, style: style), row: r, col: c)
            }
        }
    }

    /// Changes the style of an area without touching its text.
    public mutating func restyle(_ rect: Rect, _ transform: (CellStyle) -> CellStyle) {
        let clipped = clip(rect)
        for r in clipped.row..<clipped.bottom {
            for c in clipped.col..<clipped.right {
                cells[r * size.cols + c].style = transform(cells[r * size.cols + c].style)
            }
        }
    }

    /// A single-line box with an optional title in its top edge.
    public mutating func drawBox(_ rect: Rect, title: String? = nil, style: CellStyle = .plain, titleStyle: CellStyle = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let top = rect.row, bottom = rect.bottom - 1, left = rect.col, right = rect.right - 1
        for c in (left + 1)..<right {
            put(BoxGlyph.horizontal, row: top, col: c, style: style)
            put(BoxGlyph.horizontal, row: bottom, col: c, style: style)
        }
        for r in (top + 1)..<bottom {
            put(BoxGlyph.vertical, row: r, col: left, style: style)
            put(BoxGlyph.vertical, row: r, col: right, style: style)
        }
        put(BoxGlyph.topLeft, row: top, col: left, style: style)
        put(BoxGlyph.topRight, row: top, col: right, style: style)
        put(BoxGlyph.bottomLeft, row: bottom, col: left, style: style)
        put(BoxGlyph.bottomRight, row: bottom, col: right, style: style)
        if let title, rect.width > 4 {
            write(" " + title + " ", row: top, col: left + 1, maxWidth: rect.width - 2, style: titleStyle)
        }
    }

    /// The grid as text lines, trailing blanks removed: what a golden file holds.
    public func lines() -> [String] {
        (0..<size.rows).map { row in
            var line = ""
            for col in 0..<size.cols {
                line += self[row, col].text
            }
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    public var text: String { lines().joined(separator: "\n") }

    /// One character per column naming its attributes as a hex digit of
    /// bold=1, reverse=2, underline=4, dim=8 (blank for none), so golden files
    /// also pin what monochrome terminals show.
    public func attributeLines() -> [String] {
        (0..<size.rows).map { row in
            var line = ""
            for col in 0..<size.cols {
                let bits = self[row, col].style.attributes.rawValue
                line += bits == 0 ? " " : String(bits, radix: 16)
            }
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    /// The columns of a row that hold a given text, for tests that look for a
    /// word and check how it is drawn.
    public func column(of needle: String, inRow row: Int) -> Int? {
        var col = 0
        var line: [(col: Int, text: String)] = []
        while col < size.cols {
            let cell = self[row, col]
            if !cell.isContinuation { line.append((col, cell.text)) }
            col += 1
        }
        let texts = line.map(\.text)
        let target = needle.map(String.init)
        guard !target.isEmpty, texts.count >= target.count else { return nil }
        for start in 0...(texts.count - target.count) where Array(texts[start..<(start + target.count)]) == target {
            return line[start].col
        }
        return nil
    }

    private func clip(_ rect: Rect) -> Rect {
        let top = max(rect.row, 0), left = max(rect.col, 0)
        let bottom = min(rect.bottom, size.rows), right = min(rect.right, size.cols)
        return Rect(row: top, col: left, height: bottom - top, width: right - left)
    }

    private mutating func put(_ glyph: String, row: Int, col: Int, style: CellStyle) {
        guard row >= 0, row < size.rows, col >= 0, col < size.cols else { return }
        place(Cell(text: glyph, width: 1, style: style), row: row, col: col)
    }

    /// Sets one cell, blanking the other half of any wide character it cuts.
    private mutating func place(_ cell: Cell, row: Int, col: Int) {
        guard row >= 0, row < size.rows, col >= 0, col < size.cols else { return }
        let index = row * size.cols + col
        let old = cells[index]
        if old.isContinuation, !cell.isContinuation, col > 0 {
            cells[index - 1] = Cell(text: " ", width: 1, style: cells[index - 1].style)
        }
        if old.width == 2, cell.width != 2, col + 1 < size.cols, cells[index + 1].isContinuation {
            cells[index + 1] = Cell(text: " ", width: 1, style: cells[index + 1].style)
        }
        if cell.width == 2, col + 1 >= size.cols {
            cells[index] = Cell(text: " ", width: 1, style: cell.style)
            return
        }
        cells[index] = cell
    }
}
