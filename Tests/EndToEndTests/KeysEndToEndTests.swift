import Foundation
import Testing

/// The keyboard in a real terminal: the page's actions with the arrows alone (issue 10,
/// item 2) and the Invitation link field after Enter (issue 13, item 4).
@Suite(.serialized) struct KeysEndToEndTests {
    static let ana = "ana@contosodistribution.onmicrosoft.com"
    static let nadia = "nadia@northwindcloud.onmicrosoft.com"

    /// The bottom line of the screen.
    private func bottom(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// ↓ until the bottom line is the page's action row.
    private func arrowDownToTheActions(_ tmux: Tmux) throws {
        try tmux.press(["-N", "60", "Down"])
        try tmux.waitFor("the action row") { bottom($0).hasPrefix(" Actions") }
    }

    @Test func arrowsAloneReachAnActionOnIndirectResellersAndOnCustomers() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux
        try e2e.dashboard(as: Self.ana)
        try tmux.waitFor("At a glance")

        // Home › ↓ moves the menu to Indirect resellers, → opens it.
        try tmux.press("Down", "Right")
        try tmux.waitFor("Partnership")
        try arrowDownToTheActions(tmux)
        let resellers = try tmux.screen()
        #expect(bottom(resellers).contains("n new customer"), "\(bottom(resellers))")
        // The first action on the last reseller (partnered): Add new customer.
        try tmux.press("Enter")
        try tmux.waitFor("Next: Subscriptions")
        try tmux.press("Escape")
        try tmux.waitFor("Partnership")

        // ← to the menu, ↓ to Customers, → opens it; the first action is the reseller filter.
        try tmux.press("Left", "Down", "Right")
        try tmux.waitFor("customers")
        try arrowDownToTheActions(tmux)
        try tmux.press("Enter")
        try tmux.waitFor("All resellers")
        try tmux.press("Escape")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func afterEnterCtrlUClearsTheInvitationLinkAndTheNextLinkOpens() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        #expect(try e2e.cli("resellers", "request", "--reseller", "Northwind Cloud", "--as", Self.ana).status == 0)
        let link = try #require(try PartnershipJourneyTests().newestLink(in: e2e.workspace))
        let token = try #require(link.range(of: "token="))
        let wrong = String(link[..<token.upperBound]) + String(repeating: "A", count: link.distance(from: token.upperBound, to: link.endIndex))
        let tmux = e2e.tmux
        try e2e.dashboard(as: Self.nadia)
        try tmux.waitFor("Northwind Cloud (indirect reseller)")
        try PartnershipJourneyTests().jump(to: "Open invitation", tmux)
        try tmux.waitFor("Link")

        try tmux.type(wrong)
        try tmux.press("Enter")
        try tmux.waitFor("does not match")
        try tmux.press("C-u")
        try tmux.type(link)
        try tmux.press("Enter")
        // Before: the cursor was at the start, Ctrl-U deleted nothing and B went in front of A.
        try tmux.waitFor("[ ] I authorize this indirect provider")
        try tmux.press("Escape")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
