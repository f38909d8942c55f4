/// The look of one cell.
public struct CellStyle: Hashable, Sendable {
    public var attributes: TextAttributes
    public var role: ColorRole

    public init(_ attributes: TextAttributes = [], role: ColorRole = .normal) {
        self.attributes = attributes
        self.role = role
    }

    public static let plain = CellStyle()
    public static let bold = CellStyle(.bold)
    public static let reverse = CellStyle(.reverse)
    public static let underline = CellStyle(.underline)
    public static let dim = CellStyle(.dim, role: .muted)
    /// A focused row or control: reverse survives monochrome and light palettes.
    public static let selected = CellStyle([.reverse, .bold])
    public static let title = CellStyle(.bold, role: .accent)
    public static let warning = CellStyle(.bold, role: .warning)
    public static let danger = CellStyle([.bold, .reverse], role: .danger)

    public func adding(_ extra: TextAttributes) -> CellStyle {
        CellStyle(attributes.union(extra), role: role)
    }
}
