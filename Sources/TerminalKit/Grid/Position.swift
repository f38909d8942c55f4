/// A cell coordinate, row first as ncurses counts.
public struct Position: Hashable, Sendable {
    public var row: Int
    public var col: Int

    public init(row: Int, col: Int) {
        self.row = row
        self.col = col
    }
}
