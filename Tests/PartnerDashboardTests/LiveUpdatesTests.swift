import Foundation
import PartnerCore
@testable import PartnerDashboard
import PartnerWorkspace
@testable import TerminalKit
import Testing

/// Changes other processes make reach an open dashboard at its next idle tick, through
/// the one model-changed path, without moving the user: the filter, the focused row, the
/// expanded records and a half-typed form stay as they were.
///
/// "Another process" is a second open of the same workspace directory: its own
/// descriptors, open mark and write lock, exactly what a second program holds.
@MainActor
@Suite struct LiveUpdatesTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func otherProcess() throws -> Workspace {
        let other = try Workspace.open(at: demo.directory, catalog: demo.workspace.catalog)
        other.now = { DemoWorkspace.now }
        return other
    }

    private func ana(in workspace: Workspace) throws -> Actor {
        .user(try #require(workspace.model.user(principal: DemoWorkspace.provider)).id)
    }

    private func newCustomer(_ name: String, prefix: String) -> NewCustomer {
        NewCustomer(companyName: name, domainPrefix: prefix, firstName: "Kim", lastName: "Park", email: "it@\(prefix).example",
                    phone: "+1 425 555 0101",
                    address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US"))
    }

    private func type(_ text: String, into app: App) {
        for character in text { app.handle(.character(character)) }
    }

    @Test func aCustomerAddedByAnotherProcessAppearsAndTheUsersPlaceStays() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
                      root: screen)
        let coho = try #require(session.model.customers.values.first { $0.name == "Coho Winery" }).id
        type("/o", into: app)
        app.handle(.enter)
        screen.focus(coho)
        app.handle(.right)  // Coho's record opens in place
        let rowsBefore = screen.rows.count

        let other = try otherProcess()
        try other.execute(.addCustomer(newCustomer("Aaron Outfitters", prefix: "aaronoutfitters"), reseller: nil,
                                       cart: [CartLine(offerId: "m365-business-basic", quantity: 10)]), as: ana(in: other))
        #expect(!screen.listedCustomers.contains { session.model.customers[$0]?.name == "Aaron Outfitters" },
                "nothing is read before the tick")

        app.tick()
        #expect(session.model.lastSequence == other.model.lastSequence)
        #expect(screen.listedCustomers.contains { session.model.customers[$0]?.name == "Aaron Outfitters" })
        #expect(app.render().text.contains("Aaron Outfitters"))
        #expect(screen.query == "o", "the filter stays")
        #expect(screen.focusedRow == .customer(coho), "the focused customer stays")
        #expect(screen.rows.count == rowsBefore + 1, "Coho's record stays open; one row more")
    }

    @Test func aHalfTypedFormKeepsItsTextWhileTheModelChangesUnderIt() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let customers = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
                      root: customers)
        app.handle(.character("n"))
        #expect(app.navigator.top.title == "New customer")
        type("Half Typed Mar", into: app)
        #expect(app.render().text.contains("Half Typed Mar"))

        let other = try otherProcess()
        try other.execute(.addCustomer(newCustomer("Zephyr Ski", prefix: "zephyrski"), reseller: nil,
                                       cart: [CartLine(offerId: "m365-business-basic", quantity: 10)]), as: ana(in: other))
        app.tick()
        #expect(app.navigator.top.title == "New customer")
        #expect(app.render().text.contains("Half Typed Mar"), "what was typed stays")
        #expect(customers.listedCustomers.contains { session.model.customers[$0]?.name == "Zephyr Ski" },
                "the page under the form has it already")

        // The rule is checked against the latest state: the domain the other process took is refused here.
        #expect(throws: DomainError.self) {
            try session.execute(.addCustomer(newCustomer("Zephyr Again", prefix: "zephyrski"), reseller: nil,
                                             cart: [CartLine(offerId: "m365-business-basic", quantity: 1)]))
        }
    }

    @Test func theShellsIdleWorkReadsOthersChanges() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let other = try otherProcess()
        try other.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana.park", roles: [.salesAgent]),
                          as: ana(in: other))
        #expect(session.model.lastSequence < other.model.lastSequence)
        _ = shell.idle()
        #expect(session.model.lastSequence == other.model.lastSequence)
        #expect(session.takeModelChange())
        #expect(session.durability == .saved)
    }

    // MARK: A page whose record changed or vanished says so

    /// An active subscription of a customer Contoso shares with Fabrikam.
    private func sharedSubscription(_ session: DashboardSession) throws -> (Subscription, fabrikam: AccountID) {
        let provider = try #require(session.model.accounts.values.first { $0.legalName == "Contoso Distribution" })
        let fabrikam = try #require(session.model.accounts.values.first { $0.legalName == "Fabrikam Solutions" })
        let sub = try #require(session.model.customerList(visibleTo: provider.id, sharedWith: fabrikam.id)
            .flatMap { session.model.subscriptions(of: $0.id) }
            .first { $0.status == .active && $0.partnerId == fabrikam.mpnId })
        return (sub, fabrikam.id)
    }

    private func detail(_ session: DashboardSession, _ id: SubscriptionID) -> App {
        App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
            root: SubscriptionDetailScreen(session: session, subscription: id))
    }

    @Test func subscriptionDetailShowsAChangeMadeElsewhereAndSaysSo() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (sub, _) = try sharedSubscription(session)
        let app = detail(session, sub.id)
        let other = try otherProcess()
        try other.execute(.updateSubscription(sub.id, SubscriptionChange(quantity: sub.quantity + 3)), as: ana(in: other))
        app.tick()
        let text = app.render().text
        #expect(text.contains("Changed elsewhere: licenses \(sub.quantity) → \(sub.quantity + 3). Shown as it is now."), "\(text)")
        let screen = try #require(app.navigator.top as? SubscriptionDetailScreen)
        #expect(screen.form?.text(.quantity) == String(sub.quantity + 3))
    }

    @Test func editsInProgressAreKeptAndSubmitSendsOnlyThem() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (sub, _) = try sharedSubscription(session)
        let app = detail(session, sub.id)
        app.handle(.ctrl("u"))  // the friendly name has focus
        type("Renamed Here", into: app)
        let other = try otherProcess()
        try other.execute(.updateSubscription(sub.id, SubscriptionChange(quantity: sub.quantity + 3)), as: ana(in: other))
        app.tick()
        let text = app.render().text
        #expect(text.contains("Changed elsewhere since you opened it: licenses \(sub.quantity) → \(sub.quantity + 3)"), "\(text)")
        #expect(text.contains("Your edits are kept"))
        #expect(text.contains("Renamed Here"))
        for _ in 0..<6 { app.handle(.tab) }
        app.handle(.enter)
        let saved = try #require(session.model.subscriptions[sub.id])
        #expect(saved.friendlyName == "Renamed Here")
        #expect(saved.quantity == sub.quantity + 3, "the other change is not undone by the edit")
    }

    @Test func aSubscriptionThatIsNoLongerVisibleSaysSo() throws {
        let reseller = try demo.session(signedInAs: DemoWorkspace.reseller)
        let (sub, fabrikam) = try sharedSubscription(try demo.session(signedInAs: DemoWorkspace.provider))
        let app = detail(reseller, sub.id)
        #expect(app.render().text.contains(sub.friendlyName))
        let other = try otherProcess()
        let ana = try ana(in: other)
        for live in other.model.subscriptions(of: sub.customerId) where live.status == .active {
            try other.execute(.updateSubscription(live.id, SubscriptionChange(status: .suspended)), as: ana)
        }
        try other.execute(.removeResellerRelationship(customer: sub.customerId, partner: fabrikam), as: ana)
        app.tick()
        let text = app.render().text
        #expect(text.contains("Changed elsewhere: this subscription is no longer among your customers'"), "\(text)")
        #expect(app.navigator.top.keyHints.isEmpty, "nothing left to change")
    }

    // MARK: Account settings pages

    private func profile(_ session: DashboardSession) -> App {
        App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
            root: ProfileScreen(session: session))
    }

    private func changeSupport(in other: Workspace, phone: String) throws {
        let account = try #require(other.model.user(principal: DemoWorkspace.provider)?.accountId)
        let support = try #require(other.model.accounts[account]?.supportContact)
        try other.execute(.updateAccountProfile(AccountProfileChange(
            supportContact: SupportInfo(email: support.email, phone: phone, url: support.url))), as: ana(in: other))
    }

    @Test func theProfileShowsAChangeMadeElsewhereAndSaysSo() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = profile(session)
        try changeSupport(in: try otherProcess(), phone: "+1 425 555 0142")
        app.tick()
        let text = app.render().text
        #expect(text.contains("Changed elsewhere: support phone. Shown as it is now."), "\(text)")
        #expect(text.contains("+1 425 555 0142"))
    }

    @Test func profileEditsAreKeptAndSaveDoesNotUndoTheOtherChange() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = profile(session)
        app.handle(.ctrl("u"))  // the legal name has focus
        type("Contoso Distribution Ltd", into: app)
        try changeSupport(in: try otherProcess(), phone: "+1 425 555 0142")
        app.tick()
        let text = app.render().text
        #expect(text.contains("Changed elsewhere since you opened it: support phone. Your edits are kept"), "\(text)")
        #expect(text.contains("Contoso Distribution Ltd"))
        for _ in AccountProfileField.allCases { app.handle(.tab) }
        app.handle(.enter)
        let account = try #require(session.account)
        #expect(account.legalName == "Contoso Distribution Ltd")
        #expect(account.supportContact.phone == "+1 425 555 0142", "the other change is not undone by the old value shown")
    }

    private func roles(_ session: DashboardSession, of user: UserID) -> App {
        App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
            root: UserRolesScreen(session: session, user: user))
    }

    @Test func userRolesShowAChangeMadeElsewhere() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let ben = try #require(session.model.user(principal: DemoWorkspace.ben)).id
        let app = roles(session, of: ben)
        let other = try otherProcess()
        try other.execute(.setUserRoles(user: ben, roles: [.salesAgent, .helpdeskAgent]), as: ana(in: other))
        app.tick()
        #expect(app.render().text.contains("Changed elsewhere: roles now"))
        let screen = try #require(app.navigator.top as? UserRolesScreen)
        #expect(screen.hasUnsavedChanges == false, "the checkboxes show the roles as they are now")
    }

    @Test func userRoleChoicesInProgressAreKept() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let ben = try #require(session.model.user(principal: DemoWorkspace.ben)).id
        let app = roles(session, of: ben)
        app.handle(.character(" "))  // ticks Admin agent
        let other = try otherProcess()
        try other.execute(.setUserRoles(user: ben, roles: [.salesAgent, .helpdeskAgent]), as: ana(in: other))
        app.tick()
        let screen = try #require(app.navigator.top as? UserRolesScreen)
        let notice = try #require(screen.notice?.text)
        #expect(notice.hasPrefix("Changed elsewhere since you opened it: roles now Sales agent, Helpdesk agent."), "\(notice)")
        #expect(notice.contains("Your choices are kept"))
        #expect(screen.hasUnsavedChanges, "the ticked Admin agent stays ticked")
    }
}
