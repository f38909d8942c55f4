/// A column of a `TableView`.
public struct TableColumn: Hashable, Sendable {
    public enum Width: Hashable, Sendable {
        case fixed(Int)
        /// Shares the room the fixed columns leave, never below `min`.
        case flexible(min: Int)
    }

    public var title: String
    public var width: Width
    public var alignment: HorizontalAlignment
    /// The column is left out when the table is narrower than this, so the
    /// name column keeps a readable width at 80 columns.
    public var hiddenBelow: Int?

    public init(_ title: String, _ width: Width, alignment: HorizontalAlignment = .leading, hiddenBelow: Int? = nil) {
        self.title = title
        self.width = width
        self.alignment = alignment
        self.hiddenBelow = hiddenBelow
    }

    /// Resolved widths for `total` columns of room with `gap` between columns.
    /// Flexible columns share what the fixed ones leave, in proportion to their
    /// minimums; when that is less than the minimums they shrink (and truncate
    /// with `…`) rather than push the fixed columns (dates, ids) off the edge.
    public static func widths(of columns: [TableColumn], total: Int, gap: Int) -> [Int] {
        let gaps = gap * max(0, columns.count - 1)
        var fixed = 0, minimums = 0
        for column in columns {
            switch column.width {
            case .fixed(let w): fixed += w
            case .flexible(let m): minimums += max(1, m)
            }
        }
        let room = max(0, total - gaps - fixed)
        var remaining = room
        var minimumsLeft = minimums
        return columns.map { column in
            switch column.width {
            case .fixed(let w):
                return w
            case .flexible(let m):
                let share = minimumsLeft == 0 ? 0 : remaining * max(1, m) / minimumsLeft
                remaining -= share
                minimumsLeft -= max(1, m)
                return share
            }
        }
    }

    /// Widths for every column in order, 0 for those hidden at this width (`hiddenBelow`).
    public static func widths(showing columns: [TableColumn], total: Int, gap: Int) -> [Int] {
        let shown = columns.filter { total >= ($0.hiddenBelow ?? 0) }
        var widths = widths(of: shown, total: total, gap: gap).makeIterator()
        return columns.map { total >= ($0.hiddenBelow ?? 0) ? widths.next() ?? 0 : 0 }
    }
}
