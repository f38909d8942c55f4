import Foundation
import PartnerCore
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// New customer → New subscription → Review → Confirmation, and Add
/// subscription for an existing customer, driven by keys over the demo world.
@MainActor
@Suite struct NewCustomerWizardTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    static let company = "Northwind Traders"
    static let prefix = "northwindtraders"
    static var domain: String { prefix + ".onmicrosoft.com" }
    /// Company name through postal code, in form order; country, culture and
    /// language keep what the form suggests.
    static let typed = [company, prefix, "Jane", "Doe", "jane@northwind.example", "+1 425 555 0142",
                        "1 Main Street", "", "Seattle", "WA", "98101"]

    // MARK: Driving

    private func resellersApp(as user: String = DemoWorkspace.provider, size: TerminalSize = .minimum) throws -> (App, DashboardSession) {
        let session = try demo.session(signedInAs: user)
        let shell = DashboardShell(session: session)
        return (App(terminal: TestTerminal(size: size), shell: shell, root: shell.screen(for: .indirectResellers)), session)
    }

    private func type(_ text: String, in app: App) {
        for c in text { app.handle(.character(c)) }
    }

    private func press(_ keys: KeyEvent..., in app: App) {
        for key in keys { app.handle(key) }
    }

    private func select(_ name: String, in app: App) {
        press(.escape, .character("/"), in: app)
        type(name, in: app)
        press(.enter, in: app)
    }

    private func fabrikam(_ session: DashboardSession) throws -> PartnerAccount {
        try #require(session.model.accounts.values.first { $0.legalName == "Fabrikam Solutions" })
    }

    /// Indirect resellers → Fabrikam → n → the customer's details → Next.
    private func fillCustomer(in app: App) {
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        for value in Self.typed {
            type(value, in: app)
            app.handle(.tab)
        }
        // Country, culture, language, reseller: as suggested. Then Next: Subscriptions.
        press(.tab, .tab, .tab, .tab, .enter, in: app)
    }

    /// Ticks Microsoft 365 Business Basic with 10 licenses and Microsoft 365 E3 with 25.
    private func pickTwoOffers(in app: App) {
        press(.space, in: app)
        type("10", in: app)
        press(.down, .down, .down, in: app)
        type("25", in: app)
    }

    /// From the offer list: Tab to the partner of record, Tab to Next, press it.
    private func nextFromOffers(in app: App) {
        press(.tab, .tab, .enter, in: app)
    }

    private func text(_ app: App) -> String { app.render().text }

    // MARK: The whole workflow

    @Test func theWholeWizardAddsTheCustomerItsOrderAndSubscriptions() throws {
        let (app, session) = try resellersApp()
        let provider = try #require(session.account)
        let reseller = try fabrikam(session)
        let sharedBefore = session.model.sharedCustomerIds(provider.id, reseller.id).count
        fillCustomer(in: app)
        #expect(app.navigator.top.title == "New subscription")
        pickTwoOffers(in: app)
        nextFromOffers(in: app)
        #expect(app.navigator.top.title == "Review")
        let review = text(app)
        #expect(review.contains(Self.domain))
        #expect(review.contains("Resellers of record Contoso Distribution, Fabrikam"))
        app.handle(.enter)

        // The model: the customer, both resellers of record, one order, two subscriptions.
        let customer = try #require(session.model.customers.values.first { $0.companyProfile.domain == Self.domain })
        #expect(customer.name == Self.company)
        #expect(Set(customer.relationships.map(\.partnerId)) == [provider.id, reseller.id])
        #expect(customer.associatedPartnerId == reseller.id)
        #expect(customer.billingProfile.email == "jane@northwind.example")
        #expect(customer.billingProfile.defaultAddress.country == "US")
        let orders = session.model.orders.values.filter { $0.customerId == customer.id }
        #expect(orders.count == 1)
        #expect(orders.first?.lineItems.map(\.quantity) == [10, 25])
        let subscriptions = session.model.subscriptions(of: customer.id)
        #expect(Set(subscriptions.map(\.offerId)) == ["m365-business-basic", "m365-e3"])
        #expect(subscriptions.allSatisfy { $0.partnerId == reseller.mpnId })
        #expect(session.model.sharedCustomerIds(provider.id, reseller.id).count == sharedBefore + 1)

        // Confirmation: the admin user and a 16-character temporary password.
        #expect(app.navigator.top.title == "Confirmation")
        let screen = app.render()
        #expect(screen.text.contains("admin@\(Self.domain)"))
        #expect(screen.text.contains("will not be shown"))
        let password = try #require(Self.password(on: screen))
        #expect(password.count == 16)
        #expect(!Self.filesContain(password, under: demo.directory), "rule 5: the password is never written")

        // c copies both; Done lands on Customers, filtered by the reseller, the new customer focused.
        app.handle(.character("c"))
        let terminal = try #require(app.terminal as? TestTerminal)
        #expect(terminal.clipboard.last?.contains(password) == true)
        #expect(terminal.clipboard.last?.contains("admin@\(Self.domain)") == true)
        app.handle(.enter)
        #expect(app.navigator.stack.count == 1, "the wizard is over: Customers is the page now")
        #expect(app.navigator.top.title == "Customers · reseller: Fabrikam Solutions")
        #expect((app.navigator.top as? CustomersScreen)?.focusedRow == .customer(customer.id))
        let back = app.render()
        #expect(back.statusText.contains("Added Northwind Traders with 2 subscription(s)") == true)
        #expect(back.lines().contains { $0.contains("▸Northwind Traders") }, "the new customer's row has focus")
        #expect(back.lines().contains { $0.contains("▸ Customers") }, "the menu marks Customers")
        #expect(!back.text.contains(password))
    }

    /// Arrows and Enter alone (and typed values) reach Confirmation: Enter goes on from each
    /// field, Enter ticks an offer, and ↓ past the last offer reaches the partner of record
    /// and then Next.
    @Test func arrowsAndEnterAloneReachConfirmation() throws {
        let (app, _) = try resellersApp()
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        for value in Self.typed {
            type(value, in: app)
            app.handle(.enter)
        }
        press(.enter, .enter, .enter, .enter, .enter, in: app)   // country, culture, language, reseller; Next
        #expect(app.navigator.top.title == "New subscription")
        app.handle(.enter)                                       // ticks Microsoft 365 Business Basic
        type("10", in: app)
        func onAButton() -> Bool { app.currentHints.contains { $0.help.contains("press the button") } }
        for _ in 0..<40 where !onAButton() { app.handle(.down) }
        #expect(onAButton(), "↓ reaches the buttons")
        app.handle(.enter)                                       // Next: Review, the first
        #expect(app.navigator.top.title == "Review")
        app.handle(.enter)
        #expect(app.navigator.top.title == "Confirmation")
    }

    static func password(on grid: CellGrid) -> String? {
        guard let line = grid.lines().first(where: { $0.contains("Temporary password") }),
              let label = line.range(of: "Temporary password") else { return nil }
        return line[label.upperBound...].split(separator: " ").first.map(String.init)
    }

    static func filesContain(_ secret: String, under directory: URL) -> Bool {
        guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return false }
        for case let url as URL in files {
            if let data = try? Data(contentsOf: url), String(decoding: data, as: UTF8.self).contains(secret) { return true }
        }
        return false
    }

    @Test func nIsOfferedOnlyForAnActivePartnership() throws {
        let (app, _) = try resellersApp()
        select("Tailspin", in: app)
        #expect(!app.currentHints.contains { $0.keys.contains(.character("n")) })
        app.handle(.character("n"))
        #expect(app.navigator.top.title == "Indirect resellers")
        select("Fabrikam", in: app)
        #expect(app.currentHints.contains { $0.keys.contains(.character("n")) })
        #expect(text(app).contains("n Add new customer"))
        app.handle(.character("n"))
        #expect(app.navigator.top.title == "New customer")
        #expect(text(app).contains("‹ Fabrikam Solutions ›"), "the reseller is preselected")
    }

    @Test func goingBackAndForthKeepsWhatWasTyped() throws {
        let (app, _) = try resellersApp()
        fillCustomer(in: app)
        pickTwoOffers(in: app)
        // Tab: partner of record, Next, Back.
        press(.tab, .tab, .tab, .enter, in: app)
        #expect(app.navigator.top.title == "New customer")
        let form = try #require(app.navigator.top as? NewCustomerScreen).wizard.details
        for (field, value) in zip(CustomerField.allCases, Self.typed) { #expect(form.value(field) == value, "\(field) was lost") }
        #expect(text(app).contains("Northwind Traders"))
        app.handle(.enter)
        #expect(app.navigator.top.title == "New subscription")
        let offers = text(app)
        #expect(offers.contains("2 ticked"))
        let basic = try #require(app.render().lines().first { $0.contains("M365 Basic") })
        #expect(basic.contains("[x]") && basic.contains("10"))
        nextFromOffers(in: app)
        #expect(app.navigator.top.title == "Review")
        // Review › Back, then on to Review again: the same order.
        press(.tab, .enter, in: app)
        #expect(app.navigator.top.title == "New subscription")
        #expect(text(app).contains("2 ticked"))
        nextFromOffers(in: app)
        #expect(text(app).contains("Microsoft 365 E3"))
    }

    @Test func aResizeKeepsAHalfFilledFormAndTheTicks() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let terminal = TestTerminal(size: .minimum)
        let app = App(terminal: terminal, shell: shell, root: shell.screen(for: .indirectResellers))
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        type("Northwind", in: app)
        terminal.enqueue(.resize(TerminalSize(rows: 40, cols: 120)), .resize(TerminalSize(rows: 23, cols: 79)), .resize(.minimum))
        terminal.type(" Traders")
        app.run()
        let form = try #require(app.navigator.top as? NewCustomerScreen).wizard.details
        #expect(form.value(.companyName) == Self.company)
        #expect(terminal.lastFrame?.text.contains("Northwind Traders") == true)
    }

    @Test func cancelOnReviewCreatesNothingAndSaysSo() throws {
        let (app, session) = try resellersApp()
        let before = session.model
        fillCustomer(in: app)
        pickTwoOffers(in: app)
        nextFromOffers(in: app)
        press(.tab, .tab, .enter, in: app)
        #expect(text(app).contains("Cancel the new customer?"))
        press(.escape, in: app)
        #expect(app.navigator.top.title == "Review", "Esc keeps editing")
        press(.enter, .right, .enter, in: app)
        #expect(app.navigator.top.title == "Indirect resellers")
        #expect(app.render().statusText.contains("Cancelled: nothing was created") == true)
        #expect(session.model == before)
    }

    /// Issue 7: Esc on Review asks "Cancel the new customer?"; h, Down and Enter used to
    /// reach the menu under the question and open "Discard changes?" over it. The app owns
    /// the one dialog: while it is open only its keys work, and the bar lists only those.
    @Test func whileReviewAsksOnlyTheDialogsKeysWork() throws {
        let (app, session) = try resellersApp()
        let before = session.model
        fillCustomer(in: app)
        pickTwoOffers(in: app)
        nextFromOffers(in: app)
        #expect(app.navigator.top.title == "Review")
        press(.escape, in: app)
        #expect(app.dialogTitle == "Cancel the new customer?")
        var frames: [String] = []
        for key in [KeyEvent.character("h"), .down] {
            let bar = app.render().statusText
            #expect(bar.trimmingCharacters(in: .whitespaces) == "Enter press  ←→ choose  Esc cancel", "only the dialog's keys")
            #expect(Set(app.currentHints.flatMap(\.keys)) == [.enter, .space, .left, .right, .tab, .backTab, .escape])
            press(key, in: app)
            #expect(!app.menuFocused, "the menu stays out of reach")
            #expect(app.dialogTitle == "Cancel the new customer?")
            frames.append(app.render().text)
        }
        // Enter answers the focused button, "Keep editing": the one dialog closes.
        press(.enter, in: app)
        frames.append(app.render().text)
        #expect(!app.isAskingToConfirm)
        #expect(app.navigator.top.title == "Review")
        #expect(!frames.contains { $0.contains("Discard changes?") }, "never a second dialog")
        #expect(frames.dropLast().allSatisfy { $0.components(separatedBy: "Cancel the new customer?").count == 2 })
        #expect(session.model == before)
        // And the bar is the page's again.
        #expect(app.render().statusText.contains("menu") == true)
    }

    @Test func escOnAnUntouchedFormLeavesAtOnceAndOnATypedOneAsks() throws {
        let (app, _) = try resellersApp()
        select("Fabrikam", in: app)
        press(.character("n"), .escape, in: app)
        #expect(app.navigator.top.title == "Indirect resellers")
        press(.character("n"), in: app)
        type("Acme", in: app)
        press(.escape, in: app)
        #expect(text(app).contains("Cancel the new customer?"))
        press(.right, .enter, in: app)
        #expect(app.navigator.top.title == "Indirect resellers")
    }

    /// The form has no rule of its own: an address list typed as the email is refused as it
    /// is left, in PartnerCore's words (`CustomerField.email`), as `decide` would refuse it.
    @Test func anAddressListIsRefusedBesideEmailByTheDomainsRule() throws {
        let (app, _) = try resellersApp()
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        press(.tab, .tab, .tab, .tab, in: app)
        type("x,victim@attacker.example", in: app)
        app.handle(.tab)
        let form = try #require(app.navigator.top as? NewCustomerScreen).wizard.details.form
        #expect(form.control(.customer(.email))?.message == CustomerField.email.problem("x,victim@attacker.example"))
        #expect(text(app).contains("! must be one email address,"))
    }

    @Test func fieldsAreCheckedAsTheyAreLeft() throws {
        let (app, session) = try resellersApp()
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        app.handle(.tab)
        #expect(!text(app).contains("is required"), "tabbing past an untouched field says nothing yet")
        // A domain already taken, and a bad email.
        let taken = try #require(session.model.customers.values.first).companyProfile.domain
        type(String(taken.prefix { $0 != "." }), in: app)
        press(.tab, .tab, .tab, in: app)
        type("jane-at-example", in: app)
        app.handle(.tab)
        let form = try #require(app.navigator.top as? NewCustomerScreen).wizard.details.form
        #expect(form.control(.customer(.domainPrefix))?.message == "\(taken) is already taken")
        #expect(form.control(.customer(.email))?.message == Validate.email("jane-at-example"))
        #expect(text(app).contains("! must be an email address"))
        // Next checks every field and stays.
        for _ in 0..<10 { app.handle(.tab) }
        app.handle(.enter)
        #expect(app.navigator.top.title == "New customer")
        #expect(text(app).contains("is required"))
    }

    /// Issue 10: at 80 columns the three Business plans read "Microsoft 365 Business B…/S…/P…";
    /// the catalog's short names tell them apart, and a wide page keeps the full names.
    @Test func theBusinessPlansCanBeToldApartAt80Columns() throws {
        for (size, names) in [(TerminalSize.minimum, ["M365 Basic", "M365 Standard", "M365 Premium"]),
                              (TerminalSize(rows: 40, cols: 120),
                               ["Microsoft 365 Business Basic", "Microsoft 365 Business Standard", "Microsoft 365 Business Premium"])] {
            let (app, _) = try resellersApp(size: size)
            fillCustomer(in: app)
            let lines = app.render().lines()
            for name in names { #expect(lines.contains { $0.contains("]  " + name + " ") }, "\(name) at \(size.cols)") }
            #expect(!lines.contains { $0.contains("Business B…") })
        }
    }

    @Test func aQuantityOutsideTheRangeBlocksNext() throws {
        let (app, session) = try resellersApp()
        let before = session.model
        fillCustomer(in: app)
        type("400", in: app)
        let row = try #require(app.render().lines().first { $0.contains("M365 Basic") })
        #expect(row.contains("400") && row.contains("! 1–300"))
        nextFromOffers(in: app)
        #expect(app.navigator.top.title == "New subscription")
        #expect(text(app).contains("400 is outside"), "rule 8 in the domain's words")
        // Back in range, Next works.
        press(.backspace, .backspace, in: app)
        nextFromOffers(in: app)
        #expect(app.navigator.top.title == "Review")
        #expect(session.model == before)
    }

    @Test func aLongOrderScrollsAndOnlyThenOffersScrollKeys() throws {
        let (app, _) = try resellersApp()
        fillCustomer(in: app)
        pickTwoOffers(in: app)
        nextFromOffers(in: app)
        _ = app.render()
        #expect(!app.currentHints.contains { $0.keys.contains(.down) }, "two lines fit at 80×24")
        press(.tab, .enter, in: app)
        for _ in 0..<4 { press(.down, .space, in: app) }
        nextFromOffers(in: app)
        let first = app.render()
        #expect(first.text.contains("↓ more"))
        #expect(app.currentHints.contains { $0.keys.contains(.down) })
        press(.pageDown, in: app)
        let scrolled = app.render()
        #expect(!scrolled.text.contains("↓ more"))
        #expect(scrolled.text.contains("Billed annually"))
        #expect(scrolled.text.contains("[ Submit ]"), "the buttons stay on screen")
    }

    @Test func nextNeedsAnOffer() throws {
        let (app, _) = try resellersApp()
        fillCustomer(in: app)
        nextFromOffers(in: app)
        #expect(app.navigator.top.title == "New subscription")
        #expect(app.render().statusText.contains("Tick at least one offer") == true)
    }

    @Test func searchNarrowsTheCatalogAndKeepsTicks() throws {
        let (app, _) = try resellersApp()
        fillCustomer(in: app)
        app.handle(.character("/"))
        type("visio", in: app)
        var screen = text(app)
        #expect(screen.contains("Visio Plan 2"))
        #expect(!screen.contains("Microsoft 365 E3"))
        press(.enter, .space, .escape, in: app)
        screen = text(app)
        #expect(screen.contains("type an offer's name to search the catalog"), "Esc clears the search")
        #expect(!screen.contains("of 20 offers"))
        #expect(screen.contains("1 ticked"))
        let visio = try #require(app.render().lines().first { $0.contains("Visio Plan 2") })
        #expect(visio.contains("[x]"), "the ticked offer keeps focus")
        #expect(app.navigator.top.title == "New subscription")
    }

    @Test func aSalesAgentIsRefusedOnSubmitAndNothingChanges() throws {
        let (app, session) = try resellersApp(as: "ben@contosodistribution.onmicrosoft.com")
        let before = session.model
        fillCustomer(in: app)
        pickTwoOffers(in: app)
        nextFromOffers(in: app)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Review")
        #expect(text(app).contains("needs admin agent"))
        #expect(session.model == before)
        // Nothing typed is thrown away: Back returns to the picks as they were.
        press(.tab, .enter, in: app)
        #expect(app.navigator.top.title == "New subscription")
        #expect(text(app).contains("[x]"))
    }

    /// Issue 13 items 3 and 7: the wizard says at its start, before anything is typed, that
    /// Submit needs Admin agent, and to whom a sales agent turns; a global admin without the
    /// role is told to give it to itself. The refusal at Submit then keeps the typed order.
    @Test func withoutAdminAgentTheWizardSaysSoAtItsStart() throws {
        let (app, _) = try resellersApp(as: "ben@contosodistribution.onmicrosoft.com")
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        #expect(app.navigator.top.title == "New customer")
        #expect(app.pageText.contains("only a global admin can give you the role: ask Ana Silva."), "\(app.pageText)")
        #expect(!app.pageText.contains("select your name"))

        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let ana = try #require(session.user)
        try session.execute(.setUserRoles(user: ana.id, roles: [.globalAdmin]))
        let shell = DashboardShell(session: session)
        let own = App(terminal: TestTerminal(size: .minimum), shell: shell, root: NewCustomerScreen(session: session, reseller: nil))
        #expect(own.pageText.contains("select your name, then Admin agent and Update."), "\(own.pageText)")
        try session.execute(.setUserRoles(user: ana.id, roles: [.globalAdmin, .adminAgent]))
        #expect(!own.pageText.contains("admin agent"), "gone once the role is there")
    }

    @Test func aStorageFailureStaysOnReviewAndShowsNothingAsDone() throws {
        let (app, session) = try resellersApp()
        fillCustomer(in: app)
        pickTwoOffers(in: app)
        nextFromOffers(in: app)
        let before = session.model
        #expect(try Self.makeJournalWritesFail(under: demo.directory))
        app.handle(.enter)
        #expect(app.navigator.top.title == "Review")
        let screen = text(app)
        #expect(screen.contains("Not submitted, nothing was created"))
        #expect(screen.contains("READ-ONLY"))
        #expect(session.model == before)
    }

    /// A journal that can no longer be written: its write descriptor now refers to the
    /// same file opened read-only, so the size check before an append still sees the file
    /// as it is and the next write fails (EBADF) as a failing disk would.
    static func makeJournalWritesFail(under directory: URL) throws -> Bool {
        let root = directory.resolvingSymlinksInPath().path
        var broken = false
        for name in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let fd = Int32(name),
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"),
                  target.hasPrefix(root), target.contains("journal-"), Self.isOpenForWriting(fd) else { continue }
            let readOnly = open(target, O_RDONLY)
            guard readOnly >= 0 else { return false }
            dup2(readOnly, fd)
            close(readOnly)
            broken = true
        }
        return broken
    }

    /// Whether descriptor `fd` of this process was opened for writing (its `fdinfo` flags):
    /// a full disk fails writes, while the store's read descriptors keep reading the file.
    static func isOpenForWriting(_ fd: Int32) -> Bool {
        guard let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
              let flags = Int(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8) else { return false }
        return flags & Int(O_WRONLY | O_RDWR) != 0
    }

    @Test func aRefusalGoesBackToTheFieldItNames() throws {
        let (app, session) = try resellersApp()
        fillCustomer(in: app)
        pickTwoOffers(in: app)
        nextFromOffers(in: app)
        // Someone else takes the domain before Submit.
        let other = NewCustomer(companyName: "Other", domainPrefix: Self.prefix, firstName: "A", lastName: "B",
                                email: "a@b.example", phone: "+1 555 0100 000",
                                address: PostalAddress(line1: "x", city: "y", postalCode: "1", country: "US"))
        try session.execute(.addCustomer(other, reseller: nil, cart: [CartLine(offerId: "m365-e3", quantity: 1)]))
        app.handle(.enter)
        #expect(app.navigator.top.title == "New customer")
        let form = try #require(app.navigator.top as? NewCustomerScreen).wizard.details.form
        #expect(form.focusedID == .customer(.domainPrefix))
        #expect(form.control(.customer(.domainPrefix))?.message == "\(Self.domain) is already taken")
        #expect(text(app).contains("is already taken"))
        #expect(session.model.customers.values.filter { $0.companyProfile.domain == Self.domain }.count == 1)
    }

    @Test func choosingNoResellerMakesOnlyTheProviderResellerOfRecord() throws {
        let (app, session) = try resellersApp()
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        for value in Self.typed {
            type(value, in: app)
            app.handle(.tab)
        }
        // Reseller: Adatum, Fabrikam, さくら, None; from Fabrikam two steps on.
        press(.tab, .tab, .tab, .right, .right, .tab, .enter, in: app)
        #expect(text(app).contains("‹ None ›"), "no reseller: no partner of record by default")
        press(.space, .tab, .tab, .enter, .enter, in: app)
        let customer = try #require(session.model.customers.values.first { $0.companyProfile.domain == Self.domain })
        let provider = try #require(session.account)
        #expect(customer.relationships.map(\.partnerId) == [provider.id])
        #expect(session.model.subscriptions(of: customer.id).allSatisfy { $0.partnerId == nil })
    }

    // MARK: Existing customer

    private func fabrikamCustomer(_ session: DashboardSession) throws -> Customer {
        let reseller = try fabrikam(session)
        let provider = try #require(session.account)
        return try #require(session.model.customerList(visibleTo: provider.id, sharedWith: reseller.id).first)
    }

    @Test func addSubscriptionPlacesAnOrderForAnExistingCustomer() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let customer = try fabrikamCustomer(session)
        let count = session.model.subscriptions(of: customer.id).count
        // Opened from Customers (engineer CUST's page); here from a stand-in.
        let root = RootWith(NewSubscriptionScreen(session: session, customer: customer.id))
        let app2 = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: session), root: root)
        app2.handle(.enter)
        #expect(app2.navigator.top.title == "New subscription")
        #expect(text(app2).contains("For \(customer.name)"))
        #expect(text(app2).contains("‹ Fabrikam Solutions ›"), "the customer's reseller is the default partner of record")
        press(.space, .down, .space, in: app2)
        nextFromOffers(in: app2)
        #expect(app2.navigator.top.title == "Review")
        app2.handle(.enter)
        #expect(app2.navigator.top.title == root.title)
        #expect(app2.render().statusText.contains("2 subscription(s) added to \(customer.name)") == true)
        let subscriptions = session.model.subscriptions(of: customer.id)
        #expect(subscriptions.count == count + 2)
        #expect(subscriptions.suffix(2).allSatisfy { $0.partnerId == "4812345" })
    }

    @Test func aResellerCannotOrderAndIsToldWhy() throws {
        let provider = try demo.session(signedInAs: DemoWorkspace.provider)
        let customer = try fabrikamCustomer(provider)
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let before = session.model
        let app = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: session),
                      root: RootWith(NewSubscriptionScreen(session: session, customer: customer.id)))
        app.handle(.enter)
        #expect(text(app).contains("‹ None ›"), "a reseller has no resellers to credit")
        app.handle(.space)
        press(.tab, .tab, .enter, .enter, in: app)
        #expect(app.navigator.top.title == "Review")
        #expect(text(app).contains("! Not submitted: orders are submitted by the"))
        #expect(session.model == before)
    }

    // MARK: Keys

    @Test func everyWizardPageHandlesExactlyTheKeysItLists() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let reseller = try fabrikam(session).id
        let customer = try fabrikamCustomer(session).id
        func newCustomer(tabs: Int) -> () -> any Screen {
            {
                let screen = NewCustomerScreen(session: session, reseller: reseller)
                for _ in 0..<tabs { _ = screen.handle(key: .tab) }
                return screen
            }
        }
        KeymapTests.checkHintsMatchHandling(newCustomer(tabs: 0))
        KeymapTests.checkHintsMatchHandling(newCustomer(tabs: 14))
        KeymapTests.checkHintsMatchHandling(newCustomer(tabs: 15))
        func offers(_ keys: [KeyEvent]) -> () -> any Screen {
            {
                let screen = NewSubscriptionScreen(session: session, customer: customer)
                for key in keys { _ = screen.handle(key: key) }
                return screen
            }
        }
        KeymapTests.checkHintsMatchHandling(offers([]))
        KeymapTests.checkHintsMatchHandling(offers([.space, .character("4")]))
        KeymapTests.checkHintsMatchHandling(offers([.character("/"), .character("e")]))
        KeymapTests.checkHintsMatchHandling(offers([.character("/"), .character("e"), .enter]))
        KeymapTests.checkHintsMatchHandling(offers([.character("/"), .character("z"), .character("z"), .enter]))
        KeymapTests.checkHintsMatchHandling(offers([.tab]))
        KeymapTests.checkHintsMatchHandling(offers([.tab, .tab]))
        KeymapTests.checkHintsMatchHandling(offers([.space, .escape]))
        KeymapTests.checkHintsMatchHandling {
            let screen = NewSubscriptionScreen(session: session, customer: customer)
            _ = screen.handle(key: .space)
            _ = screen.handle(key: .tab)
            _ = screen.handle(key: .tab)
            guard case .replace(let review)? = screen.handle(key: .enter) else { return screen }
            return review
        }
        KeymapTests.checkHintsMatchHandling {
            NewCustomerConfirmationScreen(session: session, customer: customer, userName: "admin@x.onmicrosoft.com",
                                          temporaryPassword: "Aa1!Aa1!Aa1!Aa1!", summary: "Added X")
        }
    }

    // MARK: Golden screens

    /// The Confirmation page's password is random: the golden file holds a mask.
    private func masked(_ grid: CellGrid) -> CellGrid {
        var grid = grid
        guard let password = Self.password(on: grid),
              let row = grid.lines().firstIndex(where: { $0.contains("Temporary password") }),
              let col = grid.column(of: password, inRow: row) else { return grid }
        grid.write(String(repeating: "*", count: password.count), row: row, col: col, style: grid[row, col].style)
        return grid
    }

    @Test(arguments: [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)])
    func goldenWizardPages(size: TerminalSize) throws {
        let name = "\(size.cols)x\(size.rows)"
        let (app, _) = try resellersApp(size: size)
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        try Golden.check(app.render(), "wizard-new-customer-\(name)")
        for value in Self.typed {
            type(value, in: app)
            app.handle(.tab)
        }
        press(.tab, .tab, .tab, .tab, .enter, in: app)
        pickTwoOffers(in: app)
        try Golden.check(app.render(), "wizard-new-subscription-\(name)")
        nextFromOffers(in: app)
        try Golden.check(app.render(), "wizard-review-\(name)")
        app.handle(.enter)
        try Golden.check(masked(app.render()), "wizard-confirmation-\(name)")
    }

    @Test func goldenNewCustomerMessages() throws {
        let (app, _) = try resellersApp()
        select("Fabrikam", in: app)
        app.handle(.character("n"))
        for _ in 0..<15 { app.handle(.tab) }
        app.handle(.enter)
        try Golden.check(app.render(), "wizard-new-customer-required-80x24")
    }

    @Test func goldenAddSubscription() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let customer = try fabrikamCustomer(session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: session),
                      root: RootWith(NewSubscriptionScreen(session: session, customer: customer.id)))
        app.handle(.enter)
        press(.character("/"), in: app)
        type("e3", in: app)
        press(.enter, .character("3"), in: app)
        try Golden.check(app.render(), "wizard-add-subscription-80x24")
    }
}

/// A root page that opens one screen on Enter, standing in for the page a
/// screen is opened from (Customers) in tests that start there.
@MainActor
final class RootWith: Screen {
    private let next: any Screen
    init(_ next: any Screen) { self.next = next }
    var title: String { "Customers" }
    var keyHints: [KeyHint] { [] }
    func render(into grid: inout CellGrid, area: Rect) {}
    func handle(key: KeyEvent) -> ScreenAction? { key == .enter ? .push(next) : nil }
}
