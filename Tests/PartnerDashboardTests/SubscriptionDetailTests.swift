import Foundation
import PartnerCore
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// Subscription detail: licenses, suspend/reactivate, partner of record and
/// the designated support contact, each checked in the model after Submit.
@MainActor
@Suite struct SubscriptionDetailTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func account(_ name: String, in session: DashboardSession) throws -> PartnerAccount {
        try #require(session.model.accounts.values.first { $0.legalName == name })
    }

    /// An active subscription of a customer Contoso shares with Fabrikam, with no support contact yet;
    /// `lowerable` asks for one inside its cancellation window, whose licenses may still be lowered (rule 11).
    private func subscription(in session: DashboardSession, lowerable: Bool = false) throws -> Subscription {
        let provider = try account("Contoso Distribution", in: session)
        let fabrikam = try account("Fabrikam Solutions", in: session)
        let candidates = session.model.customerList(visibleTo: provider.id, sharedWith: fabrikam.id)
            .flatMap { session.model.subscriptions(of: $0.id) }
            .filter { $0.status == .active && $0.supportContact == nil && $0.partnerId == fabrikam.mpnId }
        let now = session.now
        let lowerableNow = candidates.filter { (s: Subscription) -> Bool in s.isInCancellationWindow(at: now) }
        return try #require((lowerable ? lowerableNow : candidates).first)
    }

    private func app(_ session: DashboardSession, _ id: SubscriptionID, size: TerminalSize = .minimum) -> App {
        App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session),
            root: RootWith(SubscriptionDetailScreen(session: session, subscription: id)))
    }

    private func press(_ keys: KeyEvent..., in app: App) {
        for key in keys { app.handle(key) }
    }

    private func type(_ text: String, in app: App) {
        for c in text { app.handle(.character(c)) }
    }

    /// Fields in order for the provider: friendly name, licenses, status,
    /// auto-renew, partner of record, designated support contact, then Submit.
    private func tab(_ n: Int, in app: App) {
        for _ in 0..<n { app.handle(.tab) }
    }

    @Test func changingTheLicensesUpdatesTheSubscription() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: session)
        let app = app(session, sub.id)
        app.handle(.enter)
        tab(1, in: app)
        press(.ctrl("u"), in: app)
        type("42", in: app)
        tab(5, in: app)
        app.handle(.enter)
        #expect(session.model.subscriptions[sub.id]?.quantity == 42)
        #expect(app.render().statusText.contains("Updated") == true)
        #expect(session.model.auditLog.last?.operationType == .update_subscription)
        #expect(!app.navigator.top.hasUnsavedChanges, "after Submit the page shows the saved values")
    }

    @Test func suspendingAndReactivating() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: session)
        let app = app(session, sub.id)
        app.handle(.enter)
        tab(2, in: app)
        press(.right, in: app)
        tab(4, in: app)
        app.handle(.enter)
        #expect(session.model.subscriptions[sub.id]?.status == .suspended)
        #expect(session.model.subscriptions[sub.id]?.quantity == sub.quantity, "only what changed is sent")
        // Focus stays on Submit; back to Status.
        press(.backTab, .backTab, .backTab, .backTab, .right, in: app)
        tab(4, in: app)
        app.handle(.enter)
        #expect(session.model.subscriptions[sub.id]?.status == .active)
    }

    @Test func designatingTheSupportContact() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: session)
        let fabrikam = try account("Fabrikam Solutions", in: session)
        let app = app(session, sub.id)
        app.handle(.enter)
        #expect(app.render().text.contains("Designated support contact  ‹ None ›"))
        // Only the resellers that can act for the customer (issue 13 item 1): Fabrikam, its
        // reseller of record, and None. Adatum, partnered too but not of record, is not offered.
        tab(5, in: app)
        #expect(!app.render().text.contains("Adatum"))
        press(.right, in: app)
        #expect(app.render().text.contains("‹ Fabrikam Solutions ›"))
        tab(1, in: app)
        app.handle(.enter)
        let contact = try #require(session.model.subscriptions[sub.id]?.supportContact)
        #expect(contact.supportTenantId == fabrikam.id)
        #expect(contact.supportMpnId == fabrikam.mpnId)
        #expect(session.model.subscriptions[sub.id]?.partnerId == sub.partnerId)
    }

    @Test func settingThePartnerOfRecordToNone() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: session)
        #expect(sub.partnerId == "4812345")
        let app = app(session, sub.id)
        app.handle(.enter)
        tab(4, in: app)
        press(.left, in: app)
        #expect(app.render().text.contains("Partner of record           ‹ None ›"))
        tab(2, in: app)
        app.handle(.enter)
        #expect(session.model.subscriptions[sub.id]?.partnerId == nil)
    }

    @Test func licensesOutsideTheRangeAreRefusedBesideTheField() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: session)
        let before = session.model
        let app = app(session, sub.id)
        app.handle(.enter)
        tab(1, in: app)
        press(.ctrl("u"), in: app)
        type("0", in: app)
        tab(1, in: app)
        #expect(app.render().text.contains("! 0 is outside"), "the domain's words (rule 8)")
        tab(4, in: app)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Subscription detail")
        #expect(session.model == before)
    }

    @Test func submitWithNothingChangedSaysSo() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: session)
        let before = session.model
        let app = app(session, sub.id)
        app.handle(.enter)
        tab(6, in: app)
        app.handle(.enter)
        #expect(app.render().statusText.contains("Nothing changed") == true)
        #expect(session.model == before)
    }

    @Test func aSalesAgentIsRefusedAndNothingChanges() throws {
        let session = try demo.session(signedInAs: "ben@contosodistribution.onmicrosoft.com")
        let sub = try subscription(in: session)
        let before = session.model
        let app = app(session, sub.id)
        app.handle(.enter)
        tab(2, in: app)
        press(.right, in: app)
        tab(4, in: app)
        app.handle(.enter)
        #expect(app.render().text.contains("needs admin agent"))
        #expect(session.model == before)
    }

    @Test func aResellerMaySuspendButNotSetWhatTheProviderSets() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let provider = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: provider)
        let app = app(session, sub.id)
        app.handle(.enter)
        let screen = app.render().text
        #expect(screen.contains("Your indirect provider sets the partner of record"))
        #expect(!screen.contains("‹ None ›"), "no partner-of-record or support-contact controls")
        // Adding licenses is the provider's order.
        tab(1, in: app)
        press(.ctrl("u"), in: app)
        type(String(sub.quantity + 1), in: app)
        tab(1, in: app)
        #expect(app.render().text.contains("adding licenses is an order"))
        // Suspending works.
        press(.backTab, .ctrl("u"), in: app)
        type(String(sub.quantity), in: app)
        tab(1, in: app)
        press(.right, in: app)
        tab(2, in: app)
        app.handle(.enter)
        #expect(session.model.subscriptions[sub.id]?.status == .suspended)
    }

    @Test func aSubscriptionOfAnotherPartnersCustomerIsNotShown() throws {
        let session = try demo.session(signedInAs: "hanako@sakuracloud.onmicrosoft.com")
        let provider = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: provider)
        let screen = SubscriptionDetailScreen(session: session, subscription: sub.id)
        #expect(screen.keyHints.isEmpty)
        let app = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: session), root: screen)
        let text = app.render().text
        #expect(text.contains("not among your customers'"))
        #expect(!text.contains(sub.friendlyName))
    }

    @Test func detailHandlesExactlyTheKeysItLists() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let reseller = try demo.session(signedInAs: DemoWorkspace.reseller)
        let sub = try subscription(in: session)
        for tabs in [0, 2, 3, 6] {
            KeymapTests.checkHintsMatchHandling {
                let screen = SubscriptionDetailScreen(session: session, subscription: sub.id)
                for _ in 0..<tabs { _ = screen.handle(key: .tab) }
                return screen
            }
        }
        KeymapTests.checkHintsMatchHandling { SubscriptionDetailScreen(session: reseller, subscription: sub.id) }
        let stranger = try demo.session(signedInAs: "hanako@sakuracloud.onmicrosoft.com")
        KeymapTests.checkHintsMatchHandling { SubscriptionDetailScreen(session: stranger, subscription: sub.id) }
    }

    @Test(arguments: [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)])
    func goldenSubscriptionDetail(size: TerminalSize) throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = app(session, try subscription(in: session).id, size: size)
        app.handle(.enter)
        try Golden.check(app.render(), "subscription-detail-\(size.cols)x\(size.rows)")
    }

    @Test func goldenSubscriptionDetailForAReseller() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let provider = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = app(session, try subscription(in: provider).id)
        app.handle(.enter)
        try Golden.check(app.render(), "subscription-detail-reseller-80x24")
    }

    /// Licenses the page allowed when it was read but the domain refuses at Submit (the
    /// provider reduced them meanwhile, and a reseller may not add): the refusal is the
    /// domain's, beside Licenses, and nothing changes.
    @Test func aRefusalAtSubmitLandsBesideLicenses() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let provider = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: provider, lowerable: true)
        let offer = try #require(provider.catalog[sub.offerId])
        try #require(sub.quantity >= offer.minimumQuantity + 2, "needs room to reduce twice")
        let app = app(session, sub.id)
        try provider.execute(.updateSubscription(sub.id, SubscriptionChange(quantity: sub.quantity - 2)))
        app.handle(.enter)
        tab(1, in: app)
        press(.ctrl("u"), in: app)
        type(String(sub.quantity - 1), in: app)
        let screen = try #require(app.navigator.top as? SubscriptionDetailScreen)
        while screen.form?.focusedID != .submit { app.handle(.tab) }
        app.handle(.enter)
        #expect(screen.form?.focusedID == .quantity)
        #expect(screen.form?.control(.quantity)?.message == "adding licenses is an order; your indirect provider submits it")
        #expect(session.model.subscriptions[sub.id]?.quantity == sub.quantity - 2)
    }

    /// The licenses' range beside the field is the model's `allowedQuantities`, and a value
    /// outside it reads as the domain's refusal.
    @Test func theLicensesRangeAndMessageAreTheModels() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let sub = try subscription(in: session)
        let offer = try #require(session.catalog[sub.offerId])
        let account = try #require(session.account)
        let range = try #require(session.model.allowedQuantities(for: sub, offer: offer, by: account, at: session.now))
        let app = app(session, sub.id)
        app.handle(.enter)
        #expect(app.render().text.contains("(\(range.lowerBound)–\(range.upperBound))"))
        tab(1, in: app)
        press(.ctrl("u"), in: app)
        type(String(range.upperBound + 1), in: app)
        tab(1, in: app)
        let expected = try #require(session.model.quantityChangeRefusal(sub, to: range.upperBound + 1, offer: offer, by: account,
                                                                        at: session.now))
        let screen = try #require(app.navigator.top as? SubscriptionDetailScreen)
        #expect(screen.form?.control(.quantity)?.message == expected.message)
    }
}
