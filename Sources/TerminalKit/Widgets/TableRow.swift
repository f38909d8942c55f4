/// What a `TableView` draws for one row, asked for only while it is visible
/// so a 200k-row table formats a screenful, not every row.
public struct TableRow: Sendable {
    public var cells: [String]
    public var style: CellStyle
    /// A shorter form of some cells, by column index, drawn when the cell's column is
    /// too narrow for the full text (`Fitting`).
    public var shorter: [Int: String]

    public init(_ cells: [String], style: CellStyle = .plain, shorter: [Int: String] = [:]) {
        self.cells = cells
        self.style = style
        self.shorter = shorter
    }
}
