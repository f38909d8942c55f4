/// A column of an export: its Partner Center name and how JSON writes its values.
public struct ExportColumn: Equatable, Sendable {
    public enum Kind: Sendable {
        /// A JSON string.
        case text
        /// A JSON number (`quantity`).
        case integer
        /// JSON `true`/`false` (`autoRenewEnabled`).
        case boolean
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind = .text) {
        self.name = name
        self.kind = kind
    }
}

/// The columns of one exported resource: an enum whose raw values are Partner Center's
/// property names, in the order an export writes them.
public protocol ExportColumns: CaseIterable, RawRepresentable, Sendable where RawValue == String {
    var kind: ExportColumn.Kind { get }
}

extension ExportColumns {
    public var kind: ExportColumn.Kind { .text }
    public static var exportColumns: [ExportColumn] { allCases.map { ExportColumn($0.rawValue, $0.kind) } }
}

/// An export before it is written: one row per record, one value per column, each value
/// as the formats below write it (dates ISO 8601 UTC, booleans `true`/`false`, enums by
/// their Partner Center raw values, an absent value empty).
public struct ExportTable: Equatable, Sendable {
    public var columns: [ExportColumn]
    public var rows: [[String]]

    public init(columns: [ExportColumn], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    public var count: Int { rows.count }
}

/// How an export is written (`--format`).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// RFC 4180 in UTF-8 with CRLF, a header row of the column names.
    case csv
    /// One JSON array of objects keyed by the column names.
    case json
    /// JSON Lines: one object per line.
    case jsonl
}

extension ExportTable {
    /// The export's bytes as text. `byteOrderMark` starts CSV with U+FEFF, which Excel
    /// needs to read it as UTF-8.
    public func text(_ format: ExportFormat, byteOrderMark: Bool = false) -> String {
        switch format {
        case .csv: return (byteOrderMark ? "\u{FEFF}" : "") + csv
        case .json: return rows.isEmpty ? "[]\n" : "[\n" + rows.map(jsonObject).joined(separator: ",\n") + "\n]\n"
        case .jsonl: return rows.map { jsonObject($0) + "\n" }.joined()
        }
    }

    public var csv: String {
        var out = CSV.record(columns.map(\.name))
        out.reserveCapacity(rows.count * 160)
        for row in rows { out += CSV.record(row) }
        return out
    }

    /// Keys in column order (not sorted), so a row reads like the CSV's; an empty value is `null`.
    private func jsonObject(_ row: [String]) -> String {
        var out = "{"
        for (i, column) in columns.enumerated() {
            if i > 0 { out += "," }
            out += JSONText.string(column.name) + ":"
            let value = row[i]
            switch column.kind {
            case _ where value.isEmpty: out += "null"
            case .text: out += JSONText.string(value)
            case .integer, .boolean: out += value
            }
        }
        return out + "}"
    }
}

/// JSON string literals (RFC 8259): quotes, backslashes and control characters escaped.
enum JSONText {
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
