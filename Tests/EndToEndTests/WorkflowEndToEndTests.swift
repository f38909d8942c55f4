import Foundation
import Testing
import TestSupport

/// The subscription workflows of issue 10 in a real terminal, each checked afterwards with
/// the CLI.
@Suite(.serialized) struct WorkflowEndToEndTests {
    /// Home › `e` › the list of terms ending within 30 days.
    static func openEndingSoon(_ tmux: Tmux) throws {
        try tmux.waitFor("e Subscriptions ending within 30 days")
        try tmux.press("e")
        try tmux.waitFor("Ending within 30 days list") { $0.contains("Ending within 30 days") && $0.contains("At the end") }
    }

    /// The records a `--json` listing printed.
    static func rows(_ output: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]], "\(output)")
    }
    /// Rule 11: a subscription near its term's end is long past its 168-hour window, so `c`
    /// on Subscription detail is refused on the page, naming the rule, and nothing is cancelled.
    @Test func cancelOutsideTheWindowIsRefusedNamingRule11() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try Self.openEndingSoon(tmux)
        try tmux.press("Enter")
        try tmux.waitFor("Subscription detail") { $0.contains("(closed)") && $0.contains("[ Submit ]") }
        // Off the text fields, where letters are keys.
        try tmux.press("Tab", "Tab")
        try tmux.waitFor("focus off the text fields") { ($0.split(separator: "\n").last ?? "").contains("? help") }
        try tmux.press("c")
        try tmux.waitFor("the refusal naming rule 11") { $0.contains("Not cancelled") && $0.contains("[rule 11]") }
        try PartnershipJourneyTests().quit(tmux)

        let log = try e2e.cli("log", "--operation", "cancel_subscription", "--as", PartnershipJourneyTests.ana)
        #expect(log.status == 0 && !log.output.contains("cancel_subscription"), "\(log.output)")
        #expect(try e2e.cli("check").status == 0)
    }

    /// Issue 10 item 14: ending a partnership on Indirect resellers (`x`, then the dialog's
    /// proceed answer) takes the reseller off as partner of record on the customers the two
    /// share, in the same change, as the CLI then shows.
    @Test func endingAPartnershipTakesItsCreditOffTheSharedSubscriptions() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let fabrikam = "4812345"
        let shared = try e2e.cli("customers", "list", "--reseller", fabrikam, "--as", PartnershipJourneyTests.ana, "--json")
        let customer = try #require(try Self.rows(shared.output).first?["id"] as? String, "\(shared.output)")
        let before = try e2e.cli("subscriptions", "list", "--customer", customer, "--as", PartnershipJourneyTests.ana, "--json")
        #expect(before.output.contains("\"\(fabrikam)\""), "Fabrikam is credited before: \(before.output)")

        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try tmux.waitFor("At a glance")
        try PartnershipJourneyTests().jump(to: "Indirect resellers", tmux)
        try tmux.waitFor("Partnership")
        try tmux.press("/")
        try tmux.type("Fabrikam")
        try tmux.press("Enter")
        try tmux.waitFor("the filtered list") { $0.contains("Fabrikam Solutions") && $0.contains("x end") }
        try tmux.press("x")
        try tmux.waitFor("End the partnership?")
        try tmux.press("Right", "Enter")
        try tmux.waitFor("the partnership ended") { $0.contains("ended") && !$0.contains("End the partnership?") }
        try PartnershipJourneyTests().quit(tmux)

        let after = try e2e.cli("subscriptions", "list", "--customer", customer, "--as", PartnershipJourneyTests.ana, "--json")
        #expect(after.status == 0 && !after.output.contains("\"\(fabrikam)\""), "\(after.output)")
        #expect(try e2e.cli("check").status == 0)
    }

    /// Tab on until the bottom line says `? help`: focus is off the text fields and the
    /// narrowing choices, where letters are text, so the page's letters are keys.
    private func tabOffTheTextFields(_ tmux: Tmux) throws {
        func bottom(_ screen: String) -> String { screen.split(separator: "\n").last.map(String.init) ?? "" }
        for _ in 0..<8 {
            let screen = try tmux.screen()
            if bottom(screen).contains("? help") { return }
            try tmux.press("Tab")
            try tmux.waitFor("focus to move on") { $0 != screen }
        }
        Issue.record("Tab never left the text fields")
    }

    /// Rule 11: an Exchange Online (Plan 1) subscription ending soon is upgraded with `u` to
    /// Plan 2, keeping its partner of record, and `s` schedules more licenses for the renewal
    /// without changing today's count; the CLI shows both.
    @Test func upgradeThenScheduleMoreLicensesForTheRenewal() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        func ending() throws -> [[String: Any]] {
            let result = try e2e.cli("subscriptions", "ending", "--as", PartnershipJourneyTests.ana, "--json")
            return try Self.rows(result.output)
        }
        let before = try ending()

        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try Self.openEndingSoon(tmux)
        try tmux.press("/")
        try tmux.type("Plan 1")
        try tmux.press("Enter", "Enter")
        let detail = try tmux.waitFor("Subscription detail") { $0.contains("Exchange Online (Plan 1)") && $0.contains("[ Submit ]") }
        // The page's title names the subscription: "id 0cbc6eb7".
        let shortId = try #require(detail.firstMatch(of: /id ([0-9a-f]{8})/)?.1).description
        let first = try #require(before.first { ($0["id"] as? String)?.hasPrefix(shortId) == true })
        let quantity = try #require(first["quantity"] as? Int)

        try tabOffTheTextFields(tmux)
        try tmux.press("u")
        try tmux.waitFor("Exchange Online (Plan 2)")
        try tmux.press("Tab", "Enter")
        try tmux.waitFor("Upgraded")
        try tabOffTheTextFields(tmux)
        try tmux.press("s")
        try tmux.waitFor("the At renewal form") { $0.contains("renewal") && $0.contains("Licenses") }
        try tmux.press("Tab")
        try tmux.press(["-N", "6", "BSpace"])
        try tmux.type(String(quantity + 3))
        try tmux.press("Tab", "Enter")
        try tmux.waitFor("renews with \(quantity + 3) licenses")
        try PartnershipJourneyTests().quit(tmux)

        // Plan 2 has a term of its own, so the subscription may have left the 30-day list.
        let customer = try #require(first["customerId"] as? String)
        let list = try e2e.cli("subscriptions", "list", "--customer", customer, "--as", PartnershipJourneyTests.ana, "--json")
        let now = try #require(try Self.rows(list.output)
            .first { $0["id"] as? String == first["id"] as? String }, "\(list.output)")
        #expect(now["offerId"] as? String == "exchange-online-plan2", "\(now)")
        #expect(now["partnerId"] as? String == first["partnerId"] as? String, "the partner of record is kept")
        #expect(now["quantity"] as? Int == quantity, "nothing changes before the renewal")
        #expect(try e2e.cli("log", "--operation", "upgrade_subscription", "--limit", "1", "--as", PartnershipJourneyTests.ana)
            .output.contains("Exchange Online"))
        #expect(try e2e.cli("check").status == 0)
    }

    /// Rule 11: a subscription bought a moment ago is inside its 168-hour window, so `c` asks,
    /// and the dialog's proceed answer cancels it with the prorated-refund note; the CLI then
    /// lists it as deleted and the log has the cancellation.
    @Test func cancelInsideTheWindowAsksThenCancels() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let added = try e2e.cli("customers", "add", "--as", PartnershipJourneyTests.ana, "--offer", "m365-e3:5",
                                "--company", "Lumen Bakery", "--domain-prefix", "lumenbakery", "--first-name", "Ada",
                                "--last-name", "Lind", "--email", "it@lumenbakery.example", "--phone", "+1 555 0100",
                                "--line1", "1 Main St", "--city", "Denver", "--postal-code", "80202", "--country", "US")
        #expect(added.status == 0, "\(added.output)")

        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try tmux.waitFor("At a glance")
        try PartnershipJourneyTests().jump(to: "Lumen Bakery", tmux)
        try tmux.waitFor("Lumen Bakery")
        try tmux.press("Enter")
        try tmux.waitFor("the customer's record") { $0.contains("Microsoft 365 E3") }
        try tmux.press("Down", "Enter")
        try tmux.waitFor("Subscription detail") { $0.contains("Cancellable until") && $0.contains("[ Submit ]") }
        try tabOffTheTextFields(tmux)
        try tmux.press("c")
        try tmux.waitFor("the question") { $0.contains("Keep it") }
        try tmux.press("Right", "Enter")
        try tmux.waitFor("the cancellation") { $0.contains("Cancelled") && $0.contains("prorated") }
        try PartnershipJourneyTests().quit(tmux)

        let list = try e2e.cli("subscriptions", "list", "--customer", "Lumen Bakery", "--as", PartnershipJourneyTests.ana, "--json")
        let subscriptions = try Self.rows(list.output)
        #expect(subscriptions.count == 1 && subscriptions.first?["status"] as? String == "deleted", "\(list.output)")
        #expect(try e2e.cli("log", "--operation", "cancel_subscription", "--as", PartnershipJourneyTests.ana).output.contains("Lumen Bakery"))
        #expect(try e2e.cli("check").status == 0)
    }

    /// Issue 10 item 15: a Membership Center profile registered from Account settings, with
    /// the arrows, Tab, Space and Enter, is what `membership list` then shows.
    @Test func aMembershipProfileIsRegisteredFromAccountSettings() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try tmux.waitFor("At a glance")
        // The first arrows move the menu: five down to Account settings, → opens it.
        try tmux.press(["-N", "5", "Down"])
        try tmux.press("Right")
        try tmux.waitFor("Membership Center profile")
        try tmux.press("Down", "Down", "Down", "Enter")
        try tmux.waitFor("Register profile")
        // MPN ID, organization name, country, PMC user, address, (line 2), city, (state), postal code.
        for (value, gap) in [("4799100", 1), ("Lumen Partners", 1), ("us", 1), ("kai@lumen.example", 1), ("1 Main St", 2),
                             ("Denver", 2), ("80202", 2)] {
            try tmux.type(value)
            try tmux.waitFor(value)
            try tmux.press(["-N", String(gap), "Tab"])
        }
        try tmux.press("Space", "Tab", "Enter")       // Already enrolled in CSP, Register profile
        try tmux.waitFor("Registered Lumen Partners (MPN ID 4799100)")
        try PartnershipJourneyTests().quit(tmux)

        let list = try e2e.cli("membership", "list")
        #expect(list.status == 0 && list.output.contains("4799100") && list.output.contains("Lumen Partners"), "\(list.output)")
        #expect(try e2e.cli("check").status == 0)
    }

    /// Rule 11: outside the 168-hour window fewer licenses are refused beside the field, in
    /// the model's words, and more are saved at once, as the CLI then shows.
    @Test func licensesGoUpAtAnyTimeButDownOnlyInsideTheWindow() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let ending = try e2e.cli("subscriptions", "ending", "--as", PartnershipJourneyTests.ana, "--json")
        let before = try Self.rows(ending.output)

        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try Self.openEndingSoon(tmux)
        try tmux.press("Enter")
        let detail = try tmux.waitFor("Subscription detail") { $0.contains("(closed)") && $0.contains("[ Submit ]") }
        let shortId = try #require(detail.firstMatch(of: /id ([0-9a-f]{8})/)?.1).description
        let subscription = try #require(before.first { ($0["id"] as? String)?.hasPrefix(shortId) == true })
        let quantity = try #require(subscription["quantity"] as? Int)
        try #require(quantity > 1)

        try tmux.press("Tab", "C-u")                 // Licenses
        try tmux.type(String(quantity - 1))
        try tmux.press("Tab")
        try tmux.waitFor("the refusal beside the field") { $0.contains("licenses can be lowered only within") && $0.contains("168 hours") }
        try tmux.press("BTab", "C-u")
        try tmux.type(String(quantity + 4))
        try tmux.press(["-N", "5", "Tab"])
        try tmux.press("Enter")
        try tmux.waitFor("Updated")
        try PartnershipJourneyTests().quit(tmux)

        let customer = try #require(subscription["customerId"] as? String)
        let list = try e2e.cli("subscriptions", "list", "--customer", customer, "--as", PartnershipJourneyTests.ana, "--json")
        let now = try #require(try Self.rows(list.output)
            .first { $0["id"] as? String == subscription["id"] as? String }, "\(list.output)")
        #expect(now["quantity"] as? Int == quantity + 4, "\(now)")
        #expect(try e2e.cli("check").status == 0)
    }
}
