import PartnerDashboard
import TerminalKit

/// Data shown as text: control characters and escape sequences in a name are made
/// visible, never sent to the terminal, and wide characters keep columns aligned.
enum TerminalText {
    /// ESC becomes `\e`; other C0 and C1 controls and DEL become `\xNN`; bidirectional
    /// overrides and isolates (which reorder what follows them) become `\u{NNNN}`.
    /// `keepingNewlines` leaves line breaks and tabs of multi-line text (an email body) alone.
    static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if keepingNewlines, v == 0x0A || v == 0x09 {
                out.unicodeScalars.append(scalar)
            } else if v == 0x1B {
                out += "\\e"
            } else if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                out += "\\x" + hex(v, digits: 2)
            } else if isBidiControl(v) {
                out += "\\u{" + hex(v, digits: 4) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || isBidiControl(v)
    }

    private static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    private static func hex(_ v: UInt32, digits: Int) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// Columns `text` takes in a terminal, measured as the dashboard measures them
    /// (`CharacterWidth`): a company name is as wide in `customers list` as on the
    /// Customers page. Call it on escaped text (controls have no width of their own).
    static func width(_ text: String) -> Int {
        // Printable ASCII is one column a byte; most of a listing is, and measuring it a
        // character at a time asks Unicode's tables for each.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + CharacterWidth.of($1) }
    }

    /// `text` padded with spaces to `columns` display columns.
    static func padded(_ text: String, to columns: Int, right: Bool = false) -> String {
        let pad = String(repeating: " ", count: max(0, columns - width(text)))
        return right ? pad + text : text + pad
    }
}
