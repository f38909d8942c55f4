import Foundation
import PartnerCore
@testable import PartnerDashboard
import TerminalKit
import Testing

/// Every page's actions without letters (docs/TUI.md › The action row): ↓ past the last
/// row (or Tab) reaches the row, ←→ choose, Enter does the action as its letter would.
@MainActor
@Suite struct ActionRowTests {
    nonisolated static let wide = TerminalSize(rows: 40, cols: 200)

    /// The pages with letter actions, each opened as its user would see it.
    nonisolated static let pages = [
        "Indirect resellers", "Customers (provider)", "Invitations (provider)", "Activity log", "User management",
        "Provider listing", "Sign in", "Confirmation", "Indirect providers", "Customers (reseller)", "Invitations (reseller)",
    ]

    static func user(of page: String) -> String {
        page == "Indirect providers" || page.hasSuffix("(reseller)") ? DemoWorkspace.reseller : DemoWorkspace.provider
    }

    static func open(_ page: String, _ session: DashboardSession) -> any Screen {
        switch page {
        case "Indirect resellers": return IndirectResellersScreen(session: session)
        case "Customers (provider)", "Customers (reseller)": return CustomersScreen(session: session)
        case "Invitations (provider)", "Invitations (reseller)": return InvitationsScreen(session: session)
        case "Activity log": return ActivityLogScreen(session: session)
        case "User management": return UserManagementScreen(session: session)
        case "Provider listing": return ProviderListingScreen(session: session)
        case "Sign in": return SignInScreen(session: session)
        case "Confirmation":
            let customer = session.model.customers.values.min { $0.name < $1.name }!.id
            // Over the page the wizard started from, as it always is.
            return RootWith(NewCustomerConfirmationScreen(session: session, customer: customer, userName: "admin@x.onmicrosoft.com",
                                                          temporaryPassword: "Temp-1234-abcd-XY", summary: "Customer added"))
        default: return IndirectProvidersScreen(session: session)
        }
    }

    /// Two workspaces in step: one gets every action by arrows and Enter, the other by its
    /// letter, in the same order, so their frames must agree after each.
    @MainActor
    private final class Twin {
        let demo: DemoWorkspace
        let session: DashboardSession
        let open: (DashboardSession) -> any Screen
        var app: App

        init(user: String, open: @escaping (DashboardSession) -> any Screen) throws {
            demo = try DemoWorkspace()
            // Drafted links (Request a partnership) are the same in both.
            demo.seedFreshValues()
            session = try demo.session(signedInAs: user)
            self.open = open
            app = Self.app(session, open)
        }

        func reopen() {
            app = Self.app(session, open)
        }

        private static func app(_ session: DashboardSession, _ open: (DashboardSession) -> any Screen) -> App {
            let app = App(terminal: TestTerminal(size: ActionRowTests.wide), shell: DashboardShell(session: session), root: open(session))
            if app.navigator.top is RootWith { app.handle(.enter) }
            return app
        }

        /// ↓ until the action row has focus (past every row and control of the page).
        func arrowDownToTheActions() {
            for _ in 0..<500 where app.chosenAction == nil { app.handle(.down) }
        }

        /// The frame, with the workspace's own folder written alike for both.
        var frame: String { app.render().text.replacingOccurrences(of: demo.directory.path, with: "WORKSPACE") }
    }

