import Foundation
import PartnerCore

extension DashboardSession {
    /// A list page's `e`: its rows as CSV in the workspace's `exports/` (the folder 0700,
    /// the file 0600), the bytes `partnerdash export … --format csv` writes for the same
    /// filters. Returns the message that says where, or why not.
    func exportList(_ table: ExportTable, noun: String, stem: String) -> String {
        do {
            let url = try writeExport(Data(table.csv.utf8), stem: stem)
            // The file's name first: the folder may not fit the message line.
            return "Exported \(table.count) \(noun)\(table.count == 1 ? "" : "s") to \(url.lastPathComponent) in "
                + HomeRelativePath.of(url.deletingLastPathComponent().path)
        } catch {
            return "Not exported: \(error.localizedDescription)"
        }
    }
}
