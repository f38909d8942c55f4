import Foundation
import Testing
import TestSupport

/// Rule 11 in a real terminal: Home › ending within 30 days › Enter on a subscription ›
/// auto-renew turned the other way with its letter, and the change is saved and audited.
@Suite(.serialized) struct SubscriptionTermEndToEndTests {
    @Test func homeEndingSoonToASubscriptionAndAutoRenewTurnsOver() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try WorkflowEndToEndTests.openEndingSoon(tmux)
        try tmux.press("Enter")
        let detail = try tmux.waitFor("Subscription detail") { $0.contains("Cancellable until") && $0.contains("[ Submit ]") }
        let wasRenewing = detail.contains("· renews")
        // Off the text fields (name, licenses), where letters type; then the letter.
        try tmux.press("Tab", "Tab")
        // A text field's bar ends in `F1 help`; off them it is `? help`, and letters are keys.
        try tmux.waitFor("focus off the text fields") { ($0.split(separator: "\n").last ?? "").contains("? help") }
        try tmux.press("a")
        try tmux.waitFor("the term's end turned over") { $0.contains(wasRenewing ? "· expires" : "· renews") && $0.contains("Updated") }
        try PartnershipJourneyTests().quit(tmux)

        let log = try e2e.cli("log", "--operation", "update_subscription", "--limit", "1", "--as", PartnershipJourneyTests.ana)
        #expect(log.status == 0 && log.output.contains(wasRenewing ? "autoRenew: off" : "autoRenew: on"), "\(log.output)")
        #expect(try e2e.cli("check").status == 0)
    }
}
