import Foundation
import Testing
import TestSupport

/// Two dashboards on one workspace in PostgreSQL, each a real process in its own tmux: a
/// customer added through the New customer wizard in one appears on the other's
/// Customers page at its next idle tick.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct SharedModeEndToEndTests {
    static let ana = PartnershipJourneyTests.ana

    @Test func aCustomerAddedInOneDashboardAppearsInTheOther() throws {
        let e2e = try EndToEnd()
        let other = Tmux(scratch: e2e.scratch)
        defer {
            try? other.tmux(["kill-server"])
            e2e.cleanUp()
        }
        let uri = PostgresTestServer.uri(try PostgresTestServer.freshDatabase(), workspace: "shared")
        let demo = try Spawn.run(e2e.binary.path, ["demo", "--data", uri], environment: e2e.tmux.environment)
        #expect(demo == 0)
        let journey = PartnershipJourneyTests()
        let first = e2e.tmux
        try first.start([e2e.binary.path, "--data", uri, "--as", Self.ana], width: 120, height: 40)
        try other.start([e2e.binary.path, "--data", uri, "--as", Self.ana], width: 120, height: 40)
        try first.waitFor("At a glance")
        try other.waitFor("At a glance")

        // The watcher: Customers.
        try journey.jump(to: "Customers", other)
        try other.waitFor("/ filter")
        #expect(!(try other.screen()).contains("Aardvark Inn"))

        // The writer: Customers › n › a new customer with one offer › Review › Submit.
        try journey.addCustomerFromCustomers("Aardvark Inn", prefix: "aardvarkinn", first)

        let after = try other.waitFor("Aardvark Inn on the other dashboard", timeout: .seconds(10)) { $0.contains("Aardvark Inn") }
        #expect(!after.contains("READ-ONLY"), "\(after)")

        try journey.quit(first)
        try journey.quit(other)
        let check = try Spawn.run(e2e.binary.path, ["check", "--data", uri], environment: e2e.tmux.environment)
        #expect(check == 0)
    }
}
