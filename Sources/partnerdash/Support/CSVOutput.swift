import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace

/// Where a CSV export goes: a file (0600), a pipe as the data is, or a terminal with
/// every line escaped (data never reaches a terminal raw).
enum CSVOutput {
    static func write(_ rows: [[String]], to file: String?, what: String, session: Session) throws {
        if let file {
            try PrivateFiles.write(Data(rows.map(CSV.record).joined().utf8), to: URL(fileURLWithPath: file))
            session.output.note("Exported \(what) to \(file)")
        } else if isatty(STDOUT_FILENO) == 1 {
            // "\r\n" is one Character: dropLast removes the record's line ending.
            for row in rows { session.output.line(String(CSV.record(row).dropLast())) }
        } else {
            session.output.write(rows.map(CSV.record).joined())
        }
    }
}
