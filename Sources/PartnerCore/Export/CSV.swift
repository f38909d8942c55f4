/// RFC 4180 records for every export: a field with a comma, quote or line break is quoted
/// with its quotes doubled, and a record ends with CRLF. `read` takes them back.
public enum CSV {
    /// A spreadsheet runs a cell that starts with = + - @ (or a tab, a carriage return or
    /// NUL) as a formula; partner data is data, so such a field gets a leading apostrophe
    /// (OWASP's advice against CSV injection). A phone number in E.164 form keeps its `+`
    /// (`isE164`): digits cannot make a formula that does anything.
    public static func field(_ value: String) -> String {
        var value = value
        if isFormula(value) { value = "'" + value }
        let special = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard special else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// Whether `field` guards `value` with an apostrophe.
    public static func isFormula(_ value: String) -> Bool {
        guard let first = value.utf8.first, formulaStarts.contains(first) else { return false }
        return !isE164(value)
    }

    /// A phone number as E.164 writes it and as we store phones: `+`, a country code's
    /// first digit (1–9), then digits, single spaces allowed between groups of digits,
    /// 15 digits at most (E.164's limit): `+14255550100`, `+1 425 555 0100`. Anything
    /// else (a hyphen, brackets, letters, two spaces) is guarded.
    public static func isE164(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "+"), (49...57).contains(bytes[1]) else { return false }
        var digits = 0
        for (i, byte) in bytes.enumerated().dropFirst() {
            if (48...57).contains(byte) {
                digits += 1
            } else if byte != UInt8(ascii: " ") || i == bytes.count - 1 || bytes[i - 1] == UInt8(ascii: " ") {
                return false
            }
        }
        return digits <= 15
    }

    /// The value a guarded field stood for: its apostrophe taken off again, when what
    /// follows would have been guarded. A value that starts with an apostrophe of its own
    /// followed by anything else is kept.
    public static func unguarded(_ field: String) -> String {
        guard field.utf8.first == UInt8(ascii: "'") else { return field }
        let rest = String(field.dropFirst())
        return isFormula(rest) ? rest : field
    }

    private static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, 0x00,
    ]
}

/// One record read from a CSV file, with the line it starts on (a quoted field may span lines).
public struct CSVRecord: Equatable, Sendable {
    public var line: Int
    public var fields: [String]
}

/// A file that is not RFC 4180 CSV, at its line.
public struct CSVSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

extension CSV {
    /// Reads RFC 4180 CSV: records end with CRLF or LF, a quoted field may hold commas,
    /// line breaks and doubled quotes. A UTF-8 byte-order mark (Excel's) is skipped. A
    /// blank last line is no record.
    public static func read(_ text: String) throws(CSVSyntaxError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            records.append(CSVRecord(line: recordLine, fields: fields))
            fields.removeAll(keepingCapacity: true)
        }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            i += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                guard field.isEmpty, !wasQuoted else {
                    throw CSVSyntaxError(line: line, message: "a quote inside a field that is not quoted (RFC 4180: quote the whole field and double the quote)")
                }
                quoted = true
                wasQuoted = true
            case UInt8(ascii: ","):
                endField()
            case 0x0D where i < bytes.endIndex && bytes[i] == 0x0A:
                break
            case 0x0A:
                endRecord()
                line += 1
                recordLine = line
            default:
                guard !wasQuoted else {
                    throw CSVSyntaxError(line: line, message: "text after a quoted field's closing quote")
                }
                field.append(byte)
            }
        }
        if quoted { throw CSVSyntaxError(line: recordLine, message: "a quoted field is not closed before the end of the file") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
