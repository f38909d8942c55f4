import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

/// How every `partnerdash export …` writes its table: the format, Excel's byte-order
/// mark, and where.
struct ExportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("csv (RFC 4180, the default), json (one array) or jsonl (JSON Lines); --json means json.",
                               valueName: "format"))
    var format: ExportFormat?

    @Flag(help: "Start the CSV with a UTF-8 byte-order mark, so Excel reads it as UTF-8.") var bom = false

    @Option(help: ArgumentHelp("Write to this file (created 0600, replaced whole) instead of stdout.", valueName: "file"))
    var output: String?

    /// The format asked for: `--json` is `--format json`; asking for two is a usage error.
    func chosenFormat(json: Bool) throws -> ExportFormat {
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) ask for two formats: choose one")
        }
        let chosen = json ? .json : format ?? .csv
        if bom, chosen != .csv { throw ValidationError("--bom is for CSV only; --format is \(chosen.rawValue)") }
        return chosen
    }

    /// The table to the file (atomically, 0600), to a pipe as it is, or to a terminal with
    /// every line escaped (data never reaches a terminal raw).
    func write(_ table: ExportTable, _ noun: String, session: Session, json: Bool) throws {
        let text = table.text(try chosenFormat(json: json), byteOrderMark: bom)
        try Self.write(text, what: "\(table.count) \(noun)", to: output, session: session)
    }

    static func write(_ text: String, what: String, to output: String?, session: Session) throws {
        if let output {
            try PrivateFiles.writeAtomically(Data(text.utf8), to: URL(fileURLWithPath: output))
            session.output.note("Exported \(what) to \(output)")
        } else if isatty(STDOUT_FILENO) == 1 {
            // "\r\n" is one Character in Swift.
            for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                session.output.line(String(line))
            }
        } else {
            session.output.write(text)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
