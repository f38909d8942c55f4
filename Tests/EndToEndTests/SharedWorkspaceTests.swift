import Foundation
import Testing
import TestSupport

/// A dashboard and the command line on one workspace at once (issue 8): commands read and
/// write while the dashboard is open, the dashboard's own change lands after theirs, both
/// are saved, and `demo --force` refuses to replace the open workspace.
struct SharedWorkspaceTests {
    @Test func theDashboardAndTheCommandLineBothWriteAndBothAreSaved() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux
        let journey = PartnershipJourneyTests()

        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try tmux.waitFor("At a glance")
        // The issue 8 reproduction deleted LOCK: delete every file that is not journal or snapshot data.
        for name in try FileManager.default.contentsOfDirectory(atPath: e2e.workspace.path)
        where !name.hasPrefix("journal-") && !name.hasPrefix("snapshot-") && name != "outbox" {
            try FileManager.default.removeItem(at: e2e.workspace.appendingPathComponent(name))
        }
        // Reads and writes from the command line while the dashboard is open.
        let list = try e2e.cli("customers", "list", "--as", PartnershipJourneyTests.ana)
        #expect(list.status == 0, "\(list.output)")
        let add = try e2e.cli("customers", "add", "--as", PartnershipJourneyTests.ana, "--offer", "teams-essentials:5",
                              "--company", "Shared Desk", "--domain-prefix", "shareddesk", "--first-name", "Ada",
                              "--last-name", "Lind", "--email", "it@shareddesk.example", "--phone", "+1 555 0100",
                              "--line1", "1 Main St", "--city", "Denver", "--postal-code", "80202", "--country", "US")
        #expect(add.status == 0, "\(add.output)")
        // An open workspace is never replaced.
        let demo = try e2e.cli("demo", "--force")
        #expect(demo.status == 3 && demo.output.contains("is open in another partnerdash process"), "\(demo.output)")

        // The dashboard's own change: a partnership request to Northwind Cloud.
        try journey.requestPartnershipWithNorthwind(tmux)
        try journey.quit(tmux)

        let customers = try e2e.cli("customers", "list", "--as", PartnershipJourneyTests.ana, "--filter", "shareddesk")
        #expect(customers.output.contains("Shared Desk"), "\(customers.output)")
        let resellers = try e2e.cli("resellers", "list", "--as", PartnershipJourneyTests.ana)
        #expect(journey.row("Northwind Cloud", in: resellers.output)?.lowercased().contains("invited") == true, "\(resellers.output)")
        let check = try e2e.cli("check")
        #expect(check.status == 0 && check.output.contains("Model digest: "), "\(check.output)")
    }
}
