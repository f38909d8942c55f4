/// RFC 2045 §6.7 quoted-printable, for bodies: lines of at most 76 characters (a
/// longer line is continued after a soft break, "=" CRLF, which decoding removes), CRLF
/// hard breaks, and every byte that is not printable ASCII written as "=XX". So a
/// body of any length, language or line ending is a valid message and decodes to
/// exactly its text, CRLF line ends.
public enum QuotedPrintable {
    static let lineLimit = 76

    public static func encode(_ text: String) -> String {
        var out = ""
        for line in hardLines(text) {
            out += softWrapped(encodedUnits(line)) + "\r\n"
        }
        return out
    }

    /// The text's lines, whatever ended them (CRLF, LF or a lone CR).
    static func hardLines(_ text: String) -> [Substring.UTF8View] {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return unified.split(separator: "\n", omittingEmptySubsequences: false).map(\.utf8)
    }

    /// Each byte as it is written: itself or "=XX". A space or tab ending the line is
    /// encoded too, since transports may strip trailing white space.
    static func encodedUnits(_ line: Substring.UTF8View) -> [String] {
        let bytes = Array(line)
        return bytes.enumerated().map { index, byte in
            let last = index == bytes.count - 1
            switch byte {
            case 33...60, 62...126: return String(UnicodeScalar(byte))
            case 32 where !last, 9 where !last: return String(UnicodeScalar(byte))
            default: return "=" + hex(byte)
            }
        }
    }

    /// Lines of at most 76 characters: 75 and a soft "=" while more follows.
    static func softWrapped(_ units: [String]) -> String {
        var out = "", length = 0
        for (index, unit) in units.enumerated() {
            let isLast = index == units.count - 1
            let room = isLast ? lineLimit : lineLimit - 1
            if length + unit.count > room {
                out += "=\r\n"
                length = 0
            }
            out += unit
            length += unit.count
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
