import Foundation
import PartnerCore
import PartnerStore

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
        Stdout.write(try JSONCoding.data(value))
    }

    /// JSON to `file` (created 0600) when one is given, else to stdout.
    func emit<T: Encodable>(_ value: T, to file: String?, what: String) throws {
        guard let file else { return try emit(value) }
        try PrivateFiles.write(try JSONCoding.data(value), to: URL(fileURLWithPath: file))
        note("Exported \(what) to \(file)")
    }

    func write(_ text: String) {
        Stdout.write(Data(text.utf8))
    }
}

/// Every command's one way to stdout. A reader that went away (`partnerdash … | head -1`)
/// ends the run quietly with status 0, whichever command was writing: what it wanted
/// was read, and any change the command made is already saved. (SIGPIPE is ignored in
/// `main`, so the write fails with EPIPE instead of killing the process with 141.)
enum Stdout {
    /// While `batch` runs one of its commands, what the command prints is kept here for
    /// that command's result. The CLI runs one command at a time on one thread, so nothing
    /// else touches it meanwhile.
    nonisolated(unsafe) private static var captured: Data?

    static func write(_ data: Data) {
        if captured != nil {
            captured?.append(data)
            return
        }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno == EPIPE {
                    readerLeft()
                } else if errno != EINTR {
                    // A full disk under `> file`: the results are incomplete, so the run fails.
                    let number = errno
                    Failure.report(ErrorReport(field: "stdout", message: String(cString: strerror(number)),
                                               status: ExitStatus.storage, errno: number))
                }
            }
        }
    }

    /// Runs `body` keeping what it prints instead of writing it; returns that and how `body` ended.
    static func capturing(_ body: () throws -> Void) -> (output: Data, error: (any Error)?) {
        captured = Data()
        defer { captured = nil }
        do {
            try body()
            return (captured ?? Data(), nil)
        } catch {
            return (captured ?? Data(), error)
        }
    }

    static func readerLeft() -> Never {
        Invocation.log.debug("stdout closed by its reader", metadata: ["command": "\(Invocation.command)"])
        Invocation.finish(status: 0)
        exit(0)
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

    /// `value` as JSON, ending with a line break.
    static func data<T: Encodable>(_ value: T) throws -> Data {
        var data = terminalSafe(try encoder.encode(value))
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// JSON with DEL, the C1 controls and the bidirectional overrides written as `\uXXXX`
    /// escapes: JSONEncoder leaves them raw, and a terminal may act on them. The JSON
    /// means the same; only its bytes differ, and only when such a character is there.
    static func terminalSafe(_ json: Data) -> Data {
        // Their UTF-8 forms start with 0x7F, 0xC2 or 0xE2: most output has none of these.
        guard json.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in String(decoding: json, as: UTF8.self).unicodeScalars {
            let v = scalar.value
            if (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                out.append(contentsOf: String(format: "\\u%04x", v).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return Data(String(out).utf8)
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
