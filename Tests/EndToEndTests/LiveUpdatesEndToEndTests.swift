import Foundation
import Testing
import TestSupport

/// Two dashboards on one workspace, each a real process in its own tmux: a customer added
/// in one appears on the other's Customers page while that one keeps its filter, its
/// focused row and a half-filled New customer form. (How fast is the benchmark's to say:
/// `scripts/bench --only live`; the deadlines here only keep a broken build from hanging.)
struct LiveUpdatesEndToEndTests {
    static let ana = PartnershipJourneyTests.ana

    /// The customer name on the table's focused row (`▸Name`; the menu's is `▸ Page`), cut
    /// at the column gap.
    func focusedCustomer(in screen: String) -> String? {
        for line in screen.split(separator: "\n") {
            var rest = line[...]
            while let mark = rest.firstIndex(of: "▸") {
                rest = rest[rest.index(after: mark)...]
                if let first = rest.first, first != " " {
                    return rest.components(separatedBy: "  ").first?.trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    @Test func aCustomerAddedInOneDashboardAppearsInTheOtherWithoutMovingItsUser() throws {
        let e2e = try EndToEnd()
        let other = Tmux(scratch: e2e.scratch)
        defer {
            try? other.tmux(["kill-server"])
            e2e.cleanUp()
        }
        #expect(try e2e.cli("demo").status == 0)
        let journey = PartnershipJourneyTests()
        let first = e2e.tmux
        try e2e.dashboard(as: Self.ana, width: 120, height: 40)
        try other.start([e2e.binary.path, "--data", e2e.workspace.path, "--as", Self.ana], width: 120, height: 40)
        try first.waitFor("At a glance")
        try other.waitFor("At a glance")

        // The watcher: Customers, filtered by "a", the third row focused.
        try journey.jump(to: "Customers", other)
        try other.waitFor("/ filter")
        try other.press("/")
        try other.type("a")
        try other.press("Enter", "Down", "Down")
        try other.waitUntilKeysAreRead()
        let before = try other.waitFor("a focused row") { focusedCustomer(in: $0) != nil && $0.contains("Customers · \"a\"") }
        let focused = try #require(focusedCustomer(in: before))

        // The writer: Customers › n › a new customer with one offer › Review › Submit.
        try journey.addCustomerFromCustomers("Aardvark Inn", prefix: "aardvarkinn", first)

        // The watcher shows it with nothing of its own moved.
        let after = try other.waitFor("Aardvark Inn on the other dashboard", timeout: .seconds(10)) { $0.contains("Aardvark Inn") }
        #expect(after.contains("Customers · \"a\""), "the filter stays:\n\(after)")
        #expect(focusedCustomer(in: after) == focused, "the focused row stays:\n\(after)")

        // A half-filled New customer form on the watcher survives another change.
        try other.press("n")
        try other.waitFor("Next: Subscriptions")
        try other.type("Half Typed Mar")
        try other.waitFor("Half Typed Mar")
        let add = try e2e.cli("customers", "add", "--as", Self.ana, "--offer", "teams-essentials:5",
                              "--company", "Aardvark Two", "--domain-prefix", "aardvarktwo", "--first-name", "Ada",
                              "--last-name", "Lind", "--email", "it@aardvarktwo.example", "--phone", "+1 555 0100",
                              "--line1", "1 Main St", "--city", "Denver", "--postal-code", "80202", "--country", "US")
        #expect(add.status == 0, "\(add.output)")
        // The form is on top: the page under it takes the change; the form keeps its text.
        try other.press("Escape")
        let dialog = try other.waitFor("Cancel the new customer?")
        #expect(dialog.contains("Half Typed Mar"), "what was typed is still there:\n\(dialog)")
        try other.press("Right", "Enter")
        let back = try other.waitFor("Aardvark Two on the page under the form", timeout: .seconds(10)) {
            $0.contains("Aardvark Two") && !$0.contains("Cancel the new customer?")
        }
        #expect(back.contains("Customers · \"a\"") && focusedCustomer(in: back) == focused, "\(back)")

        try journey.quit(first)
        try journey.quit(other)
        let check = try e2e.cli("check")
        #expect(check.status == 0, "\(check.output)")
    }
}
