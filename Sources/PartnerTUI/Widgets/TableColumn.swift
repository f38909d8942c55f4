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

    public init(_ title: String, _ width: Width, alignment: HorizontalAlignment = .leading) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }

    /// Resolved widths for `total` columns of room with `gap` between columns.
    static func widths(of columns: [TableColumn], total: Int, gap: Int) -> [Int] {
        let gaps = gap * max(0, columns.count - 1)
        var fixed = 0, minimums = 0
        for column in columns {
            switch column.width {
            case .fixed(let w): fixed += w
            case .flexible(let m): minimums += m
            }
        }
        let spare = max(0, total - gaps - fixed - minimums)
        var remaining = spare
        let flexibleCount = columns.filter { if case .flexible = $0.width { return true } else { return false } }.count
        var seen = 0
        return columns.map { column in
            switch column.width {
            case .fixed(let w):
                return w
            case .flexible(let m):
                seen += 1
                let share = seen == flexibleCount ? remaining : spare / max(1, flexibleCount)
                remaining -= share
                return m + share
            }
        }
    }
}
