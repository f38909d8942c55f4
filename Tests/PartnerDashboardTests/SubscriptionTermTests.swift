import Foundation
import PartnerCore
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// Rule 11 in the dashboard: Home's "ends within 30 days" opens the list, Enter opens
/// Subscription detail, whose letters and action row cancel, upgrade, turn auto-renew off
/// and schedule a change at renewal; each checked in the model afterwards.
@MainActor
@Suite struct SubscriptionTermTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func home(_ session: DashboardSession, size: TerminalSize = .minimum) -> App {
        App.startingAtHome(session, size: size)
    }

    /// Subscription detail opened over a page, as Customers opens it.
    private func detail(_ session: DashboardSession, _ id: SubscriptionID, size: TerminalSize = .minimum) -> App {
        let app = App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session),
                      root: RootWith(SubscriptionDetailScreen(session: session, subscription: id)))
        app.handle(.enter)
        return app
    }

    /// Tab on to a control that takes no text (the letters are text in a field, and in a
    /// choice that narrows as you type).
    private func leaveTheTextFields(_ app: App) {
        for _ in 0..<12 where app.navigator.top.inputMode == .text { app.handle(.tab) }
        #expect(app.navigator.top.inputMode == .navigation)
    }

    private func live(_ session: DashboardSession, _ wanted: (Subscription) -> Bool) throws -> Subscription {
        let provider = try #require(session.account)
        let all = session.model.customerIds(visibleTo: provider.id).sorted().flatMap { session.model.subscriptions(of: $0) }
        return try #require(all.first { $0.status == .active && wanted($0) })
    }

    @Test func homesEndingSoonOpensTheListAndEnterTheDetailWhereAutoRenewTurnsOff() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let account = try #require(session.account)
        let ending = session.model.subscriptionsEndingSoon(visibleTo: account.id, at: session.now)
        let first = try #require(ending.first { $0.autoRenewEnabled })
        let app = home(session)
        #expect(app.render().text.contains("e Subscriptions ending within 30 days"))
        app.handle(.character("e"))
        let list = try #require(app.navigator.top as? EndingSoonScreen)
        #expect(list.pageNote == "/ filter")
        while (app.navigator.top as? EndingSoonScreen) != nil, !app.render().text.contains("▸") { app.handle(.down) }
        // The list is in the model's order: walk to the first auto-renewing one and open it.
        for _ in 0..<(ending.firstIndex { $0.id == first.id } ?? 0) { app.handle(.down) }
        app.handle(.enter)
        let detail = try #require(app.navigator.top as? SubscriptionDetailScreen)
        #expect(detail.pageNote == "id " + first.id.short)
        #expect(app.render().text.contains("renews"))
        leaveTheTextFields(app)
        app.handle(.character("a"))
        #expect(session.model.subscriptions[first.id]?.autoRenewEnabled == false)
        #expect(session.model.auditLog.last?.operationType == .update_subscription)
        #expect(session.model.auditLog.last?.newValue.contains("autoRenew: off") == true)
        #expect(app.render().text.contains("· expires (auto-renew"))
        app.handle(.escape)
        #expect(app.render().text.contains("expires"), "the list shows what the end now does")
    }

    @Test func cancellingAfterTheWindowSaysWhenItClosedAndInsideItAsksThenCancels() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let closed = try live(session) { !$0.isInCancellationWindow(at: session.now) }
        let app = detail(session, closed.id)
        leaveTheTextFields(app)
        app.handle(.character("c"))
        let page = app.render().text
        #expect(page.contains("! Not cancelled:") && page.contains("within 168") && page.contains("[rule 11]"), "\(page)")
        #expect(session.model.subscriptions[closed.id]?.status == .active)

        let open = try live(session) { $0.isInCancellationWindow(at: session.now) }
        let inside = detail(session, open.id)
        leaveTheTextFields(inside)
        inside.handle(.character("c"))
        #expect(inside.isAskingToConfirm)
        #expect(inside.render().text.contains("prorated refund"))
        inside.handle(.right)
        inside.handle(.enter)
        #expect(session.model.subscriptions[open.id]?.status == .deleted)
        #expect(session.model.auditLog.last?.operationType == .cancel_subscription)
        let cancelled = inside.render().text
        #expect(cancelled.contains("Status            Deleted") && cancelled.contains("! Cancelled") && cancelled.contains("prorated"))
    }

    @Test func upgradingKeepsThePartnersAndSchedulingWaitsForTheRenewal() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try live(session) { $0.offerId == "m365-e3" && $0.partnerId != nil }
        let app = detail(session, sub.id, size: TerminalSize(rows: 40, cols: 120))
        leaveTheTextFields(app)
        app.handle(.character("u"))
        let upgrade = try #require(app.navigator.top as? UpgradeScreen)
        #expect(upgrade.title == "Upgrade")
        app.handle(.tab)
        app.handle(.enter)
        let upgraded = try #require(session.model.subscriptions[sub.id])
        #expect(upgraded.offerId == "m365-e5" && upgraded.partnerId == sub.partnerId && upgraded.supportContact == sub.supportContact)
        #expect(session.model.auditLog.last?.operationType == .upgrade_subscription)
        #expect(app.navigator.top is SubscriptionDetailScreen)
        #expect(app.render().lines().last?.contains("Upgraded") == true)

        leaveTheTextFields(app)
        app.handle(.character("s"))
        #expect(app.navigator.top is ScheduleRenewalScreen)
        app.handle(.tab)
        for _ in 0..<6 { app.handle(.backspace) }
        for c in String(upgraded.quantity + 3) { app.handle(.character(c)) }
        app.handle(.tab)
        app.handle(.enter)
        #expect(session.model.subscriptions[sub.id]?.scheduledNextTerm == NextTermInstructions(quantity: upgraded.quantity + 3))
        #expect(session.model.subscriptions[sub.id]?.quantity == upgraded.quantity, "nothing changes before the renewal")
        #expect(app.render().text.contains("renews with \(upgraded.quantity + 3) licenses"))
    }

    // MARK: Keys

    @Test func theNewPagesHandleExactlyTheKeysTheyList() throws {
        let workspace = demo
        let session = try workspace.session(signedInAs: DemoWorkspace.provider)
        let sub = try live(session) { $0.offerId == "m365-e3" }
        let catalog = session.catalog
        KeymapTests.checkHintsMatchHandling { HomeScreen(session: session) }
        KeymapTests.checkHintsMatchHandling { EndingSoonScreen(session: session) }
        KeymapTests.checkHintsMatchHandling { SubscriptionDetailScreen(session: session, subscription: sub.id) }
        KeymapTests.checkHintsMatchHandling {
            UpgradeScreen(session: session, subscription: sub.id, upgrades: catalog.upgrades(from: catalog[sub.offerId]!))
        }
        KeymapTests.checkHintsMatchHandling {
            ScheduleRenewalScreen(session: session, subscription: sub, offers: catalog.family(of: catalog[sub.offerId]!))
        }
    }

    // MARK: Golden screens

    @Test(arguments: [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)])
    func goldenEndingSoonUpgradeAndAtRenewal(size: TerminalSize) throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = home(session, size: size)
        app.handle(.character("e"))
        try Golden.check(app.render(), "subscriptions-ending-\(size.cols)x\(size.rows)")
        let sub = try live(session) { $0.offerId == "m365-e3" && $0.scheduledNextTerm == nil }
        let page = detail(session, sub.id, size: size)
        leaveTheTextFields(page)
        page.handle(.character("u"))
        try Golden.check(page.render(), "subscription-upgrade-\(size.cols)x\(size.rows)")
        page.handle(.escape)
        leaveTheTextFields(page)
        page.handle(.character("s"))
        try Golden.check(page.render(), "subscription-at-renewal-\(size.cols)x\(size.rows)")
    }
}
