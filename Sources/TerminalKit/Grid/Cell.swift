/// One column of the grid. A wide character occupies its cell and the next one,
/// which is a `continuation` cell with width 0 and no text of its own.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var width: UInt8
    public var style: CellStyle

    public init(text: String, width: UInt8, style: CellStyle) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell(text: " ", width: 1, style: .plain)

    public static func continuation(_ style: CellStyle) -> Cell {
        Cell(text: "", width: 0, style: style)
    }

    public var isContinuation: Bool { width == 0 }
}