    @Test(arguments: pages)
    func everyActionIsReachedWithArrowsAndEnterAndDoesWhatItsLetterDoes(page: String) throws {
        let arrows = try Twin(user: Self.user(of: page)) { Self.open(page, $0) }
        let letters = try Twin(user: Self.user(of: page)) { Self.open(page, $0) }
        arrows.arrowDownToTheActions()
        let items = ActionRow.items(in: arrows.app.navigator.top.keyHints)
        #expect(!items.isEmpty, "\(page) has actions")
        for item in items {
            arrows.reopen()
            letters.reopen()
            arrows.arrowDownToTheActions()
            #expect(arrows.app.chosenAction != nil, "\(page): ↓ reaches the action row")
            for _ in 0..<items.count where arrows.app.chosenAction != item.key { arrows.app.handle(.right) }
            #expect(arrows.app.chosenAction == item.key, "\(page): → reaches \(item.key.label)")
            arrows.app.handle(.enter)

            // The same place on the page (the last row), then the letter.
            letters.arrowDownToTheActions()
            letters.app.handle(.escape)
            #expect(letters.app.chosenAction == nil)
            let before = letters.frame
            letters.app.handle(item.key)
            #expect(letters.frame != before, "\(page): \(item.key.label) does something")
            #expect(arrows.frame == letters.frame, "\(page): Enter on \(item.key.label) \(item.name) does what \(item.key.label) does")
            #expect(arrows.app.chosenAction == nil, "the row lets go once the action ran")
        }
    }

    @Test func itemsAreTheKeysOnlyTypingSendsThePagesFirst() {
        let hints = ListAction.keymap.hints + FilterBar.keymap.hints + Keymap<Int>("Page", [
            KeyBinding([.character("r")], 1, hint: "request", help: "Request a partnership"),
            KeyBinding([.space], 2, hint: "tick", help: "tick the offer"),
            KeyBinding([(.character("+"), 3), (.character("-"), 4)], label: "+ -", help: "one license more or fewer"),
            KeyBinding([.enter, .character("o")], 5, hint: "open", help: "open"),
        ]).hints
        #expect(ActionRow.items(in: hints).map(\.key) == [.character("r"), .character("+"), .character("-"), .character("/")])
        #expect(ActionRow.items(in: hints).first?.name == "request")
    }

    @Test func aTableLeavesDownAtItsLastRowToThePageAndKeepsItsLabel() {
        var table = TableView<Int>(columns: [TableColumn("A", .flexible(min: 4))], emptyText: "none")
        table.setRows([1, 2])
        #expect(table.keyHints.contains { $0.keys.contains(.down) })
        let moved = table.handle(.down)
        let past = table.handle(.down), pastByJ = table.handle(.character("j"))
        #expect(moved && !past && !pastByJ, "nothing below the last row")
        #expect(!table.keyHints.contains { $0.keys.contains(.down) })
        #expect(table.keyHints.first?.label == "↑↓")
        let up = table.handle(.up)
        #expect(up)
    }

