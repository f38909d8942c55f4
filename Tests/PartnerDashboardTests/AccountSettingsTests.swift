import Foundation
import PartnerCore
import PartnerDashboard
import TerminalKit
import Testing

/// Account settings: profile, User management (roles, the Admin agent toggle,
/// Update; rule 9) and the provider listing's support requests.
@MainActor
@Suite struct AccountSettingsTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    static let wide = TerminalSize(rows: 40, cols: 120)
    static let ben = "ben@contosodistribution.onmicrosoft.com"

    private func settingsApp(_ session: DashboardSession, size: TerminalSize = wide) -> App {
        let shell = DashboardShell(session: session)
        return App(terminal: TestTerminal(size: size), shell: shell, root: shell.screen(for: .accountSettings))
    }

    private func type(_ text: String, _ app: App) {
        for c in text { app.handle(.character(c)) }
    }

    private func press(_ keys: [KeyEvent], _ app: App) {
        for key in keys { app.handle(key) }
    }

    /// Account settings › User management, with `name` focused.
    private func users(_ app: App, select name: String? = nil) {
        press([.down, .enter], app)
        if let name {
            press([.character("/")], app)
            type(name, app)
            press([.enter], app)
        }
    }

    /// A customer order as `user`, straight through the domain (rule 9 decides it).
    private func addCustomer(_ session: DashboardSession, as user: UserID, prefix: String) throws {
        let offer = try #require(session.catalog.offers.first { !$0.isAzure })
        try session.execute(.addCustomer(NewCustomer(
            companyName: "Trey Research \(prefix)", domainPrefix: prefix, firstName: "Kai", lastName: "Berg",
            email: "it@\(prefix).example", phone: "+1 555 010 7000",
            address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US")),
            reseller: nil, cart: [CartLine(offerId: offer.id, quantity: offer.minimumQuantity)]), as: .user(user))
    }

    // MARK: User management

    @Test func theAdminAgentToggleAndUpdateLetAUserActForCustomers() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let ben = try #require(session.model.user(principal: Self.ben))
        #expect(throws: DomainError.self) { try addCustomer(session, as: ben.id, prefix: "treybefore") }
        let app = settingsApp(session)
        users(app, select: "Ben")
        app.handle(.enter)
        #expect(app.navigator.top.title == "Ben Ortiz")
        #expect(app.render().text.contains("[ ] Admin agent"))
        app.handle(.space)                      // Admin agent has focus
        #expect(app.render().text.contains("[x] Admin agent"))
        press([.tab, .tab, .tab], app)
        app.handle(.enter)                      // Update
        #expect(session.model.users[ben.id]?.roles == [.adminAgent, .salesAgent])
        #expect(app.render().text.contains("Updated"))
        #expect(session.model.auditLog.last?.operationType == .update_user_roles)
        try addCustomer(session, as: ben.id, prefix: "treyafter")
        #expect(session.model.customers.values.contains { $0.companyProfile.domain == "treyafter.onmicrosoft.com" })
        app.handle(.escape)
        #expect(app.render().text.contains("Admin agent, Sales agent"), "the list shows the new roles on return")
    }

    @Test func theLastGlobalAdminCannotDropTheRole() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let ana = try #require(session.user)
        let app = settingsApp(session)
        users(app, select: "Ana")
        app.handle(.enter)
        press([.backTab, .space], app)          // Global admin off
        press([.tab, .tab, .tab, .tab], app)
        app.handle(.enter)
        let text = app.render().text
        #expect(text.contains("Not updated"))
        #expect(text.contains("is the last global admin of Contoso"))
        #expect(session.model.users[ana.id]?.roles == [.globalAdmin, .adminAgent])
        app.handle(.escape)
        #expect(app.isAskingToConfirm, "the unchecked box is still unsaved")
    }

    @Test func aUserWhoIsNotAnAdminCannotChangeRoles() throws {
        let session = try demo.session(signedInAs: Self.ben)
        let carla = try #require(session.model.user(principal: "carla@contosodistribution.onmicrosoft.com"))
        let app = settingsApp(session)
        users(app, select: "Carla")
        app.handle(.enter)
        press([.space, .tab, .tab, .tab], app)
        app.handle(.enter)
        #expect(app.render().text.contains("needs global admin or admin agent"))
        #expect(session.model.users[carla.id]?.roles == [.helpdeskAgent])
    }

    @Test func addingAUserFocusesItInTheList() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = settingsApp(session)
        users(app)
        app.handle(.character("a"))
        #expect(app.navigator.top.title == "Add user")
        type("Dana Lee", app)
        app.handle(.tab)
        type("dana", app)
        press([.tab, .tab, .space, .tab, .tab, .tab], app)
        app.handle(.enter)
        let dana = try #require(session.model.user(principal: "dana@contosodistribution.onmicrosoft.com"))
        #expect(dana.roles == [.adminAgent])
        #expect(app.navigator.top.title == "User management")
        let text = app.render().text
        #expect(text.contains("▸Dana Lee"))
        #expect(text.contains("Added dana@contosodistribution.onmicrosoft.com"))
    }

    @Test func addingAUserWhoExistsIsRefusedBesideTheField() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = settingsApp(session)
        users(app)
        app.handle(.character("a"))
        type("Ben Again", app)
        app.handle(.tab)
        type("ben", app)
        app.handle(.tab)
        #expect(app.render().text.contains("ben@contosodistribution.onmicrosoft.com already exists"))
        let count = session.model.users.count
        press([.tab, .tab, .tab, .tab], app)
        app.handle(.enter)
        #expect(session.model.users.count == count)
        #expect(app.navigator.top.title == "Add user")
    }

    // MARK: Profile

    @Test func profileSavesTheSupportContactAndValidatesOnLeave() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = settingsApp(session)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Profile")
        press(Array(repeating: .tab, count: 9), app)   // Support email
        press([.ctrl("u")], app)
        type("not-an-email", app)
        app.handle(.tab)
        #expect(app.render().text.contains("must be an email address"))
        press([.backTab, .ctrl("u")], app)
        type("help@contoso.example", app)
        press([.tab, .tab, .tab], app)
        app.handle(.enter)                             // Save
        #expect(session.account?.supportContact.email == "help@contoso.example")
        #expect(app.render().text.contains("Profile saved"))
        #expect(!app.navigator.top.hasUnsavedChanges)
        #expect(session.model.auditLog.last?.operationType == .update_partner_profile)
    }

    // MARK: Provider listing (docs/WORKFLOWS.md P1–P3)

    @Test func aListingRequestIsFiledAndCompletedOnlyAfterTwoWeeks() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let account = try #require(session.account)
        let app = settingsApp(session)
        press([.down, .down, .enter], app)
        #expect(app.navigator.top.title == "Provider listing")
        app.handle(.character("n"))
        #expect(app.navigator.top.title == "New support request")
        app.handle(.tab)                               // 1. Company name
        press([.ctrl("u")], app)
        type("Contoso Distribution US", app)
        press(Array(repeating: .tab, count: 7), app)   // Submit request
        app.handle(.enter)
        #expect(app.navigator.top.title == "Provider listing")
        let request = try #require(session.model.changeRequests.values.filter { $0.accountId == account.id }
            .max { $0.submittedAt < $1.submittedAt })
        #expect(request.status == .submitted)
        #expect(request.locations.first?.companyName == "Contoso Distribution US")
        #expect(request.locations.count == 2)
        var text = app.render().text
        #expect(text.contains("within two to three weeks"))
        #expect(text.contains(session.day(request.expectedBy)))

        app.handle(.character("r"))
        text = app.render().text
        #expect(text.contains("No request is due yet"))
        #expect(session.model.changeRequests[request.id]?.status == .submitted)
        #expect(session.model.listings[account.id]?.first?.companyName == "Contoso Distribution")

        demo.workspace.now = { DemoWorkspace.now.addingTimeInterval(14 * 86_400) }
        app.handle(.character("r"))
        #expect(session.model.changeRequests[request.id]?.status == .completed)
        #expect(session.model.listings[account.id]?.first?.companyName == "Contoso Distribution US")
        #expect(app.render().text.contains("Contoso Distribution US · https://contoso.example/partners"))
    }

    @Test func aBadListingURLIsShownBesideItsField() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = settingsApp(session)
        press([.down, .down, .enter], app)
        app.handle(.character("n"))
        press([.tab, .tab, .ctrl("u")], app)           // 1. Logo URL
        type("logo.png", app)
        app.handle(.tab)
        #expect(app.render().text.contains("must be a web address starting with https://"))
        let before = session.model.changeRequests.count
        press(Array(repeating: .tab, count: 5), app)
        app.handle(.enter)
        #expect(session.model.changeRequests.count == before)
        #expect(app.navigator.top.title == "New support request")
    }

    @Test func aResellerHasEnrollmentStatusInsteadOfAListing() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let app = settingsApp(session)
        let text = app.render().text
        #expect(!text.contains("Provider listing"))
        #expect(text.contains("Enrollment status"))
    }

    // MARK: Keys

    @Test func settingsScreensHandleExactlyTheKeysTheyList() throws {
        let workspace = demo
        let session = { try! workspace.session(signedInAs: DemoWorkspace.provider) }
        let ben = try #require(workspace.workspace.model.user(principal: Self.ben)).id
        KeymapTests.checkHintsMatchHandling { AccountSettingsScreen(session: session()) }
        KeymapTests.checkHintsMatchHandling { ProfileScreen(session: session()) }
        KeymapTests.checkHintsMatchHandling { UserManagementScreen(session: session()) }
        KeymapTests.checkHintsMatchHandling { UserRolesScreen(session: session(), user: ben) }
        KeymapTests.checkHintsMatchHandling {
            let screen = UserRolesScreen(session: session(), user: ben)
            for _ in 0..<3 { _ = screen.handle(key: .tab) }
            return screen
        }
        KeymapTests.checkHintsMatchHandling { AddUserScreen(session: session()) }
        KeymapTests.checkHintsMatchHandling { ProviderListingScreen(session: session()) }
        KeymapTests.checkHintsMatchHandling { SupportRequestScreen(session: session()) }
    }

    // MARK: Golden screens

    private func golden(_ name: String, as user: String = DemoWorkspace.provider, _ drive: (App) -> Void) throws {
        for size in [TerminalSize.minimum, Self.wide] {
            let workspace = try DemoWorkspace()     // kept alive: its directory goes with it
            let app = settingsApp(try workspace.session(signedInAs: user), size: size)
            drive(app)
            try Golden.check(app.render(), "acct-\(name)-\(size.cols)x\(size.rows)")
        }
    }

    @Test func goldenSettingsPages() throws {
        try golden("settings") { _ in }
        try golden("settings-reseller", as: DemoWorkspace.reseller) { _ in }
        try golden("profile") { $0.handle(.enter) }
        try golden("users") { self.users($0) }
        try golden("user-roles") { app in
            self.users(app, select: "Ben")
            app.handle(.enter)
        }
        try golden("add-user") { app in
            self.users(app)
            app.handle(.character("a"))
        }
        try golden("listing") { self.press([.down, .down, .enter], $0) }
        try golden("listing-not-due") { app in
            self.press([.down, .down, .enter, .character("n")], app)
            self.press(Array(repeating: .tab, count: 8), app)
            app.handle(.enter)
            app.handle(.character("r"))
        }
        try golden("support-request") { self.press([.down, .down, .enter, .character("n")], $0) }
        // Issue 13 item 7: a sales agent is told which global admin can give the role.
        try golden("users-sales-agent", as: Self.ben) { self.users($0) }
        // Issue 10 item 15: the Membership Center profile form, an MPN ID that has one already
        // refused as it is left, and a name with wide characters.
        try golden("membership") { app in
            self.openMembership(app)
            self.type("4812345", app)
            self.press([.tab], app)
            self.type("さくら Holdings", app)
        }
    }

    // MARK: Membership Center profiles (issue 10 item 15)

    /// Account settings › Membership Center profile (the provider's fourth section).
    private func openMembership(_ app: App) {
        press([.down, .down, .down, .enter], app)
    }

    @Test func aMembershipProfileIsRegisteredFromAccountSettings() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = settingsApp(session)
        openMembership(app)
        #expect(app.navigator.top.title == "Membership Center profile")
        // Rows: MPN ID, organization name, country, PMC user, address lines, city, state, postal code,
        // Active, Already enrolled in CSP, then the button.
        for (value, gap) in [("4799100", 1), ("さくら Holdings", 1), ("jp", 1), ("kai@sakura.example", 1), ("1-1 Chiyoda", 2),
                             ("Tokyo", 2), ("100-0001", 2)] {
            type(value, app)
            press(Array(repeating: .tab, count: gap), app)
        }
        press([.character(" "), .tab, .enter], app)    // Already enrolled in CSP, Register profile
        let profile = try #require(session.model.membershipProfiles["4799100"])
        #expect(profile == MembershipProfile(mpnId: "4799100", organizationName: "さくら Holdings", country: "JP",
                                             pmcUserName: "kai@sakura.example", isActive: true, isCSPEnrolled: true,
                                             address: PostalAddress(line1: "1-1 Chiyoda", city: "Tokyo", postalCode: "100-0001",
                                                                    country: "JP")))
        #expect(session.model.auditLog.last?.operationType == .register_membership_profile)
        #expect(app.pageText.contains("Registered さくら Holdings (MPN ID 4799100)"))
        // The form is empty again; the same MPN ID is refused as the field is left, by the model's rule.
        type("4799100", app)
        press([.tab], app)
        #expect(app.pageText.contains("4799100 already has a profile"))
    }

    @Test func aRefusedProfileStaysTypedAndNothingIsRegistered() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let before = session.model.membershipProfiles
        let app = settingsApp(session, size: .minimum)
        openMembership(app)
        type("4799101", app)
        press(Array(repeating: .tab, count: 11), app)
        app.handle(.enter)                   // Register profile, with the rest left empty
        #expect(session.model.membershipProfiles == before)
        #expect(app.pageText.contains("is required"), "the organization name, PMC user, address and city are")
        #expect(app.pageText.contains("4799101"), "what was typed stays")
    }
}
