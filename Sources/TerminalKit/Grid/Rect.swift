/// An area of the grid. Widgets are given one and never draw outside it.
public struct Rect: Hashable, Sendable {
    public var row: Int
    public var col: Int
    public var height: Int
    public var width: Int

    public init(row: Int, col: Int, height: Int, width: Int) {
        self.row = row
        self.col = col
        self.height = max(0, height)
        self.width = max(0, width)
    }

    public init(size: TerminalSize) {
        self.init(row: 0, col: 0, height: size.rows, width: size.cols)
    }

    public var bottom: Int { row + height }
    public var right: Int { col + width }
    public var isEmpty: Bool { height == 0 || width == 0 }

    /// The area inside a one-cell border.
    public var interior: Rect { inset(top: 1, left: 1, bottom: 1, right: 1) }

    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(row: row + top, col: col + left, height: height - top - bottom, width: width - left - right)
    }

    /// Splits off `count` rows from the top; the second part is what remains.
    public func splitTop(_ count: Int) -> (Rect, Rect) {
        let n = min(max(0, count), height)
        return (Rect(row: row, col: col, height: n, width: width),
                Rect(row: row + n, col: col, height: height - n, width: width))
    }

    /// Splits off `count` rows from the bottom; the first part is what remains.
    public func splitBottom(_ count: Int) -> (Rect, Rect) {
        let n = min(max(0, count), height)
        return (Rect(row: row, col: col, height: height - n, width: width),
                Rect(row: bottom - n, col: col, height: n, width: width))
    }

    /// Splits off `count` columns from the left; the second part is what remains.
    public func splitLeft(_ count: Int) -> (Rect, Rect) {
        let n = min(max(0, count), width)
        return (Rect(row: row, col: col, height: height, width: n),
                Rect(row: row, col: col + n, height: height, width: width - n))
    }

    /// A rectangle of at most the given size, centred in this one.
    public func centered(height h: Int, width w: Int) -> Rect {
        let hh = min(h, height), ww = min(w, width)
        return Rect(row: row + (height - hh) / 2, col: col + (width - ww) / 2, height: hh, width: ww)
    }

    public func contains(_ p: Position) -> Bool {
        p.row >= row && p.row < bottom && p.col >= col && p.col < right
    }
}