    private func app(_ screen: (DashboardSession) -> any Screen, as user: String = DemoWorkspace.provider,
                     size: TerminalSize = .minimum) throws -> (App, DashboardSession, DemoWorkspace) {
        let demo = try DemoWorkspace()
        let session = try demo.session(signedInAs: user)
        return (App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session), root: screen(session)), session, demo)
    }

    @Test func tabReachesTheRowAndUpOrEscGoBackAndLettersStayShortcuts() throws {
        let (app, _, _) = try app { IndirectResellersScreen(session: $0) }
        app.handle(.tab)
        #expect(app.chosenAction != nil, "Tab, which the page does not use, goes to the actions")
        #expect(app.render().lines().last?.hasPrefix(" Actions") == true)
        app.handle(.up)
        #expect(app.chosenAction == nil)
        app.handle(.tab)
        app.handle(.escape)
        #expect(app.chosenAction == nil && app.navigator.stack.count == 1, "Esc leaves the row, not the page")
        app.handle(.tab)
        app.handle(.character("/"))
        #expect(app.chosenAction == nil)
        #expect(app.navigator.top.inputMode == .text, "a letter in the row is still its shortcut")
    }

    @Test func theRowTellsHelpHowToReachIt() throws {
        let (app, _, _) = try app({ IndirectResellersScreen(session: $0) }, size: Self.wide)
        app.handle(.character("?"))
        #expect(app.render().text.contains("the page's actions (↓ past the last row)"))
        app.handle(.escape)
        app.handle(.tab)
        app.handle(.character("?"))
        let help = app.render().text
        #expect(help.contains("choose one of the page's actions"))
        #expect(help.contains("do the chosen action"))
    }

    @Test func aPageWithoutActionsHasNoRow() throws {
        let (app, _, _) = try app { AccountSettingsScreen(session: $0) }
        app.handle(.tab)
        #expect(app.chosenAction == nil)
    }

    @Test(arguments: [TerminalSize.minimum, ActionRowTests.golden])
    func goldenActionRowOnIndirectResellers(size: TerminalSize) throws {
        let (app, _, _) = try app({ IndirectResellersScreen(session: $0) }, size: size)
        app.handle(.tab)
        app.handle(.right)
        try Golden.check(app.render(), "action-row-resellers-\(size.cols)x\(size.rows)")
    }

    nonisolated static let golden = TerminalSize(rows: 40, cols: 120)

    // MARK: Keys that do nothing say why (issue 13, item 6)

    @Test func requestOnAPartneredResellerSaysWhy() throws {
        let (app, _, _) = try app({ IndirectResellersScreen(session: $0) }, size: Self.wide)
        app.select("Fabrikam")
        app.handle(.character("r"))
        #expect(app.render().lines().last?.contains("Request a partnership: Fabrikam Solutions is already your indirect reseller") == true,
                "\(app.render().lines().last ?? "")")
        #expect(app.navigator.stack.count == 1)
        app.select("Tailspin")
        app.handle(.character("r"))
        #expect(app.render().lines().last?.contains("is already pending; withdraw it first") == true,
                "\(app.render().lines().last ?? "")")
    }

    @Test func keysThatDoNothingOnARowWithoutPartnershipSayWhy() throws {
        let (app, session, _) = try app { IndirectResellersScreen(session: $0) }
        let screen = try #require(app.navigator.top as? IndirectResellersScreen)
        let unpartnered = try #require(ResellerRow.rows(model: session.model, provider: session.account!.id, now: session.now)
            .first { $0.partnership == .none })
        screen.focus(on: unpartnered.id)
        app.handle(.character("x"))
        #expect(app.render().text.contains("End the partnership: \(unpartnered.name) is not in an active partnership"))
        app.handle(.character("w"))
        #expect(app.render().text.contains("No invitation to \(unpartnered.name) is pending"))
    }

    @Test func emptyFiltersAndListsSayWhyTheirKeysDoNothing() throws {
        let (log, _, _) = try app({ ActivityLogScreen(session: $0) }, size: ActionRowTests.golden)
        log.handle(.character("x"))
        #expect(log.render().text.contains("No user, operation or customer filter to clear"))
        let (customers, _, _) = try app({ CustomersScreen(session: $0) }, size: ActionRowTests.golden)
        customers.press(.character("/"))
        customers.type("zzzzzz")
        customers.press(.enter, .character("e"))
        #expect(customers.render().text.contains("Nothing to export: no customer is listed"))
    }

    @Test func aProvidersActionsAwayFromItsListSayWhereToGo() throws {
        let (providers, _, _) = try app({ IndirectProvidersScreen(session: $0) }, as: DemoWorkspace.tom, size: Self.wide)
        #expect(providers.navigator.top.inputMode == .navigation)
        providers.handle(.character("v"))
        #expect(providers.render().lines().last?.contains("View customers: go to your providers' list first (Tab)") == true,
                "\(providers.render().lines().last ?? "")")
        let (signIn, session, _) = try app({ SignInScreen(session: $0) }, size: Self.wide)
        session.signOut()
        signIn.handle(.character("o"))
        #expect(signIn.render().lines().last?.contains("Nobody is signed in") == true)
    }

    @Test func withdrawingAReceivedInvitationSaysWho() throws {
        let (app, session, _) = try app({ InvitationsScreen(session: $0) }, as: DemoWorkspace.reseller, size: ActionRowTests.golden)
        let me = try #require(session.account?.id)
        let received = try #require(session.model.invitations(involving: me).firstIndex { $0.fromAccountId != me })
        app.press(.down, times: received)
        app.handle(.character("w"))
        #expect(app.render().text.contains("You received this invitation"))
    }
}
