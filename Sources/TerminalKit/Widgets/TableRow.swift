/// What a `TableView` draws for one row, asked for only while it is visible
/// so a 200k-row table formats a screenful, not every row.
public struct TableRow: Sendable {
    public var cells: [String]
    public var style: CellStyle

    public init(_ cells: [String], style: CellStyle = .plain) {
        self.cells = cells
        self.style = style
    }
}
