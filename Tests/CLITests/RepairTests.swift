import Foundation
import Testing

/// Issue 9 (5) from the command line: one flipped bit in the last acknowledged record is
/// corruption that every command refuses and reports, and only `repair` cuts, keeping it.
@Suite struct RepairTests {
    @Test func aFlippedBitInTheLastRecordIsRefusedEverywhereUntilRepairKeepsIt() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let journal = try #require(try cli.workspaceFiles().map(\.0).filter { $0.lastPathComponent.hasPrefix("journal-") }
            .max { $0.lastPathComponent < $1.lastPathComponent })
        var bytes = try Data(contentsOf: journal)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: journal)
        let before = try cli.workspaceState()

        let check = try cli.run("check")
        #expect(check.status == 3, "\(check)")
        #expect(check.stdout.contains("problem:") && check.stdout.contains("partnerdash repair"), "\(check)")
        #expect(!check.stdout.contains("never confirmed"), "\(check)")
        let list = try cli.run("customers", "list", "--as", Demo.ana)
        #expect(list.status == 3 && list.errorLines.count == 1, "\(list)")
        #expect(list.stderr.contains(journal.lastPathComponent) && list.stderr.contains("at byte ")
                && list.stderr.contains("partnerdash repair"), "\(list)")
        #expect(try cli.workspaceState() == before)

        let repair = try cli.run("repair")
        #expect(repair.status == 0, "\(repair)")
        #expect(repair.stdout.contains("cut ") && repair.stdout.contains(journal.lastPathComponent) && repair.stdout.contains("damaged/"),
                "\(repair)")
        let kept = try cli.workspaceFiles().filter { $0.0.path.contains("/damaged/") }
        #expect(kept.count == 1)
        let cutAt = try #require(before[journal.path]).count - (kept.first?.1.count ?? 0)
        #expect(kept.first?.1 == bytes.subdata(in: cutAt..<bytes.count))

        let afterRepair = try cli.run("check")
        #expect(afterRepair.status == 0, "\(afterRepair)")
        #expect(try cli.run("customers", "list", "--as", Demo.ana).status == 0)
        let again = try cli.run("repair")
        #expect(again.status == 0 && again.stdout.contains("nothing to repair"), "\(again)")
    }
}
