import Foundation
import Testing

/// `partnerdash check` verifies the files before trusting the model.
@Suite struct CheckTests {
    @Test func aFlippedByteInTheMiddleOfTheJournalIsReportedWithItsFileAndNothingChanges() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let journal = try #require(try cli.workspaceFiles().map(\.0).filter { $0.lastPathComponent.hasPrefix("journal-") }
            .max { (try? Data(contentsOf: $0).count) ?? 0 < (try? Data(contentsOf: $1).count) ?? 0 })
        var bytes = try Data(contentsOf: journal)
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: journal)
        let before = try cli.workspaceState()

        let check = try cli.run("check")
        #expect(check.status == 3, "\(check)")
        #expect(check.stdout.contains("problem:") && check.stdout.contains(journal.lastPathComponent), "\(check)")
        #expect(check.errorLines.count == 1)
        // Opening for work refuses too, and neither touched a byte.
        let list = try cli.run("customers", "list", "--as", Demo.ana)
        #expect(list.status == 3 && list.errorLines.count == 1 && list.stderr.contains(journal.lastPathComponent), "\(list)")
        #expect(try cli.workspaceState() == before)
    }
}
