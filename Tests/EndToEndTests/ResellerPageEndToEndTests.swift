import Foundation
import Testing
import TestSupport

/// The reseller page in a real terminal, reached as a new user would: ↓ on Home moves the
/// menu to Indirect resellers, Enter opens it, ↓ to Fabrikam, Enter opens its page, which
/// lists the customers the command line lists for that reseller.
@Suite(.serialized) struct ResellerPageEndToEndTests {
    static let ana = "ana@contosodistribution.onmicrosoft.com"

    @Test func enterOnAResellerRowShowsItsCustomers() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let listed = try e2e.cli("customers", "list", "--reseller", "Fabrikam Solutions", "--as", Self.ana, "--json")
        #expect(listed.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
        let names = json.compactMap { ($0["companyProfile"] as? [String: Any])?["companyName"] as? String }
        #expect(names.count == 13)
        let tmux = e2e.tmux

        try e2e.dashboard(as: Self.ana, width: 120, height: 40)
        try tmux.waitFor("At a glance")
        try tmux.press("Down", "Enter")       // the menu: Home → Indirect resellers
        try tmux.waitFor("Partnership")
        try tmux.press("Down", "Enter")       // Adatum → Fabrikam, and its page
        // A frame reaches tmux in pieces, and the list page drew the same action bar: wait
        // for the page's own rows down to its customers, or a look may catch it half drawn.
        // The first customers in the page's order (the command line's) must come on screen.
        let page = try tmux.waitFor("Fabrikam's page with its first three customers") { screen in
            screen.contains("Active since") && names.prefix(3).allSatisfy { screen.contains($0) }
        }
        #expect(page.contains("Fabrikam Solutions") && page.contains("4812345"))
        #expect(page.contains("Your admin agents: Ana Silva"))
        try tmux.press("Escape")
        try tmux.waitFor("the list again") { $0.contains("Northwind Cloud") && !$0.contains("Active since") }
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
