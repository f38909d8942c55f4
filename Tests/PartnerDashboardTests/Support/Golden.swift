import Foundation
import PartnerDashboard
import TerminalKit
import Testing

/// Compares a grid with a golden text file next to the tests. Run with
/// `UPDATE_GOLDEN=1` to rewrite the files after an intended change, then read
/// the diff before committing it.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static func render(_ grid: CellGrid) -> String {
        (grid.lines() + ["--- attributes: bold=1 reverse=2 underline=4 dim=8, summed in hex ---"] + grid.attributeLines())
            .joined(separator: "\n") + "\n"
    }

    static func check(_ grid: CellGrid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = render(grid)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.path); run with UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            var report: [String] = []
            for i in 0..<max(e.count, a.count) {
                let el = i < e.count ? String(e[i]) : "<none>"
                let al = i < a.count ? String(a[i]) : "<none>"
                if el != al { report.append("line \(i + 1):\n  expected: \(el)\n  actual:   \(al)") }
            }
            let summary = report.prefix(8).joined(separator: "\n")
            Issue.record("\(name) differs from its golden file:\n\(summary)", sourceLocation: sourceLocation)
        }
    }
}
