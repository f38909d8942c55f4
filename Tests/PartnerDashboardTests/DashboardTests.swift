import Foundation
import PartnerCore
import PartnerDashboard
import TerminalKit
import Testing

/// The first real screens over the demo world: Sign in, Home, Indirect resellers.
@MainActor
@Suite struct DashboardTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func app(_ session: DashboardSession, size: TerminalSize = .minimum) -> (App, DashboardShell) {
        let shell = DashboardShell(session: session)
        return (App(terminal: TestTerminal(size: size), shell: shell, root: shell.startScreen()), shell)
    }

    private func select(_ name: String, in app: App) {
        // Esc first clears a filter kept from before (and does nothing otherwise).
        for key: KeyEvent in [.escape, .character("/")] + name.map(KeyEvent.character) + [.enter] { app.handle(key) }
    }

    // MARK: Sign in

    @Test func signInListsEveryUserAndHasNoMenu() throws {
        let session = try demo.session()
        let (app, shell) = app(session)
        #expect(shell.menu.isEmpty)
        #expect(app.navigator.top.title == "Sign in")
        let text = app.render().text
        #expect(text.contains("Ana Silva"))
        #expect(text.contains("佐藤 花子"))
    }

    @Test func enterSignsInAndOpensHomeWithTheProvidersMenu() throws {
        let session = try demo.session()
        let (app, shell) = app(session)
        select("ana@", in: app)
        app.handle(.enter)
        #expect(session.user?.userPrincipalName == DemoWorkspace.provider)
        #expect(app.navigator.stack.count == 1)
        #expect(app.navigator.top.title == "Home")
        #expect(shell.menu.map(\.title) == ["Home", "Indirect resellers", "Customers", "Invitations", "Activity log", "Account settings", "Invitation link", "Switch user"])
        let top = app.render().lines()[0]
        #expect(top.contains("Contoso Distribution"))
    }

    /// Home has nothing to move in: the first ↓ after signing in moves the menu (and Enter
    /// opens what it reached), without ← first; on a page with a list the arrows stay the list's.
    @Test func theFirstArrowOnHomeMovesTheMenu() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: HomeScreen(session: session))
        #expect(!app.menuFocused)
        app.handle(.down)
        #expect(app.menuFocused, "the arrow went to the menu")
        app.handle(.enter)
        #expect(app.navigator.top.title == "Indirect resellers")
        #expect(!app.menuFocused)
        app.handle(.down)
        #expect(!app.menuFocused, "a page with rows keeps its arrows")
    }

    @Test func aResellerDoesNotSeeIndirectResellers() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let (_, shell) = app(session)
        #expect(!shell.menu.map(\.title).contains("Indirect resellers"))
    }

    // MARK: Home

    @Test func homeCountsWhatTheProviderSees() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let account = try #require(session.account)
        let summary = HomeSummary(model: session.model, account: account, now: DemoWorkspace.now)
        #expect(summary.partnersActive == 3)
        #expect(summary.partnersInvited == 1)
        #expect(summary.customers == session.model.customerIds(visibleTo: account.id).count)
        #expect(summary.customers >= 36)
        #expect(summary.invitationsSentPending >= 1)
        #expect(summary.subscriptionsSuspended > 0)
    }

    @Test func homeOfAResellerShowsThePartnershipItAnswered() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let account = try #require(session.account)
        let summary = HomeSummary(model: session.model, account: account, now: DemoWorkspace.now)
        #expect(summary.partnersActive == 1)
        #expect(summary.invitationsReceivedPending == 0)
        #expect(summary.customers >= 12)
    }

    // MARK: Indirect resellers

    @Test func resellerRowsShowEveryPartnershipState() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let rows = ResellerRow.rows(model: session.model, provider: try #require(session.account).id, now: DemoWorkspace.now)
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0) })
        #expect(byName["Fabrikam Solutions"]?.partnership.label == "Active")
        // Twelve added for it, and Coho Winery, who accepted its "Invite new customers" link.
        #expect(byName["Fabrikam Solutions"]?.customers == 13)
        #expect(byName["Tailspin IT"]?.partnership.label == "Invited")
        #expect(byName["Northwind Cloud"]?.partnership == ResellerRow.Partnership.none)
        #expect(byName["Wingtip Consulting"] == nil, "a reseller under review cannot be partnered")
        #expect(rows.map(\.name) == rows.map(\.name).sorted { $0.localizedStandardCompare($1) == .orderedAscending })
    }

    private func resellersApp() throws -> (App, DashboardSession) {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.screen(for: .indirectResellers))
        return (app, session)
    }

    @Test func withdrawIsOfferedOnlyForAPendingInvitation() throws {
        let (app, _) = try resellersApp()
        select("Fabrikam", in: app)
        #expect(!app.currentHints.contains { $0.keys.contains(.character("w")) })
        app.handle(.character("w"))
        #expect(!app.render().text.contains("Withdraw invitation?"))
        select("Tailspin", in: app)
        #expect(app.currentHints.contains { $0.keys.contains(.character("w")) })
        #expect(app.render().text.contains("w Withdraw the pending invitation"))
    }

    @Test func withdrawingAsksThenChangesTheWorkspace() throws {
        let (app, session) = try resellersApp()
        select("Tailspin", in: app)
        let pendingBefore = DashboardShell(session: session).status.pendingInvitations
        app.handle(.character("w"))
        #expect(app.render().text.contains("Withdraw invitation?"))
        app.handle(.escape)
        #expect(!app.render().text.contains("Withdraw invitation?"))
        #expect(session.model.invitations.values.contains { $0.status == .pending && $0.kind == .partnership })
        app.handle(.character("w"))
        app.handle(.right)
        app.handle(.enter)
        let screen = app.render()
        #expect(screen.statusText.contains("Invitation to Tailspin IT withdrawn") == true)
        let row = try #require(screen.lines().first { $0.contains("Tailspin IT") && $0.contains("4719000") })
        #expect(row.contains("—"))
        #expect(!row.contains("Invited"))
        #expect(DashboardShell(session: session).status.pendingInvitations == pendingBefore - 1)
        #expect(session.model.auditLog.last?.operationType.rawValue.contains("invitation") == true)
    }

    @Test func endingAPartnershipAsksThenEndsItAndARequestIsOfferedAgain() throws {
        let (app, session) = try resellersApp()
        select("Tailspin", in: app)
        #expect(!app.currentHints.contains { $0.keys.contains(.character("x")) }, "only an active partnership ends")
        select("Fabrikam", in: app)
        #expect(app.render().text.contains("x End the partnership"))
        let provider = try #require(session.account?.id)
        let fabrikam = try demo.account("Fabrikam Solutions")
        let outboxBefore = session.outbox.messages().count

        app.handle(.character("x"))
        #expect(app.render().text.contains("End the partnership?"))
        // Keys that are not the dialog's do nothing while it asks, as over every dialog: the
        // bar lists only its keys.
        app.handle(.character("?"))
        app.handle(.character("h"))
        #expect(!app.isShowingHelp && !app.menuFocused && app.render().text.contains("End the partnership?"))
        #expect(app.render().statusText.contains("menu") == false)
        app.handle(.enter)                    // "Keep it" has focus
        #expect(session.model.activePartnership(provider: provider, reseller: fabrikam) != nil)

        app.handle(.character("x"))
        app.handle(.right)
        app.handle(.enter)
        #expect(session.model.activePartnership(provider: provider, reseller: fabrikam) == nil)
        let screen = app.render()
        #expect(screen.statusText.contains("The partnership with Fabrikam Solutions has ended") == true)
        let row = try #require(screen.lines().first { $0.contains("Fabrikam Solutions") })
        #expect(row.contains("Ended"))
        #expect(row.contains(" 13 "), "the customers they share are still counted: \(row)")
        #expect(app.currentHints.contains { $0.keys.contains(.character("r")) }, "a new partnership may be requested")
        #expect(!app.currentHints.contains { $0.keys.contains(.character("n")) }, "no new customers for it (rule 2)")
        #expect(session.outbox.messages().count == outboxBefore + 1, "Fabrikam is told by email")
        #expect(session.model.auditLog.last?.operationType == .end_partner_relationship)

        // The customers they share are still theirs: v lists them, and f still offers Fabrikam.
        app.handle(.character("v"))
        let customers = try #require(app.navigator.top as? CustomersScreen)
        #expect(customers.listedCustomers.count == 13)
        app.handle(.character("f"))
        #expect(app.render().lines().contains { $0.contains("Fabrikam Solutions") && !$0.contains("Customers ·") },
                "the picker offers Fabrikam")
        #expect(session.model.partneredResellers(of: provider).map(\.id).contains(fabrikam))
    }

    @Test func resellersScreensHandleExactlyTheKeysTheyList() throws {
        let workspace = demo
        KeymapTests.checkHintsMatchHandling {
            let session = try! workspace.session(signedInAs: DemoWorkspace.provider)
            return IndirectResellersScreen(session: session)
        }
        KeymapTests.checkHintsMatchHandling {
            SignInScreen(session: try! workspace.session())
        }
    }

    // MARK: Golden screens

    @Test func goldenSignIn() throws {
        let (app, _) = app(try demo.session())
        try Golden.check(app.render(), "dashboard-sign-in-80x24")
    }

    @Test func goldenHome() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (app, _) = app(session)
        try Golden.check(app.render(), "dashboard-home-80x24")
        let (wide, _) = self.app(session, size: TerminalSize(rows: 40, cols: 120))
        try Golden.check(wide.render(), "dashboard-home-120x40")
    }

    /// A provider set up a moment ago: its first admin is a global admin without Admin agent.
    private func newProviderSession() throws -> DashboardSession {
        _ = try demo.workspace.execute(.setUpProvider(ProviderSetup(
            legalName: "Lakeshore Distribution", mpnId: "4600777", country: "US", domainPrefix: "lakeshoredist",
            address: PostalAddress(line1: "5 Lake Rd", city: "Chicago", state: "IL", postalCode: "60601", country: "US"),
            primaryContact: PrimaryContact(name: "Lee Park", email: "lee@lakeshore.example", phone: "+1 312 555 0100"),
            supportContact: SupportInfo(email: "help@lakeshore.example", phone: "+1 312 555 0199", url: ""),
            adminDisplayName: "Lee Park", adminUserName: "lee")), as: .enrollee)
        return try demo.session(signedInAs: "lee@lakeshoredist.onmicrosoft.com")
    }

    /// Issue 13 item 3: Home no longer says "Nothing needs attention" to an admin who cannot
    /// order yet; it says why and the way to the role, which then clears it.
    @Test func homeTellsANewProvidersFirstAdminThatOrderingNeedsAdminAgent() throws {
        let session = try newProviderSession()
        let (app, _) = app(session)
        #expect(!app.pageText.contains("Nothing needs attention"))
        #expect(app.pageText.contains("You are not an admin agent, which adding customers and placing orders need: "
            + "Account settings › User management, select your name, then Admin agent and Update."), "\(app.pageText)")
        let lee = try #require(session.user)
        try session.execute(.setUserRoles(user: lee.id, roles: [.globalAdmin, .adminAgent]))
        _ = app.tick()
        #expect(app.pageText.contains("Nothing needs attention"))
    }

    @Test func goldenHomeOfANewProvidersFirstAdmin() throws {
        let session = try newProviderSession()
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let (app, _) = app(session, size: size)
            try Golden.check(app.render(), "dashboard-home-first-admin-\(size.cols)x\(size.rows)")
        }
    }

    @Test func goldenIndirectResellers() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let shell = DashboardShell(session: session)
            let app = App(terminal: TestTerminal(size: size), shell: shell, root: shell.screen(for: .indirectResellers))
            app.handle(.end)
            try Golden.check(app.render(), "dashboard-resellers-\(size.cols)x\(size.rows)")
        }
    }

    @Test func goldenWithdrawDialog() throws {
        let (app, _) = try resellersApp()
        select("Tailspin", in: app)
        app.handle(.character("w"))
        try Golden.check(app.render(), "dashboard-resellers-withdraw-80x24")
    }

    @Test func goldenEndPartnershipDialog() throws {
        let (app, _) = try resellersApp()
        select("Fabrikam", in: app)
        app.handle(.character("x"))
        try Golden.check(app.render(), "dashboard-resellers-end-80x24")
    }
}
