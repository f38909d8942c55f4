/// A terminal's size in character cells.
public struct TerminalSize: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int

    public init(rows: Int, cols: Int) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
    }

    /// The smallest size the dashboard lays out for; it promises to work at 80×24.
    public static let minimum = TerminalSize(rows: 24, cols: 80)

    public func fits(_ other: TerminalSize) -> Bool {
        rows >= other.rows && cols >= other.cols
    }

    public var description: String { "\(cols)×\(rows)" }
}
