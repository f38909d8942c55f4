/// RFC 4180 records for every export (Customers, the Activity log, the command line):
/// a field with a comma, quote or line break is quoted with its quotes doubled, and a
/// record ends with CRLF.
public enum CSV {
    /// A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return)
    /// as a formula; partner data is data, so such a field gets a leading apostrophe
    /// (OWASP's advice against CSV injection).
    public static func field(_ value: String) -> String {
        var value = value
        if let first = value.utf8.first, formulaStarts.contains(first) {
            value = "'" + value
        }
        let special = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard special else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    private static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D,
    ]
}
