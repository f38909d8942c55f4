import Foundation
import PartnerCore
@testable import PartnerDashboard
import PartnerWorkspace
@testable import TerminalKit
import Testing

/// The reseller page: Enter on an Indirect resellers row opens it; it shows the
/// partnership, who may act, the customers the two share with their subscriptions and
/// the invitations between them, offers the row's actions, and follows the model.
@MainActor
@Suite struct ResellerScreenTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func resellersApp(size: TerminalSize = .minimum) throws -> (App, DashboardSession) {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        return (App(terminal: TestTerminal(size: size), shell: shell, root: shell.screen(for: .indirectResellers)), session)
    }

    /// Focuses a row through the page's filter, then Enter opens its page.
    private func open(_ name: String, in app: App) throws -> ResellerScreen {
        // Esc first clears a filter kept from before (and does nothing otherwise).
        for key: KeyEvent in [.escape, .character("/")] + name.map(KeyEvent.character) + [.enter, .enter] { app.handle(key) }
        return try #require(app.navigator.top as? ResellerScreen)
    }

    private func account(_ mpnId: String, _ session: DashboardSession) throws -> AccountID {
        try #require(session.model.account(mpnId: mpnId)).id
    }

    private func customers(on page: ResellerScreen) -> CustomerIdSet {
        CustomerIdSet(page.rows.compactMap { row in
            if case .customer(let id) = row { return id }
            return nil
        })
    }

    @Test func enterOnAResellerRowOpensItsPage() throws {
        let (app, session) = try resellersApp()
        #expect(app.currentHints.contains { $0.keys.contains(.enter) && $0.hint == "open" })
        let page = try open("Fabrikam", in: app)
        let text = app.render().text
        #expect(page.title == "Fabrikam Solutions")
        #expect(text.split(separator: "\n").contains { $0.contains("MPN ID") && $0.contains("4812345") })
        #expect(text.contains("Active since 2025-11-04"))
        #expect(text.contains("Your admin agents: Ana Silva"), "Ben (sales) and Carla (helpdesk) may not act (rule 9)")
        #expect(!text.contains("Ben Ortiz"))
        #expect(text.contains("Invitations"))
        #expect(text.contains("2025-11-03  accepted  mia@fabrikamsolutions"))
        let provider = try account("4600001", session), fabrikam = try account("4812345", session)
        #expect(customers(on: page) == session.model.sharedCustomerIds(provider, fabrikam))
        #expect(customers(on: page).count == 13)
        // Every subscription of those customers is listed under its customer, none of anyone else's.
        let subscriptions = page.rows.compactMap { row -> SubscriptionID? in
            if case .subscription(_, let id) = row { return id }
            return nil
        }
        #expect(Set(subscriptions) == Set(customers(on: page).flatMap { session.model.subscriptions(of: $0).map(\.id) }))
        app.handle(.escape)
        #expect(app.navigator.top is IndirectResellersScreen, "Esc goes back to the list")
    }

    /// The two-provider case is PartnerCore's (`ResellerDetailTests`); here each page keeps
    /// to its own reseller.
    @Test func eachResellersPageListsOnlyTheCustomersItShares() throws {
        let (app, session) = try resellersApp()
        let page = try open("Adatum", in: app)
        let provider = try account("4600001", session), adatum = try account("4733001", session)
        let fabrikam = try account("4812345", session)
        #expect(customers(on: page) == session.model.sharedCustomerIds(provider, adatum))
        #expect(customers(on: page).isDisjoint(with: session.model.sharedCustomerIds(provider, fabrikam)))
        #expect(!app.render().text.contains("Fabrikam Solutions"), "nothing of another reseller")
    }

    @Test func theActionsAreTheRowsActions() throws {
        let (app, session) = try resellersApp()
        _ = try open("Tailspin", in: app)
        var text = app.render().text
        #expect(text.contains("Invited 2026-11-15, no answer yet"))
        #expect(text.contains("Nobody until partnered (rule 2)"))
        #expect(text.contains("w Withdraw the pending invitation"))
        #expect(!app.currentHints.contains { $0.keys.contains(.character("n")) }, "no new customer without a partnership")
        app.handle(.escape)
        _ = try open("Fabrikam", in: app)
        text = app.render().text
        #expect(text.contains("n Add new customer") && text.contains("v View customers") && text.contains("x End the partnership"))
        app.handle(.character("v"))
        let customers = try #require(app.navigator.top as? CustomersScreen)
        #expect(customers.resellerFilter == (try account("4812345", session)))
    }

    @Test func endingThePartnershipHereShowsAtOnce() throws {
        let (app, session) = try resellersApp()
        _ = try open("Fabrikam", in: app)
        app.handle(.character("x"))
        #expect(app.render().text.contains("End the partnership?"))
        app.handle(.right)
        app.handle(.enter)
        let text = app.render().text
        #expect(text.contains("Ended (began 2025-11-04)"))
        #expect(text.contains("Nobody until partnered"))
        #expect(app.currentHints.contains { $0.keys.contains(.character("r")) }, "a new request may be sent")
        #expect(!app.currentHints.contains { $0.keys.contains(.character("x")) })
        #expect(session.model.auditLog.last?.operationType == .end_partner_relationship)
    }

    @Test func aCustomerAddedElsewhereAppearsAtTheNextTick() throws {
        let (app, session) = try resellersApp(size: TerminalSize(rows: 40, cols: 120))
        let page = try open("さくら", in: app)
        let sakura = try account("4755120", session)
        let before = customers(on: page)
        let other = try Workspace.open(at: demo.directory, catalog: demo.workspace.catalog)
        other.now = { DemoWorkspace.now }
        let ana = try #require(other.model.user(principal: DemoWorkspace.provider)).id
        try other.execute(.addCustomer(NewCustomer(companyName: "Aaron Outfitters", domainPrefix: "aaronoutfitters", firstName: "Kim",
                                                   lastName: "Park", email: "it@aaronoutfitters.example", phone: "+1 425 555 0101",
                                                   address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA",
                                                                          postalCode: "98101", country: "US")),
                                       reseller: sakura, cart: [CartLine(offerId: "m365-business-basic", quantity: 10)]), as: .user(ana))
        #expect(customers(on: page) == before, "nothing is read before the tick")
        app.tick()
        #expect(customers(on: page).count == before.count + 1)
        #expect(app.render().text.contains("Aaron Outfitters"))
    }

    @Test func enterOpensTheSubscriptionOrTheCustomer() throws {
        let (app, _) = try resellersApp()
        let page = try open("Fabrikam", in: app)
        guard case .customer(let first)? = page.focusedRow else {
            Issue.record("the first customer is focused: \(String(describing: page.focusedRow))")
            return
        }
        app.handle(.enter)
        let customers = try #require(app.navigator.top as? CustomersScreen)
        #expect(customers.focusedRow == .customer(first))
        app.handle(.escape)
        app.handle(.down)
        guard case .subscription(_, let subscription)? = page.focusedRow else {
            Issue.record("a subscription under the first customer: \(String(describing: page.focusedRow))")
            return
        }
        app.handle(.enter)
        #expect(app.navigator.top is SubscriptionDetailScreen)
        #expect(app.navigator.top.pageNote == "id " + subscription.short)
    }

    @Test func handlesExactlyTheKeysItLists() throws {
        let workspace = demo
        for downs in 0..<3 {
            for mpn in ["4812345", "4719000", "4700112"] {
                KeymapTests.checkHintsMatchHandling {
                    let session = try! workspace.session(signedInAs: DemoWorkspace.provider)
                    let page = ResellerScreen(session: session, reseller: session.model.account(mpnId: mpn)!.id)
                    for _ in 0..<downs { _ = page.handle(key: .down) }
                    return page
                }
            }
        }
    }

    @Test func golden() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let (app, _) = try resellersApp(size: size)
            _ = try open("Fabrikam", in: app)
            try Golden.check(app.render(), "reseller-page-fabrikam-\(size.cols)x\(size.rows)")
        }
    }
}
