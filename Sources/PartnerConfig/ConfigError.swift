/// What is wrong with the configuration file: one line naming the file, the line (and
/// column when the parser gives one), the field and the rule it breaks.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: Int?
    /// The setting at fault, as the file names it (`theme`, `keys.list.down`).
    public let field: String
    public let message: String

    public init(file: String, line: Int?, column: Int? = nil, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var place: String {
        switch (line, column) {
        case let (line?, column?): return "\(file):\(line):\(column)"
        case let (line?, nil): return "\(file):\(line)"
        default: return file
        }
    }

    public var description: String { "\(place): \(field): \(message)" }
}
