import Foundation
import PartnerCore

/// Where a command's results go: text for people (escaped, aligned, optionally bold
/// headers) or JSON for scripts. Notes and progress go to stderr so stdout stays parseable.
struct Output {
    let json: Bool
    let color: Bool

    init(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        json = options.json
        // NO_COLOR (non-empty), --no-color, a pipe or a dumb terminal all mean plain text.
        color = !options.noColor && (environment["NO_COLOR"] ?? "").isEmpty && isatty(STDOUT_FILENO) == 1
            && environment["TERM"] != "dumb"
    }

    /// A line of text on stdout; data in it is escaped.
    func line(_ text: String = "") {
        write(TerminalText.escaped(text) + "\n")
    }

    /// Multi-line text (an email body) on stdout, escaped but keeping its line breaks.
    func block(_ text: String) {
        write(TerminalText.escaped(text, keepingNewlines: true) + (text.hasSuffix("\n") ? "" : "\n"))
    }

    /// `label  value` lines with the labels aligned.
    func fields(_ pairs: [(String, String)]) {
        let width = pairs.map { TerminalText.width($0.0) }.max() ?? 0
        for (label, value) in pairs {
            write(TerminalText.padded(label, to: width) + "  " + TerminalText.escaped(value) + "\n")
        }
    }

    /// The table, or `empty` instead of a lone header when it has no rows.
    func table(_ table: Table, empty: String? = nil) {
        if table.rows.isEmpty, let empty {
            line(empty)
        } else {
            write(table.render(bold: color))
        }
    }

    /// A section heading in text output.
    func heading(_ text: String) {
        let escaped = TerminalText.escaped(text)
        write((color ? "\u{1B}[1m\(escaped)\u{1B}[0m" : escaped) + "\n")
    }

    /// A note for the person at the keyboard (stderr), even in JSON mode.
    func note(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escaped(text) + "\n").utf8))
    }

    func emit<T: Encodable>(_ value: T) throws {
        var data = try JSONCoding.encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(data)
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

enum JSONCoding {
    /// Field names as the model declares them (the Partner Center's), ISO 8601 dates, ids as GUIDs.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// Dates as the dashboard shows them, in UTC so output does not depend on where it runs.
enum Dates {
    static func day(_ date: Date?) -> String {
        guard let date else { return "—" }
        return CalendarDay(date).description
    }

    /// Elapsed time as people read it: `48 ms`, `3.2 s`.
    static func duration(_ d: Duration) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
    }

    /// `2026-11-21 11:58`
    static func minute(_ date: Date) -> String {
        String(date.formatted(.iso8601).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
