import Foundation
import PartnerCore
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// Customers: rule 6 visibility, the reseller and text filters together, records that
/// open in place, focus kept by identity, export, and the pages it opens.
@MainActor
@Suite struct CustomersScreenTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    // MARK: Helpers

    private func account(_ mpnId: String, _ session: DashboardSession) throws -> AccountID {
        try #require(session.model.account(mpnId: mpnId)).id
    }

    private func fabrikam(_ session: DashboardSession) throws -> AccountID { try account("4812345", session) }
    private func contoso(_ session: DashboardSession) throws -> AccountID { try account("4600001", session) }

    private func app(_ session: DashboardSession, root: any Screen, size: TerminalSize = .minimum) -> (App, TestTerminal) {
        let terminal = TestTerminal(size: size)
        return (App(terminal: terminal, shell: DashboardShell(session: session), root: root), terminal)
    }

    /// A customer added the real way: Contoso (as Ana) orders for it through a reseller.
    @discardableResult
    private func addCustomer(_ name: String, prefix: String, reseller: AccountID?, first: String = "Kim", last: String = "Park") throws -> CustomerID {
        let ana = try demo.session(signedInAs: DemoWorkspace.provider)
        let receipt = try ana.execute(.addCustomer(NewCustomer(
            companyName: name, domainPrefix: prefix, firstName: first, lastName: last, email: "it@\(prefix).example",
            phone: "+1 425 555 0101", address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US")),
            reseller: reseller, cart: [CartLine(offerId: "m365-business-basic", quantity: 10)]))
        return try #require(receipt.createdId)
    }

    /// Appends a record renaming a customer, as a journal written before the domain refused
    /// control characters may hold one: events are facts and replay as they are.
    private func renameAsAnOldJournalMay(_ id: CustomerID, to name: String) throws {
        var customer = try #require(demo.workspace.model.customers[id])
        customer.companyProfile.companyName = name
        let store = try #require(demo.workspace.fileStore)
        _ = try store.commit(Transaction(
            date: DemoWorkspace.now, userPrincipalName: DemoWorkspace.provider, accountId: customer.relationships.first?.partnerId,
            events: [.customerUpdated(customer)],
            audit: AuditEntry(operationType: .add_customer, resourceName: name, customerId: id,
                              involvedAccounts: customer.relationships.map(\.partnerId))))
    }

    /// Names that must stay in their columns: an escape sequence and wide characters.
    private func addAwkwardCustomers() throws -> (evil: CustomerID, japanese: CustomerID) {
        let session = try demo.session()
        let reseller = try fabrikam(session)
        let evil = try addCustomer("Evil Red Ltd", prefix: "evilred", reseller: reseller)
        try renameAsAnOldJournalMay(evil, to: "Evil \u{1B}[31mRed\u{1B}[0m Ltd")
        let japanese = try addCustomer("日本システム株式会社", prefix: "nihonsystem", reseller: reseller, first: "花子", last: "佐藤")
        return (evil, japanese)
    }

    private func type(_ text: String, into app: App) {
        for character in text { app.handle(.character(character)) }
    }

    private func name(_ id: CustomerID?, _ session: DashboardSession) -> String? {
        id.flatMap { session.model.customers[$0]?.name }
    }

    /// Whether a pushed screen holds a value anywhere in what it stores (its target,
    /// customer, subscription, or a draft made from them): the pages it opens belong to
    /// other engineers, so the test reads what they were given, not how they keep it.
    private func holds<T: Equatable>(_ expected: T, in value: Any, depth: Int = 4) -> Bool {
        for child in Mirror(reflecting: value).children {
            if let found = child.value as? T, found == expected { return true }
            if depth > 0, holds(expected, in: child.value, depth: depth - 1) { return true }
        }
        return false
    }

    private func typeName(_ screen: any Screen) -> String { String(describing: Swift.type(of: screen)) }

    // MARK: Rule 6

    @Test func aProviderSeesTheCustomersItIsResellerOfRecordFor() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        let me = try contoso(session)
        #expect(CustomerIdSet(screen.listedCustomers) == session.model.customerIds(visibleTo: me))
        #expect(screen.listedCustomers.count == 37)
        // Sorted by name, case and accents aside (the demo's names hold no numbers), the same way every time.
        let names = screen.listedCustomers.compactMap { name($0, session) }.map(CustomerSearchIndex.fold)
        #expect(names.count == 37)
        #expect(zip(names, names.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) })
        #expect(CustomersScreen(session: session).listedCustomers == screen.listedCustomers)
    }

    @Test func aResellerSeesOnlyItsOwnCustomers() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let me = try fabrikam(session)
        let adatum = try account("4733001", session)
        let screen = CustomersScreen(session: session)
        #expect(CustomerIdSet(screen.listedCustomers) == session.model.customerIds(visibleTo: me))
        #expect(screen.listedCustomers.count == 13)
        for id in screen.listedCustomers { #expect(session.model.customers[id]?.isResellerOfRecord(me) == true) }
        let adatumOnly = session.model.customerIds(visibleTo: adatum)
        #expect(!adatumOnly.isEmpty && adatumOnly.isDisjoint(with: screen.listedCustomers))
        // The reseller filter is the provider's; a reseller is not offered it.
        #expect(!screen.keyHints.contains { $0.keys.contains(.character("f")) })
        #expect(screen.handle(key: .character("f")) == nil)
    }

    @Test func viewCustomersListsOnlyTheCustomersBothShare() throws {
        // Fabrikam asks a new customer for a relationship with itself alone (rule 7):
        // the customer is Fabrikam's, but not shared with Contoso.
        let mia = try demo.session(signedInAs: DemoWorkspace.reseller)
        let draft = try demo.workspace.draftInvitation(to: .customer(email: "owner@alpine.example", existing: nil), as: try #require(mia.actor))
        try mia.execute(.sendInvitation(draft, body: draft.body))
        try demo.workspace.execute(.consentToInvitation(draft.id, token: draft.token, customer: .new(NewCustomer(
            companyName: "Alpine Ski House", domainPrefix: "alpineskihouse", firstName: "Eva", lastName: "Berg",
            email: "owner@alpine.example", phone: "+43 512 555 0100", address: PostalAddress(line1: "Maria-Theresien-Straße 1", city: "Innsbruck", postalCode: "6020", country: "AT")))),
            as: .customer(email: "owner@alpine.example"))
        let alpine = try #require(mia.model.customers.values.first { $0.name == "Alpine Ski House" }).id
        let me = try fabrikam(mia), provider = try contoso(mia)

        let all = CustomersScreen(session: mia)
        #expect(all.listedCustomers.contains(alpine))
        let shared = CustomersScreen(session: mia, sharedWith: provider)
        #expect(CustomerIdSet(shared.listedCustomers) == mia.model.sharedCustomerIds(me, provider))
        #expect(!shared.listedCustomers.contains(alpine))
        #expect(shared.listedCustomers.count == all.listedCustomers.count - 1)
        #expect(shared.title == "Customers · shared with Contoso Distribution")
        // The text filter narrows within the shared set, never beyond it.
        let (app, _) = app(mia, root: shared)
        type("/alpineskihouse", into: app)
        #expect(shared.listedCustomers.isEmpty)
        #expect(app.render().text.contains("No customers match."))
    }

    @Test func viewCustomersOnIndirectResellersOpensThemFilteredByThatReseller() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.screen(for: .indirectResellers))
        for key: KeyEvent in [.character("/")] + "Tailspin".map(KeyEvent.character) + [.enter] { app.handle(key) }
        #expect(!app.currentHints.contains { $0.keys.contains(.character("v")) }, "no customers to view without an active partnership")
        app.handle(.character("v"))
        #expect(app.navigator.stack.count == 1)
        for key: KeyEvent in [.escape, .character("/")] + "Fabrikam".map(KeyEvent.character) + [.enter] { app.handle(key) }
        #expect(app.render().text.contains("v View customers"))
        app.handle(.character("v"))
        let customers = try #require(app.navigator.top as? CustomersScreen)
        #expect(customers.resellerFilter == (try fabrikam(session)))
        #expect(customers.title == "Customers · reseller: Fabrikam Solutions")
        #expect(CustomerIdSet(customers.listedCustomers) == session.model.sharedCustomerIds(try contoso(session), try fabrikam(session)))
        #expect(customers.listedCustomers.count == 13)
        app.handle(.escape)
        #expect(app.navigator.top.title == "Indirect resellers")
    }

    @Test func theMenuOffersCustomersToBothKinds() throws {
        for user in [DemoWorkspace.provider, DemoWorkspace.reseller] {
            let shell = DashboardShell(session: try demo.session(signedInAs: user))
            let item = try #require(shell.menu.first { $0.title == "Customers" })
            #expect(shell.screen(for: item) is CustomersScreen)
        }
    }

    @Test func theJumpPaletteOpensCustomersFocusedOnTheCustomer() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.screen(for: .home))
        for key in ":tidewater" { app.handle(.character(key)) }
        app.handle(.enter)
        let customers = try #require(app.navigator.top as? CustomersScreen)
        let tidewater = try #require(session.model.customers.values.first { $0.name == "Tidewater Optics" }).id
        #expect(customers.focusedRow == .customer(tidewater))
        #expect(app.render().text.contains("▸Tidewater Optics"), "scrolled into view, far down the list")
    }

    // MARK: Filters

    @Test func resellerAndTextFiltersCombineNarrowAtEveryKeyAndShowInTheTitle() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        let (app, _) = app(session, root: screen)
        let provider = try contoso(session), reseller = try fabrikam(session)

        app.handle(.character("f"))
        let picker = app.render().text
        #expect(picker.contains("Filter by reseller") && picker.contains("All resellers") && picker.contains("Fabrikam Solutions"))
        #expect(!picker.contains("Tailspin IT"), "only resellers in an active partnership")
        app.handle(.down)
        app.handle(.down)
        app.handle(.enter)
        #expect(screen.resellerFilter == reseller)
        #expect(screen.title == "Customers · reseller: Fabrikam Solutions")
        let byReseller = session.model.sharedCustomerIds(provider, reseller)
        #expect(CustomerIdSet(screen.listedCustomers) == byReseller)

        app.handle(.character("/"))
        var previous = screen.listedCustomers.count
        for (i, character) in "ca".enumerated() {
            app.handle(.character(character))
            let typed = String("ca".prefix(i + 1))
            let expected = session.model.customerList(visibleTo: provider, sharedWith: reseller, matching: typed).map(\.id)
            #expect(Set(screen.listedCustomers) == Set(expected), "after typing \(typed)")
            #expect(screen.listedCustomers.count <= previous)
            previous = screen.listedCustomers.count
        }
        #expect(screen.title == "Customers · reseller: Fabrikam Solutions · \"ca\"")
        #expect(app.render().lines()[1].contains("Customers · reseller: Fabrikam Solutions · \"ca\""))
        #expect(screen.listedCustomers.count < byReseller.count && !screen.listedCustomers.isEmpty)

        // Esc clears the text and keeps the reseller; All clears the reseller.
        app.handle(.escape)
        #expect(screen.query.isEmpty)
        #expect(CustomerIdSet(screen.listedCustomers) == byReseller)
        #expect(app.navigator.stack.count == 1)
        app.handle(.character("f"))
        app.handle(.home)
        app.handle(.enter)
        #expect(screen.resellerFilter == nil && screen.title == "Customers")
        #expect(screen.listedCustomers.count == 37)
    }

    @Test func escInThePickerKeepsTheFilter() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session, reseller: try fabrikam(session))
        let (app, _) = app(session, root: screen)
        app.handle(.character("f"))
        app.handle(.home)
        app.handle(.escape)
        #expect(screen.resellerFilter == (try fabrikam(session)))
        #expect(!app.render().text.contains("All resellers"))
    }

    @Test func theFocusedCustomerSurvivesFiltersRefreshesAndResizes() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        let coho = try #require(session.model.customers.values.first { $0.name == "Coho Winery" }).id
        screen.focus(coho)
        #expect(screen.focusedRow == .customer(coho))
        let (app, terminal) = app(session, root: screen, size: TerminalSize(rows: 40, cols: 120))
        type("/o", into: app)
        #expect(screen.focusedRow == .customer(coho))
        app.handle(.enter)
        app.handle(.character("f"))
        app.handle(.down)
        app.handle(.down)
        app.handle(.enter)
        #expect(screen.focusedRow == .customer(coho), "Coho Winery is Fabrikam's too")
        // A change elsewhere (a new customer sorting before it) moves its row, not the focus.
        try addCustomer("Aaron Outfitters", prefix: "aaronoutfitters", reseller: try fabrikam(session))
        app.tick()
        #expect(screen.listedCustomers.contains { name($0, session) == "Aaron Outfitters" })
        #expect(screen.focusedRow == .customer(coho))
        terminal.enqueue(.resize(.minimum), .resize(TerminalSize(rows: 40, cols: 120)), .resize(.minimum))
        app.run()
        #expect(terminal.frames.suffix(3).allSatisfy { $0.text.contains("▸Coho Winery") })
        #expect(screen.focusedRow == .customer(coho))
        app.handle(.escape)
        #expect(screen.focusedRow == .customer(coho))
    }

    // MARK: Records

    /// Fabrikam's customer with three subscriptions, the first suspended; its second gets
    /// Fabrikam as designated support contact so every column has something.
    private func richCustomer(_ session: DashboardSession) throws -> (CustomerID, [Subscription]) {
        let me = try contoso(session)
        let customer = try #require(session.model.customerIds(visibleTo: me).compactMap { session.model.customers[$0] }
            .filter { c in
                let subs = session.model.subscriptions(of: c.id)
                return subs.count == 3 && subs.first?.status == .suspended && c.associatedPartnerId == (try? fabrikam(session))
            }
            .min { $0.name < $1.name })
        let subscriptions = session.model.subscriptions(of: customer.id)
        try session.execute(.updateSubscription(subscriptions[1].id, SubscriptionChange(supportContact: .some(try fabrikam(session)))))
        return (customer.id, session.model.subscriptions(of: customer.id))
    }

    @Test func aRecordOpensInPlaceWithItsSubscriptionsAndActions() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (customer, subscriptions) = try richCustomer(session)
        let screen = CustomersScreen(session: session)
        screen.focus(customer)
        let (app, _) = app(session, root: screen, size: TerminalSize(rows: 40, cols: 120))
        _ = app.render()
        #expect(app.currentHints.contains { $0.keys.contains(.right) && $0.hint == "expand" })
        #expect(app.currentHints.contains { $0.keys.contains(.left) && $0.hint == "menu" })
        app.handle(.right)
        let text = app.render().text
        #expect(text.contains("Subscription") && text.contains("Partner of record") && text.contains("Support"))
        #expect(text.contains("Suspended") && text.contains("› Add subscription"))
        #expect(screen.focusedRow == .customer(customer), "expanding keeps the customer focused")
        #expect(!app.currentHints.contains { $0.hint == "menu" }, "← collapses here")

        // ↓ skips the column titles and lands on the first subscription.
        app.handle(.down)
        #expect(screen.focusedRow == .subscription(customer, subscriptions[0].id))
        app.handle(.enter)
        #expect(typeName(app.navigator.top) == "SubscriptionDetailScreen")
        #expect(holds(subscriptions[0].id, in: app.navigator.top))
        app.handle(.escape)
        #expect(screen.focusedRow == .subscription(customer, subscriptions[0].id))

        // The last row of the record is its action.
        for _ in 0..<3 { app.handle(.down) }
        #expect(screen.focusedRow == .action(customer, .addSubscription))
        app.handle(.enter)
        #expect(typeName(app.navigator.top) == "NewSubscriptionScreen")
        #expect(holds(customer, in: app.navigator.top))
        app.handle(.escape)

        // ← on a child closes the record and goes back to its customer.
        app.handle(.left)
        #expect(screen.focusedRow == .customer(customer))
        #expect(!app.render().text.contains("› Add subscription"))
        #expect(!app.menuFocused)
        app.handle(.space)
        #expect(app.render().text.contains("› Add subscription"))
        app.handle(.enter)
        #expect(!app.render().text.contains("› Add subscription"), "Enter on an open record closes it")
    }

    @Test func aResellerOfRecordIsRemovedFromTheRecordOnceEverySubscriptionIsSuspended() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (customer, subscriptions) = try richCustomer(session)
        let fabrikam = try fabrikam(session)
        let screen = CustomersScreen(session: session)
        screen.focus(customer)
        let (app, _) = app(session, root: screen, size: TerminalSize(rows: 40, cols: 120))
        app.handle(.right)
        let removeFabrikam = CustomerTreeRow.action(customer, .removeResellerOfRecord(fabrikam, name: "Fabrikam Solutions"))
        #expect(screen.rows.contains(removeFabrikam))
        #expect(app.render().text.contains("› Remove Fabrikam Solutions as reseller of record"))
        #expect(app.render().text.contains("› Remove Contoso Distribution (you) as reseller of record"))
        for _ in 0..<10 where screen.focusedRow != removeFabrikam { app.handle(.down) }
        try #require(screen.focusedRow == removeFabrikam)

        // With a subscription still active the domain refuses (rule 8) and nothing changes.
        app.handle(.enter)
        #expect(app.render().text.contains("Remove reseller of record?"))
        app.handle(.right)
        app.handle(.enter)
        #expect(app.render().statusText.contains("are still active") == true)
        #expect(session.model.customers[customer]?.isResellerOfRecord(fabrikam) == true)

        for sub in subscriptions where sub.status == .active {
            try session.execute(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)))
        }
        app.handle(.enter)
        app.handle(.escape)                   // Esc keeps it
        #expect(session.model.customers[customer]?.isResellerOfRecord(fabrikam) == true)
        app.handle(.enter)
        app.handle(.right)
        app.handle(.enter)
        #expect(session.model.customers[customer]?.isResellerOfRecord(fabrikam) == false)
        #expect(app.render().statusText.contains("Fabrikam Solutions is no longer a reseller of record") == true)
        #expect(!screen.rows.contains(removeFabrikam))
        #expect(session.model.subscriptions(of: customer).allSatisfy { $0.supportContact == nil },
                "Fabrikam is no longer support contact either")
    }

    @Test func aSubscriptionAddedElsewhereAppearsInTheOpenRecord() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (customer, subscriptions) = try richCustomer(session)
        let screen = CustomersScreen(session: session)
        screen.focus(customer)
        let (app, _) = app(session, root: screen, size: TerminalSize(rows: 40, cols: 120))
        app.handle(.right)
        app.handle(.down)
        // What the New subscription page does on Submit.
        try session.execute(.placeOrder(customer: customer, cart: [CartLine(offerId: "m365-business-standard", quantity: 7)]))
        let added = try #require(session.model.subscriptions(of: customer).first { !subscriptions.map(\.id).contains($0.id) })
        app.tick()  // the app tells the page at the next key or idle tick
        let text = app.render().text
        #expect(screen.rows.contains(.subscription(customer, added.id)))
        #expect(text.contains(session.day(added.commitmentEndDate)), "the new subscription's line is on screen")
        #expect(screen.focusedRow == .subscription(customer, subscriptions[0].id))
    }

    @Test func aProviderAddsACustomerFromCustomersWithTheFilteredResellerPreselected() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (all, _) = app(session, root: CustomersScreen(session: session))
        #expect(all.currentHints.contains { $0.keys.contains(.character("n")) && $0.help == "Add new customer" })
        all.handle(.character("n"))
        #expect(all.navigator.top.title == "New customer")
        #expect(all.render().text.contains("None (no reseller)"), "unfiltered: no reseller is preselected")

        let (filtered, _) = app(session, root: CustomersScreen(session: session, reseller: try fabrikam(session)))
        filtered.handle(.character("n"))
        #expect(filtered.navigator.top.title == "New customer")
        let form = filtered.render().text
        #expect(form.contains("Indirect reseller") && form.contains("Fabrikam Solutions"))
        #expect(!form.contains("None (no reseller)"), "filtered by Fabrikam: Fabrikam is preselected (rule 4)")

        // Not for a reseller (it invites customers instead), and not without Admin agent (rule 9).
        let mia = try demo.session(signedInAs: DemoWorkspace.reseller)
        let (reseller, _) = app(mia, root: CustomersScreen(session: mia))
        #expect(!reseller.currentHints.contains { $0.keys.contains(.character("n")) })
        let ben = try demo.session(signedInAs: "ben@contosodistribution.onmicrosoft.com")
        let (sales, _) = app(ben, root: CustomersScreen(session: ben))
        sales.handle(.character("n"))
        #expect(sales.navigator.stack.count == 1)
        #expect(sales.render().statusText.contains("Needs admin agent") == true)
    }

    @Test func anAgentWithoutAdminAgentIsToldBeforeOrdering() throws {
        let session = try demo.session(signedInAs: "ben@contosodistribution.onmicrosoft.com")
        let screen = CustomersScreen(session: session)
        let (app, _) = app(session, root: screen)
        let first = try #require(screen.listedCustomers.first)
        app.handle(.right)
        for _ in session.model.subscriptions(of: first) { app.handle(.down) }
        app.handle(.down)
        #expect(screen.focusedRow == .action(first, .addSubscription))
        app.handle(.enter)
        #expect(app.navigator.stack.count == 1)
        #expect(app.render().statusText.contains("Needs admin agent") == true)
    }

    @Test func aResellerRequestsARelationshipFromARecordOrForANewCustomer() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let screen = CustomersScreen(session: session)
        let (app, _) = app(session, root: screen)
        #expect(app.render().text.contains("R Request a reseller relationship"))
        app.handle(.character("R"))
        let blank = try #require((app.navigator.top as? DraftEmailScreen)?.draft)
        #expect(blank.kind == .resellerRelationship && blank.customerId == nil && blank.to.isEmpty)
        #expect(blank.fromAccountId == (try fabrikam(session)))
        app.handle(.escape)

        let first = try #require(screen.listedCustomers.first)
        let email = try #require(session.model.customers[first]).billingProfile.email
        app.handle(.right)
        for _ in session.model.subscriptions(of: first) { app.handle(.down) }
        app.handle(.down)
        #expect(screen.focusedRow == .action(first, .requestRelationship))
        #expect(!app.render().text.contains("Add subscription"), "a reseller does not order")
        app.handle(.enter)
        let draft = try #require((app.navigator.top as? DraftEmailScreen)?.draft)
        #expect(draft.kind == .resellerRelationship && draft.customerId == first && draft.to == email)
    }

    // MARK: Export

    @Test func exportWritesTheFilteredRowsAsPrivateCSV() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let reseller = try fabrikam(session)
        let quoted = try addCustomer("Smith, \"Quixote\" & Co", prefix: "smithquixote", reseller: reseller)
        try addCustomer("Quixote Bakery", prefix: "quixotebakery", reseller: nil)
        let screen = CustomersScreen(session: session, reseller: reseller)
        let (app, _) = app(session, root: screen)
        type("/quixote", into: app)
        app.handle(.enter)
        #expect(screen.listedCustomers == [quoted], "Quixote Bakery is not Fabrikam's")
        app.handle(.character("e"))
        let message = app.hintLine
        #expect(message.contains("Exported 1 customer to"))

        let folder = demo.directory.appendingPathComponent("exports")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1)
        let file = folder.appendingPathComponent(try #require(files.first))
        #expect(message.contains(file.lastPathComponent))
        let mode = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue }
        #expect(try mode(file.path) == 0o600)
        #expect(try mode(folder.path) == 0o700)

        // Partner Center's Customer columns; the reseller by its MPN ID, never its internal id.
        let csv = try String(contentsOf: file, encoding: .utf8)
        let records = try CSV.read(csv)
        #expect(records.map(\.fields.count) == [CustomerColumn.allCases.count, CustomerColumn.allCases.count])
        let row = Dictionary(uniqueKeysWithValues: zip(records[0].fields, records[1].fields))
        #expect(row["id"] == quoted.description && row["companyProfile.companyName"] == "Smith, \"Quixote\" & Co")
        #expect(row["associatedPartnerId"] == session.model.accounts[reseller]?.mpnId && row["relationshipToPartner"] == "reseller")
        #expect(csv.contains("\"Smith, \"\"Quixote\"\" & Co\""), "RFC 4180 quoting")

        // Without the text filter, every Fabrikam customer; a second export keeps the first.
        app.handle(.escape)
        app.handle(.character("e"))
        let all = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(all.count == 2)
        let second = try String(contentsOf: folder.appendingPathComponent(try #require(all.first { $0 != file.lastPathComponent })), encoding: .utf8)
        #expect(second.components(separatedBy: "\r\n").count - 2 == screen.listedCustomers.count)
        #expect(screen.listedCustomers.count == 14)
    }

    @Test func exportDatesMatchFoundationsISO8601() {
        for seconds in [0.0, 951_782_400, 1_795_000_000.9, -1, 4_102_444_800, 1_709_208_000] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ExportDate.string(date) == date.formatted(.iso8601), "\(seconds)")
            #expect(ExportDate.date(ExportDate.string(date)) == Date(timeIntervalSince1970: seconds.rounded(.down)), "\(seconds)")
        }
    }

    /// The picker's resellers are sorted when a provider's page opens (here at once rather
    /// than on a thread), not again at `f`, nor after a change that leaves the resellers as
    /// they were; a list that differs (a reseller renamed) is sorted again.
    @Test func theResellersAreSortedOncePerListNotOncePerChange() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        session.resellerChoices = ResellerChoicesCache(start: { work in work() })
        let screen = CustomersScreen(session: session)
        let cache = session.resellerChoices
        #expect(cache.sorts == 1, "made when the page opened")
        let (app, _) = app(session, root: screen)
        app.handle(.character("f"))
        #expect(app.render().text.contains("Fabrikam Solutions"))
        app.handle(.escape)
        #expect(cache.sorts == 1)

        // A licence change: the model changed, the resellers did not.
        let me = try contoso(session)
        let subscription = try #require(session.model.subscriptions.values.first { $0.status == .active })
        try session.execute(.updateSubscription(subscription.id, SubscriptionChange(status: .suspended)))
        _ = app.render()
        app.handle(.character("f"))
        #expect(app.render().text.contains("Fabrikam Solutions"))
        #expect(cache.sorts == 1, "the same resellers are not sorted again")

        var resellers = session.model.partneredResellersUnsorted(of: me)
        #expect(cache.choices(listing: resellers.reversed()).resellers.map(\.id) == session.model.partneredResellers(of: me).map(\.id))
        #expect(cache.sorts == 1, "in any order, the same list")
        let before = cache.choices(listing: resellers).resellers.map(\.id)
        // The last by name becomes the first (the list's own order is a set's, any).
        let last = try #require(resellers.indices.first { resellers[$0].id == before.last })
        try #require(before.count >= 2)
        resellers[last].legalName = "Aaa First Reseller"
        let renamed = cache.choices(listing: resellers).resellers
        #expect(cache.sorts == 2)
        #expect(renamed.map(\.id) == PartnerAccount.byName(resellers).map(\.id))
        #expect(renamed.first?.legalName == "Aaa First Reseller" && renamed.map(\.id) != before)
    }

    // MARK: Keys

    @Test func customersScreensHandleExactlyTheKeysTheyList() throws {
        let workspace = demo
        func provider() -> CustomersScreen {
            CustomersScreen(session: try! workspace.session(signedInAs: DemoWorkspace.provider))
        }
        KeymapTests.checkHintsMatchHandling { provider() }
        KeymapTests.checkHintsMatchHandling {
            CustomersScreen(session: try! workspace.session(signedInAs: DemoWorkspace.reseller))
        }
        KeymapTests.checkHintsMatchHandling {
            let screen = provider()
            _ = screen.handle(key: .character("/"))
            return screen
        }
        KeymapTests.checkHintsMatchHandling {
            let screen = provider()
            _ = screen.handle(key: .character("f"))
            return screen
        }
        // An open record: on the customer, on a subscription, on the action.
        for downs in 0..<3 {
            KeymapTests.checkHintsMatchHandling {
                let screen = provider()
                _ = screen.handle(key: .right)
                for _ in 0..<downs { _ = screen.handle(key: .down) }
                return screen
            }
        }
        KeymapTests.checkHintsMatchHandling {
            let screen = provider()
            for key in "/zzzz" { _ = screen.handle(key: .character(key)) }
            _ = screen.handle(key: .enter)
            return screen
        }
    }

    // MARK: Golden screens

    private func golden(_ root: @autoclosure () throws -> CustomersScreen, _ name: String, session: DashboardSession,
                        keys: [KeyEvent] = []) throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let (app, _) = app(session, root: try root(), size: size)
            for key in keys { app.handle(key) }
            try Golden.check(app.render(), "\(name)-\(size.cols)x\(size.rows)")
        }
    }

    @Test func goldenProviderAll() throws {
        _ = try addAwkwardCustomers()
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        try golden(CustomersScreen(session: session), "customers-provider", session: session)
    }

    @Test func goldenProviderFilteredByFabrikam() throws {
        let awkward = try addAwkwardCustomers()
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        try golden(CustomersScreen(session: session), "customers-fabrikam", session: session,
                   keys: [.character("f"), .down, .down, .enter, .end])
        // The awkward names are drawn escaped and in their columns.
        let (app, _) = app(session, root: CustomersScreen(session: session, reseller: try fabrikam(session)))
        let lines = app.render().lines()
        let evil = try #require(lines.first { $0.contains("Evil") })
        #expect(evil.contains("\\x1b[31mRed"))
        let japanese = try #require(lines.first { $0.contains("日本") })
        let screen = app.render()
        let evilRow = try #require(lines.firstIndex(of: evil)), japaneseRow = try #require(lines.firstIndex(of: japanese))
        #expect(screen.column(of: "Fabrikam", inRow: evilRow) == screen.column(of: "Fabrikam", inRow: japaneseRow))
        _ = awkward
    }

    @Test func goldenResellerView() throws {
        _ = try addAwkwardCustomers()
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        try golden(CustomersScreen(session: session), "customers-mia", session: session)
    }

    @Test func goldenExpandedRecord() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (customer, _) = try richCustomer(session)
        try golden({
            let screen = CustomersScreen(session: session)
            screen.focus(customer)
            return screen
        }(), "customers-expanded", session: session, keys: [.right, .down])
    }

    @Test func goldenPickerAndCombinedFilters() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (app, _) = app(session, root: CustomersScreen(session: session))
        app.handle(.character("f"))
        app.handle(.down)
        app.handle(.down)
        try Golden.check(app.render(), "customers-picker-80x24")
        app.handle(.enter)
        type("/caf", into: app)
        try Golden.check(app.render(), "customers-filtered-80x24")
    }
}
