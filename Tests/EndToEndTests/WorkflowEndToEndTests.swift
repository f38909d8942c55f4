import Foundation
import Testing
import TestSupport

/// The subscription workflows of issue 10 in a real terminal, each checked afterwards with
/// the CLI.
@Suite(.serialized) struct WorkflowEndToEndTests {
    /// Rule 11: a subscription near its term's end is long past its 168-hour window, so `c`
    /// on Subscription detail is refused on the page, naming the rule, and nothing is cancelled.
    @Test func cancelOutsideTheWindowIsRefusedNamingRule11() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux
        try e2e.dashboard(as: PartnershipJourneyTests.ana)
        try tmux.waitFor("e Subscriptions ending within 30 days")
        try tmux.press("e")
        try tmux.waitFor("Ending within 30 days list") { $0.contains("Ending within 30 days") && $0.contains("At the end") }
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
}
