import Foundation
import PartnerCore
@testable import PartnerDashboard
import PartnerResources
import PartnerWorkspace
@testable import TerminalKit
import Testing

/// Pickers narrow as you type, by the Customers filter's rule (PartnerCore `NameSearch`):
/// the reseller filter on Customers, the offer list, and Subscription detail's partner of
/// record and support contact. What was typed and the count show; Backspace widens; Esc
/// clears, then closes.
@MainActor
@Suite struct TypeAheadTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func type(_ text: String, in app: App) {
        for c in text { app.handle(.character(c)) }
    }

    private func press(_ keys: KeyEvent..., in app: App) {
        for key in keys { app.handle(key) }
    }

    private func customersApp(_ session: DashboardSession, size: TerminalSize = .minimum) -> (App, CustomersScreen) {
        let screen = CustomersScreen(session: session)
        return (App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session), root: screen), screen)
    }

    // MARK: The reseller filter

    @Test func theResellerFilterNarrowsAsYouType() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (app, screen) = customersApp(session)
        let fabrikam = try #require(session.model.account(mpnId: "4812345")).id
        app.handle(.character("f"))
        #expect(screen.inputMode == .text, "letters are typed, not commands: q does not quit")
        type("FÁB", in: app)
        var text = app.render().text
        #expect(text.contains("Find: FÁB") && text.contains("1 of 3"))
        #expect(screen.pickerListing == [fabrikam], "not All resellers, nor Adatum")
        app.handle(.backspace)
        app.handle(.backspace)
        app.handle(.backspace)
        text = app.render().text
        #expect(text.contains("All resellers") && text.contains("Adatum Systeme GmbH"), "Backspace widens again")
        type("q", in: app)
        #expect(!app.isFinished, "q was typed")
        #expect(app.render().text.contains("No reseller matches."))
        app.handle(.enter)
        #expect(screen.resellerFilter == nil, "Enter with nothing listed chooses nothing")
        app.handle(.escape)
        text = app.render().text
        #expect(text.contains("Filter by reseller") && text.contains("type to narrow"), "the first Esc clears")
        type("fab", in: app)
        app.handle(.enter)
        #expect(screen.resellerFilter == fabrikam)
        app.handle(.character("f"))
        app.handle(.escape)
        #expect(screen.pickerListing == nil, "with nothing typed, Esc closes")
        #expect(screen.resellerFilter == fabrikam, "and keeps the filter as it was")
    }

    /// `partnerdash gen`'s world with 200 partnered resellers: three letters find one.
    @Test func threeLettersFindOneOfTwoHundredResellers() throws {
        let (workspace, directory) = try demo.syntheticWorkspace(resellers: 200, customers: 20, seed: 5)
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { workspace.close() }
        let session = try DemoWorkspace.providerSession(on: workspace)
        let resellers = session.model.activeResellers(of: try #require(session.account).id)
        #expect(resellers.count == 200)
        // gen's names share their words ("Alpine Bakery 1", "Alpine Foods 47"): three letters
        // narrow 200 to a handful, and three characters of the number find one.
        let (app, screen) = customersApp(session)
        app.handle(.character("f"))
        type("alp", in: app)
        let few = try #require(screen.pickerListing).count
        #expect(few > 1 && few <= 5, "alp: \(few) of 200")
        for _ in 0..<3 { app.handle(.backspace) }
        #expect(screen.pickerListing?.count == 201, "Backspace widens to All and every reseller")
        let target = try #require(resellers.first { $0.legalName.hasSuffix(" 137") })
        type("137", in: app)
        #expect(screen.pickerListing == [target.id])
        #expect(app.render().text.contains("1 of 200"))
        app.handle(.enter)
        #expect(screen.resellerFilter == target.id)
    }

    // MARK: Offers

    private func offersApp(size: TerminalSize = .minimum) throws -> (App, NewSubscriptionScreen) {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let customer = try #require(session.model.customers.values.first { $0.name == "Coho Winery" }).id
        let screen = NewSubscriptionScreen(session: session, customer: customer)
        return (App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session), root: RootWith(screen)), screen)
    }

    @Test func typingAnOffersNameNarrowsAndEnterTicksIt() throws {
        let (app, screen) = try offersApp()
        app.handle(.enter)
        type("VISIO", in: app)
        var text = app.render().text
        #expect(text.contains("/ VISIO") && text.contains("Visio Plan 2") && !text.contains("Microsoft 365 E3"))
        #expect(screen.pageNote?.hasSuffix("of \(screen.wizard.picker.offers.count) offers") == true, "the count shows")
        app.handle(.enter)                  // back to the list, the search kept
        app.handle(.enter)                  // Enter ticks the focused offer
        #expect(screen.wizard.picker.picked.map(\.name).contains { $0.hasPrefix("Visio") })
        app.handle(.character(" "))         // Space still unticks
        #expect(screen.wizard.picker.picked.isEmpty)
        app.handle(.enter)
        #expect(screen.wizard.picker.picked.count == 1)
        app.handle(.escape)
        text = app.render().text
        #expect(text.contains("type an offer's name to search the catalog"), "Esc clears the search")
        #expect(screen.wizard.picker.picked.count == 1, "and keeps the tick")
    }

    @Test func backspaceWidensTheOfferSearch() throws {
        let (app, screen) = try offersApp()
        app.handle(.enter)
        let all = screen.wizard.picker.table.count
        type("visiox", in: app)
        #expect(screen.wizard.picker.table.count == 0)
        app.handle(.backspace)
        #expect(screen.wizard.picker.table.count > 0)
        for _ in 0..<5 { app.handle(.backspace) }
        #expect(screen.wizard.picker.table.count == all)
    }

    @Test func theOfferListHandlesExactlyTheKeysItLists() throws {
        let workspace = demo
        for keys: [KeyEvent] in [[], [.character("v")], [.character("v"), .enter], [.character(" ")]] {
            KeymapTests.checkHintsMatchHandling {
                let session = try! workspace.session(signedInAs: DemoWorkspace.provider)
                let customer = session.model.customers.values.first { $0.name == "Coho Winery" }!.id
                let screen = NewSubscriptionScreen(session: session, customer: customer)
                for key in keys { _ = screen.handle(key: key) }
                return screen
            }
        }
    }

    // MARK: Subscription detail

    private func detailApp(size: TerminalSize = .minimum) throws -> (App, DashboardSession, Subscription) {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let provider = try #require(session.account).id, fabrikam = try #require(session.model.account(mpnId: "4812345"))
        let subscription = try #require(session.model.customerList(visibleTo: provider, sharedWith: fabrikam.id)
            .flatMap { session.model.subscriptions(of: $0.id) }
            .first { $0.status == .active && $0.supportContact == nil && $0.partnerId == fabrikam.mpnId })
        let app = App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session),
                      root: RootWith(SubscriptionDetailScreen(session: session, subscription: subscription.id)))
        app.handle(.enter)
        return (app, session, subscription)
    }

    @Test func theSupportContactNarrowsAsYouType() throws {
        let (app, session, subscription) = try detailApp()
        for _ in 0..<5 { app.handle(.tab) }   // name, licenses, status, auto-renew, partner of record → support contact
        #expect(app.navigator.top.inputMode == .text)
        // Only the resellers that can act for the customer are offered (rule 2): None and Fabrikam here.
        type("fabx", in: app)
        var text = app.render().text
        #expect(text.contains("fabx 0/2"), "nothing matches")
        app.handle(.backspace)
        text = app.render().text
        #expect(text.contains("fab 1/2 ‹ Fabrikam"), "Backspace widens")
        app.handle(.escape)
        #expect(app.navigator.top is SubscriptionDetailScreen, "the first Esc clears")
        #expect(!app.render().text.contains("/2 ‹"), "nothing typed any more")
        type("FAB", in: app)
        app.handle(.tab)
        app.handle(.enter)                    // Submit
        let fabrikam = try #require(session.model.account(mpnId: "4812345")).id
        #expect(session.model.subscriptions[subscription.id]?.supportContact?.supportTenantId == fabrikam)
    }

    /// A bracketed paste is typing done at once: the reseller filter and the support contact
    /// narrow by it as by the same letters typed; its line break and Esc are not keys.
    @Test func aPasteNarrowsAsTypingWould() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (app, screen) = customersApp(session)
        let fabrikam = try #require(session.model.account(mpnId: "4812345")).id
        app.handle(.character("f"))
        app.handle(.paste("Fáb\u{1b}\n"))
        #expect(app.render().text.contains("Find: Fáb"), "\(app.render().text)")
        #expect(screen.pickerListing == [fabrikam])
        #expect(screen.inputMode == .text, "the picker is still open")
        app.handle(.enter)
        #expect(screen.resellerFilter == fabrikam)

        let (detail, detailSession, subscription) = try detailApp()
        for _ in 0..<5 { detail.handle(.tab) }   // → support contact
        detail.handle(.paste("FAB"))
        #expect(detail.render().text.contains("FAB 1/2 ‹ Fabrikam"), "\(detail.render().text)")
        detail.handle(.tab)
        detail.handle(.enter)                    // Submit
        #expect(detailSession.model.subscriptions[subscription.id]?.supportContact?.supportTenantId == fabrikam)
    }

    @Test func theSubscriptionDetailHandlesExactlyTheKeysItLists() throws {
        let workspace = demo
        let (_, session, subscription) = try detailApp()
        for keys: [KeyEvent] in [Array(repeating: .tab, count: 4), Array(repeating: .tab, count: 4) + [.character("f")]] {
            KeymapTests.checkHintsMatchHandling {
                let screen = SubscriptionDetailScreen(session: try! workspace.session(signedInAs: DemoWorkspace.provider),
                                                      subscription: subscription.id)
                for key in keys { _ = screen.handle(key: key) }
                return screen
            }
        }
        _ = session
    }

    // MARK: Goldens

    @Test func goldenPickers() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let session = try demo.session(signedInAs: DemoWorkspace.provider)
            let (customers, _) = customersApp(session, size: size)
            customers.handle(.character("f"))
            type("ad", in: customers)
            try Golden.check(customers.render(), "typeahead-resellers-\(size.cols)x\(size.rows)")

            let (offers, _) = try offersApp(size: size)
            offers.handle(.enter)
            type("business", in: offers)
            try Golden.check(offers.render(), "typeahead-offers-\(size.cols)x\(size.rows)")

            let (detail, _, _) = try detailApp(size: size)
            for _ in 0..<4 { detail.handle(.tab) }
            type("fab", in: detail)
            try Golden.check(detail.render(), "typeahead-partner-\(size.cols)x\(size.rows)")
        }
    }
}
