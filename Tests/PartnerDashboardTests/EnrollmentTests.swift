import Foundation
import PartnerCore
@testable import PartnerDashboard
import TerminalKit
import Testing
import TestSupport

/// Enroll as a new indirect reseller (docs/WORKFLOWS.md R2–R12) through
/// the keys, from Sign in's `n` to an active account, and the status page.
@MainActor
@Suite struct EnrollmentTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    static let wide = TerminalSize(rows: 40, cols: 120)

    private func app(_ session: DashboardSession, size: TerminalSize = .minimum) -> App {
        let shell = DashboardShell(session: session)
        return App(terminal: TestTerminal(size: size), shell: shell, root: shell.startScreen())
    }

    private func type(_ text: String, _ app: App) {
        for c in text { app.handle(.character(c)) }
    }

    private func press(_ keys: [KeyEvent], _ app: App) {
        for key in keys { app.handle(key) }
    }

    private func tab(_ n: Int, _ app: App) {
        press(Array(repeating: .tab, count: n), app)
    }

    /// A Partner Membership Center profile the wizard can list.
    private func register(_ session: DashboardSession, mpn: String, name: String, country: String, pmc: String,
                          active: Bool = true, inCSP: Bool = false) throws {
        try session.execute(.registerMembershipProfile(MembershipProfile(
            mpnId: mpn, organizationName: name, country: country, pmcUserName: pmc, isActive: active, isCSPEnrolled: inCSP,
            address: PostalAddress(line1: "1 Pine Street", city: "Springfield", postalCode: "12345", country: country))),
            as: .enrollee)
    }

    /// Sign in › n › Reseller enrollment, to the Welcome step.
    private func startWizard(_ app: App) {
        app.handle(.character("n"))
        app.handle(.enter)
    }

    /// Welcome → tenant (create `prefix`, country) → PMC user → the profile list.
    private func throughProfiles(_ app: App, prefix: String, country: String, pmc: String) {
        startWizard(app)
        app.handle(.enter)                    // Welcome › Next
        tab(1, app)                           // Tenant: Create new tenant
        type(prefix, app)
        tab(1, app)
        type(country, app)
        tab(1, app)
        type("Pat Kim", app)
        tab(1, app)
        type("pat", app)
        tab(1, app)
        app.handle(.enter)                    // Next
        type(pmc, app)
        tab(1, app)
        app.handle(.enter)                    // Sign in
    }

    /// The business profile with the organization profile's name and address kept.
    private func fillBusiness(_ app: App) {
        tab(6, app)
        type("Pat Kim", app)
        tab(1, app)
        type("pat@proseware.example", app)
        tab(1, app)
        type("+1 555 010 3000", app)
        tab(1, app)
        type("help@proseware.example", app)
        tab(1, app)
        type("+1 555 010 3999", app)
        tab(2, app)                           // the website is optional
    }

    private func verificationCode(_ session: DashboardSession, to email: String) throws -> String {
        for url in session.outbox.messages().reversed() {
            let text = try StrictMail.parse(contentsOf: url).decodedText
            guard text.contains("To: \(email)\n") else { continue }
            let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            if let code = lines.first(where: { $0.count == 6 && $0.allSatisfy(\.isNumber) }) { return code }
        }
        throw EnrollmentTestError.noMail(email)
    }

    private func account(_ session: DashboardSession, domain: String) -> PartnerAccount? {
        session.model.accounts.values.first { $0.tenantDomain == domain }
    }

    // MARK: The whole workflow

    @Test func enrollingThroughTheKeysEndsActiveAfterVerificationAndReview() throws {
        let session = try demo.session()
        try register(session, mpn: "4999001", name: "Proseware Inc", country: "US", pmc: "pat@proseware.example")
        let app = app(session)
        throughProfiles(app, prefix: "proseware", country: "US", pmc: "pat@proseware.example")
        #expect(app.render().text.contains("Proseware Inc"))
        app.handle(.enter)                    // Continue with the only profile
        fillBusiness(app)
        app.handle(.enter)                    // Enroll now

        let enrolled = try #require(account(session, domain: "proseware.onmicrosoft.com"))
        #expect(enrolled.enrollment == .pendingEmailVerification)
        #expect(enrolled.kind == .indirectReseller)
        #expect(enrolled.legalName == "Proseware Inc")
        #expect(enrolled.mpnId == "4999001")
        #expect(session.user?.userPrincipalName == "pat@proseware.onmicrosoft.com", "the new global admin is signed in")
        #expect(app.navigator.top.title == "Enrollment status")
        #expect(app.navigator.stack.count == 1)
        let mail = session.outbox.messages().last.map { try? StrictMail.parse(contentsOf: $0).decodedText } ?? nil
        #expect(mail?.contains("To: pat@proseware.example") == true)
        #expect(mail?.contains("Subject: Verify your email") == true)
        #expect(app.render().text.contains("Pending email verification"))

        // A wrong code is refused beside the field and changes nothing.
        type("000000", app)
        tab(1, app)
        app.handle(.enter)
        #expect(app.render().text.contains("does not match"))
        #expect(account(session, domain: "proseware.onmicrosoft.com")?.enrollment == .pendingEmailVerification)

        // The refusal puts the cursor back in the code field.
        press([.ctrl("u")], app)
        type(try verificationCode(session, to: "pat@proseware.example"), app)
        tab(1, app)
        app.handle(.enter)                    // Verify
        #expect(account(session, domain: "proseware.onmicrosoft.com")?.enrollment == .underReview)
        #expect(app.render().text.contains("Under review"))

        app.handle(.enter)                    // Check status
        #expect(account(session, domain: "proseware.onmicrosoft.com")?.enrollment == .active)
        let text = app.render().text
        #expect(text.contains("Status: Active"))
        #expect(text.contains("Admin agent"), "step 9: the way to the admin agent group")
        #expect(session.model.auditLog.suffix(3).map(\.operationType) == [.enroll_partner, .verify_enrollment_email, .review_enrollment])

        // Step 9: Open User management, select yourself, Admin agent, Update.
        app.handle(.enter)
        #expect(app.navigator.top.title == "User management")
        app.handle(.enter)
        press([.space, .tab, .tab, .tab], app)
        app.handle(.enter)
        #expect(session.user?.roles == [.globalAdmin, .adminAgent])
    }

    @Test func aProfileInAnotherCountryIsWarnedAboutAndTheReviewRejectsIt() throws {
        let session = try demo.session()
        try register(session, mpn: "4999002", name: "Proseware GmbH", country: "DE", pmc: "pat@proseware.example")
        let app = app(session)
        throughProfiles(app, prefix: "prosewarede", country: "US", pmc: "pat@proseware.example")
        #expect(app.render().text.contains("! in DE, tenant in US"))
        app.handle(.enter)
        #expect(app.render().text.contains("Use this profile?"))
        app.handle(.enter)                    // Choose another (the safe answer has focus)
        #expect(app.navigator.top.pageNote?.contains("Organization profile") == true)
        app.handle(.enter)
        press([.right, .enter], app)          // Continue anyway
        fillBusiness(app)
        app.handle(.enter)
        let enrolled = try #require(account(session, domain: "prosewarede.onmicrosoft.com"))
        let code = try verificationCode(session, to: "pat@proseware.example")
        type(code, app)
        tab(1, app)
        app.handle(.enter)
        app.handle(.enter)                    // Check status
        guard case .rejected(let reason)? = session.model.accounts[enrolled.id]?.enrollment else {
            Issue.record("expected a rejection, got \(String(describing: session.model.accounts[enrolled.id]?.enrollment))")
            return
        }
        #expect(reason.contains("same country"))
        let text = app.render().text
        #expect(text.contains("Status: Rejected"))
        #expect(text.contains("must be in the same"))
    }

    /// Issue 13 item 8: the primary contact is asked for, as Partner Center asks it, and is not
    /// the support desk's address.
    @Test func alreadyEnrolledInCSPAsksForThePrimaryContactAndSupportInfoAndIsActiveAtOnce() throws {
        let session = try demo.session()
        try register(session, mpn: "4999003", name: "Lucerne Publishing", country: "US", pmc: "lee@lucerne.example", inCSP: true)
        let app = app(session)
        throughProfiles(app, prefix: "lucerne", country: "US", pmc: "lee@lucerne.example")
        app.handle(.enter)
        let text = app.render().text
        #expect(text.contains("already enrolled in CSP"))
        #expect(text.contains("Primary contact"))
        #expect(text.contains("Contact email"))
        #expect(text.contains("Support email"))
        #expect(!text.contains("Legal name"))
        for (value, gap) in [("Lee Chen", 1), ("lee@lucerne.example", 1), ("+1 555 010 4001", 1),
                             ("help@lucerne.example", 1), ("+1 555 010 4000", 2)] {
            press([.ctrl("u")], app)
            type(value, app)
            tab(gap, app)
        }
        app.handle(.enter)
        let enrolled = try #require(account(session, domain: "lucerne.onmicrosoft.com"))
        #expect(enrolled.isActive)
        #expect(enrolled.legalName == "Lucerne Publishing")
        #expect(enrolled.primaryContact == PrimaryContact(name: "Lee Chen", email: "lee@lucerne.example", phone: "+1 555 010 4001"))
        #expect(enrolled.supportContact.email == "help@lucerne.example")
        #expect(app.render().text.contains("Status: Active"))
    }

    @Test func goingBackAndForthKeepsWhatWasTypedAndFieldsValidateOnLeave() throws {
        let session = try demo.session()
        let app = app(session)
        startWizard(app)
        app.handle(.enter)
        tab(1, app)
        type("Bad Prefix!", app)
        tab(1, app)
        #expect(app.render().text.contains("must be 2–27 lower-case letters or digits"))
        press([.backTab, .ctrl("u")], app)
        type("contosodistribution", app)
        tab(1, app)
        #expect(app.render().text.contains("contosodistribution.onmicrosoft.com is already taken"))
        press([.backTab, .ctrl("u")], app)
        type("freshname", app)
        tab(1, app)
        type("Germany", app)                 // the field holds two letters: "Ge", Georgia's code
        #expect(app.render().text.contains("Country/region     Ge "))
        press([.ctrl("u")], app)
        type("X", app)
        tab(1, app)
        #expect(app.render().text.contains("ISO 3166-1"))
        // Next with a bad field stays on the step and focuses it.
        tab(2, app)
        app.handle(.enter)
        #expect(app.navigator.top.pageNote?.contains("Azure AD tenant") == true)
        type("x", app)                       // typed into the focused Country field
        #expect(app.render().text.contains("Xx"))
        press([.ctrl("u")], app)
        type("de", app)
        tab(1, app)
        type("Pat Kim", app)
        tab(1, app)
        type("pat", app)
        tab(1, app)
        app.handle(.enter)
        #expect(app.navigator.top.pageNote?.contains("MPN ID") == true)
        type("nobody@nowhere.example", app)
        tab(2, app)
        app.handle(.enter)                   // Back
        let text = app.render().text
        #expect(text.contains("freshname"))
        #expect(text.contains("Your new tenant: freshname.onmicrosoft.com"))
        #expect(text.contains("de"))
        tab(5, app)
        app.handle(.enter)                   // Next again
        #expect(app.render().text.contains("nobody@nowhere.example"))
        tab(1, app)
        app.handle(.enter)                   // Sign in: nobody has profiles
        #expect(app.render().text.contains("has no organization profile"))
        #expect(app.navigator.top.pageNote?.contains("MPN ID") == true)
    }

    @Test func leavingTheWizardWithTypedDataAsks() throws {
        let session = try demo.session()
        let app = app(session)
        startWizard(app)
        app.handle(.enter)
        tab(1, app)
        type("halfway", app)
        app.handle(.escape)
        #expect(app.isAskingToConfirm)
        app.handle(.escape)
        #expect(app.navigator.top.title == "Enrollment")
        #expect(app.render().text.contains("halfway"))
    }

    @Test func cancelAndSignInAgainGoesBackToThePMCUser() throws {
        let session = try demo.session()
        try register(session, mpn: "4999004", name: "Proseware Inc", country: "US", pmc: "pat@proseware.example")
        let app = app(session)
        throughProfiles(app, prefix: "proseware", country: "US", pmc: "pat@proseware.example")
        app.handle(.character("c"))
        #expect(app.navigator.top.pageNote?.contains("MPN ID") == true)
        #expect(!app.render().text.contains("pat@proseware.example"))
    }

    @Test func anMPNIDAlreadyLinkedCannotBeChosen() throws {
        let session = try demo.session()
        let app = app(session)
        // Fabrikam's own profile, whose MPN ID is linked to Fabrikam Solutions.
        throughProfiles(app, prefix: "fabrikamtwo", country: "US", pmc: "mia@fabrikamsolutions.example")
        #expect(app.render().text.contains("! linked to Fabrikam Solutions"))
        app.handle(.enter)
        #expect(app.render().text.contains("already linked to Fabrikam Solutions"))
        #expect(app.navigator.top.pageNote?.contains("Organization profile") == true)
    }

    @Test func providerSetupCreatesAnActiveProviderAndSignsItsAdminIn() throws {
        let session = try demo.session()
        let app = app(session)
        app.handle(.character("n"))
        press([.down, .enter], app)
        #expect(app.navigator.top.title == "Provider setup")
        let values = ["Relecloud Distribution", "4600777", "US", "relecloud", "5 Harbor Road", "Portland", "OR", "97201",
                      "Rae Lopez", "rae@relecloud.example", "+1 503 555 0100", "support@relecloud.example",
                      "+1 503 555 0199", "https://relecloud.example/help", "Rae Lopez", "rae"]
        for value in values {
            type(value, app)
            tab(1, app)
        }
        app.handle(.enter)
        let provider = try #require(account(session, domain: "relecloud.onmicrosoft.com"))
        #expect(provider.kind == .indirectProvider)
        #expect(provider.isActive)
        #expect(session.user?.userPrincipalName == "rae@relecloud.onmicrosoft.com")
        #expect(app.navigator.top.title == "Home")
    }

    @Test func providerSetupRefusesATakenMPNIDBesideTheField() throws {
        let session = try demo.session()
        let app = app(session)
        app.handle(.character("n"))
        press([.down, .enter], app)
        tab(1, app)
        type("4812345", app)
        tab(1, app)
        #expect(app.render().text.contains("4812345 is already linked to Fabrikam Solutions"))
    }

    // MARK: Status page for an account that is not active yet

    @Test func homeOfAResellerNotYetActiveIsTheStatusPage() throws {
        let session = try demo.session(signedInAs: "liam@litwarepartners.onmicrosoft.com")
        let app = app(session)
        #expect(app.navigator.top.title == "Enrollment status")
        #expect(app.render().text.contains("Pending email verification"))
        let settings = DashboardShell(session: session).screen(for: .accountSettings)
        #expect(settings.title == "Enrollment status")
    }

    @Test func checkStatusRejectsAnEnrollmentWithoutAMembershipProfile() throws {
        let session = try demo.session(signedInAs: "olivia@wingtipconsulting.onmicrosoft.com")
        let app = app(session)
        #expect(app.render().text.contains("Under review"))
        app.handle(.enter)
        let account = try #require(session.account)
        #expect(account.enrollment == .rejected(reason: "MPN ID 4790333 has no organization profile in the Partner Membership Center"))
        #expect(app.render().text.contains("no organization profile"))
    }

    @Test func aRejectedEnrollmentIsCorrectedAndResubmittedFromTheStatusPage() throws {
        let session = try demo.session(signedInAs: "olivia@wingtipconsulting.onmicrosoft.com")
        let app = app(session)
        app.handle(.enter)                    // Check status: rejected, no organization profile
        let id = try #require(session.account?.id)
        #expect(app.render().text.contains("[ Correct and resubmit ]"))
        app.handle(.enter)
        #expect(app.render().text.contains(/▸ MPN ID +4790333/), "the field holds the MPN ID it was rejected with")
        #expect(app.render().text.contains(/Legal name +Wingtip Consulting/))

        // A malformed MPN ID is refused beside the field; the enrollment stays rejected.
        resubmit(mpn: "47x", app)
        #expect(app.render().text.contains("must be 6–7 digits"))
        #expect(session.model.accounts[id]?.enrollment.label.hasPrefix("Rejected") == true)
        // A refusal that wraps over two lines at 80×24 still leaves the button on the page.
        resubmit(mpn: "4812345", app)
        #expect(app.pageText.contains("is already linked to Fabrikam Solutions"))
        #expect(app.render().text.contains("[ Resubmit ]"))

        // With the profile registered since, the same MPN ID goes back under review and passes.
        try register(session, mpn: "4790333", name: "Wingtip Consulting", country: "GB", pmc: "olivia@wingtipconsulting.example")
        resubmit(mpn: "4790333", app)
        #expect(session.model.accounts[id]?.legalName == "Wingtip Consulting", "its own MPN ID brings the account's name back")
        #expect(session.model.accounts[id]?.enrollment == .underReview)
        #expect(app.render().text.contains("Resubmitted with MPN ID 4790333"))
        #expect(app.render().text.contains("Check status"))
        app.handle(.enter)
        #expect(session.model.accounts[id]?.enrollment == .active)
        #expect(app.render().text.contains("Status: Active"))
        #expect(session.model.auditLog.contains { $0.operationType == .resubmit_enrollment && $0.accountId == id })
    }

    /// Issue 13 item 2: a resubmission with another company's profile takes that company's
    /// legal name and address, and what is typed over them.
    @Test func aResubmissionTakesTheNewProfilesCompanyAndWhatIsTyped() throws {
        let session = try demo.session(signedInAs: "olivia@wingtipconsulting.onmicrosoft.com")
        let app = app(session)
        app.handle(.enter)                    // Check status: rejected, no organization profile
        let id = try #require(session.account?.id)
        try register(session, mpn: "4799001", name: "Wingtip Beratung GmbH", country: "DE", pmc: "olivia@wingtipconsulting.example")
        try register(session, mpn: "4799002", name: "Wingtip Consulting Ltd", country: "GB", pmc: "olivia@wingtipconsulting.example")

        app.handle(.enter)                    // Correct and resubmit
        resubmit(mpn: "4799001", app)
        #expect(session.model.accounts[id]?.legalName == "Wingtip Beratung GmbH")
        app.handle(.enter)                    // Check status: the German profile is refused for the country
        #expect(session.model.accounts[id]?.enrollment.label.contains("same country") == true)
        app.handle(.enter)                    // Correct and resubmit
        #expect(app.render().text.contains(/Legal name +Wingtip Beratung GmbH/), "the page starts from the account as it is")

        press([.ctrl("u")], app)
        type("4799002", app)
        tab(1, app)
        #expect(app.render().text.contains("Wingtip Consulting Ltd"), "leaving the MPN ID fills in its profile's company")
        tab(1, app)                           // Address
        press([.ctrl("u")], app)
        type("22 Baker Street", app)
        tab(2, app)                           // City
        press([.ctrl("u")], app)
        type("London", app)
        tab(3, app)                           // State, Postal code, Resubmit
        app.handle(.enter)
        let account = try #require(session.model.accounts[id])
        #expect(account.enrollment == .underReview)
        #expect(account.mpnId == "4799002")
        #expect(account.legalName == "Wingtip Consulting Ltd")
        #expect(account.address.line1 == "22 Baker Street" && account.address.city == "London" && account.address.country == "GB")
        app.handle(.enter)
        #expect(session.model.accounts[id]?.enrollment == .active)
    }

    /// Types an MPN ID on Correct and resubmit and presses Resubmit below the legal profile.
    private func resubmit(mpn: String, _ app: App) {
        press([.ctrl("u")], app)
        type(mpn, app)
        tab(1 + ResubmitEnrollmentScreen.Row.legalProfile.count, app)
        app.handle(.enter)
    }

    // MARK: Keys

    @Test func everyStepHandlesExactlyTheKeysItLists() throws {
        let workspace = demo
        let profileSession = try workspace.session()
        try register(profileSession, mpn: "4999005", name: "Proseware Inc", country: "DE", pmc: "pat@proseware.example")
        func wizard(at steps: [KeyEvent], _ text: [String] = []) -> () -> any Screen {
            {
                let session = try! workspace.session()
                let screen = EnrollmentScreen(session: session)
                var texts = text.makeIterator()
                for key in steps {
                    if key == .character("*"), let t = texts.next() {
                        for c in t { _ = screen.handle(key: .character(c)) }
                    } else {
                        _ = screen.handle(key: key)
                    }
                }
                return screen
            }
        }
        KeymapTests.checkHintsMatchHandling(wizard(at: []))
        KeymapTests.checkHintsMatchHandling(wizard(at: [.enter]))
        KeymapTests.checkHintsMatchHandling(wizard(at: [.enter, .tab]))
        KeymapTests.checkHintsMatchHandling(wizard(at: [.enter, .tab, .tab, .tab, .tab, .tab, .tab]))
        let toProfiles: [KeyEvent] = [.enter, .tab, .character("*"), .tab, .character("*"), .tab, .character("*"), .tab,
                                      .character("*"), .tab, .enter, .character("*"), .tab, .enter]
        let answers = ["prosewarex", "US", "Pat Kim", "pat", "pat@proseware.example"]
        KeymapTests.checkHintsMatchHandling(wizard(at: toProfiles, answers))
        KeymapTests.checkHintsMatchHandling(wizard(at: toProfiles + [.enter], answers))
        KeymapTests.checkHintsMatchHandling(wizard(at: toProfiles + [.enter, .right, .enter], answers))
        KeymapTests.checkHintsMatchHandling { NewAccountScreen(session: try! workspace.session()) }
        KeymapTests.checkHintsMatchHandling { ProviderSetupScreen(session: try! workspace.session()) }
        KeymapTests.checkHintsMatchHandling {
            EnrollmentStatusScreen(session: try! workspace.session(signedInAs: "liam@litwarepartners.onmicrosoft.com"))
        }
        KeymapTests.checkHintsMatchHandling {
            EnrollmentStatusScreen(session: try! workspace.session(signedInAs: DemoWorkspace.reseller))
        }
        KeymapTests.checkHintsMatchHandling { SignInScreen(session: try! workspace.session(signedInAs: DemoWorkspace.provider)) }
    }

    // MARK: Golden screens

    private func golden(_ name: String, _ drive: (App, DashboardSession) throws -> Void) throws {
        for size in [TerminalSize.minimum, Self.wide] {
            let workspace = try DemoWorkspace()
            let session = try workspace.session()
            try register(session, mpn: "4999006", name: "Proseware Inc", country: "US", pmc: "pat@proseware.example")
            try register(session, mpn: "4999007", name: "Proseware GmbH", country: "DE", pmc: "pat@proseware.example", active: false)
            let app = app(session, size: size)
            try drive(app, session)
            try Golden.check(app.render(), "acct-\(name)-\(size.cols)x\(size.rows)")
        }
    }

    @Test func goldenNewAccount() throws {
        try golden("new-account") { app, _ in app.handle(.character("n")) }
    }

    @Test func goldenWizardSteps() throws {
        try golden("enroll-welcome") { app, _ in startWizard(app) }
        try golden("enroll-tenant") { app, _ in
            startWizard(app)
            app.handle(.enter)
            tab(1, app)
            type("Bad!", app)
            tab(1, app)
            type("US", app)
        }
        try golden("enroll-membership") { app, _ in
            throughProfiles(app, prefix: "proseware", country: "US", pmc: "")
        }
        try golden("enroll-profiles") { app, _ in
            throughProfiles(app, prefix: "proseware", country: "US", pmc: "pat@proseware.example")
            app.handle(.down)
        }
        try golden("enroll-business") { app, _ in
            throughProfiles(app, prefix: "proseware", country: "US", pmc: "pat@proseware.example")
            app.handle(.enter)
        }
    }

    @Test func goldenStatusPages() throws {
        for (name, user) in [("pending", "liam@litwarepartners.onmicrosoft.com"), ("review", "olivia@wingtipconsulting.onmicrosoft.com")] {
            for size in [TerminalSize.minimum, Self.wide] {
                let app = app(try demo.session(signedInAs: user), size: size)
                try Golden.check(app.render(), "acct-status-\(name)-\(size.cols)x\(size.rows)")
            }
        }
        for size in [TerminalSize.minimum, Self.wide] {
            let workspace = try DemoWorkspace()
            let app = app(try workspace.session(signedInAs: "olivia@wingtipconsulting.onmicrosoft.com"), size: size)
            app.handle(.enter)
            try Golden.check(app.render(), "acct-status-rejected-\(size.cols)x\(size.rows)")
            app.handle(.enter)
            try Golden.check(app.render(), "acct-resubmit-\(size.cols)x\(size.rows)")
        }
        try golden("status-enrolled") { app, _ in
            throughProfiles(app, prefix: "proseware", country: "US", pmc: "pat@proseware.example")
            app.handle(.enter)
            fillBusiness(app)
            app.handle(.enter)
        }
        try golden("status-active") { app, session in
            throughProfiles(app, prefix: "proseware", country: "US", pmc: "pat@proseware.example")
            app.handle(.enter)
            fillBusiness(app)
            app.handle(.enter)
            type(try verificationCode(session, to: "pat@proseware.example"), app)
            tab(1, app)
            app.handle(.enter)
            app.handle(.enter)
        }
    }

    /// A refusal at Enroll now names a field on another step: the wizard goes to that step
    /// and the field, with the domain's reason under it (here the tenant was taken meanwhile).
    @Test func aRefusalAtEnrollGoesToTheStepAndFieldItNames() throws {
        let session = try demo.session()
        try register(session, mpn: "4999001", name: "Proseware Inc", country: "US", pmc: "pat@proseware.example")
        let app = app(session)
        throughProfiles(app, prefix: "proseware", country: "US", pmc: "pat@proseware.example")
        app.handle(.enter)                    // Continue with the only profile
        fillBusiness(app)
        let provider = try demo.session(signedInAs: DemoWorkspace.provider)
        try provider.execute(.addCustomer(NewCustomer(companyName: "Proseware Shop", domainPrefix: "proseware", firstName: "A",
                                                      lastName: "B", email: "a@b.example", phone: "+1 555 0100 000",
                                                      address: PostalAddress(line1: "x", city: "y", postalCode: "1", country: "US")),
                                          reseller: nil, cart: [CartLine(offerId: "m365-e3", quantity: 1)]))
        let accounts = session.model.accounts.count
        app.handle(.enter)                    // Enroll now
        let screen = try #require(app.navigator.top as? EnrollmentScreen)
        #expect(screen.step == .tenant)
        #expect(screen.form.focusedID == .setup(.domainPrefix))
        #expect(screen.form.control(.setup(.domainPrefix))?.message == "proseware.onmicrosoft.com already belongs to another account or customer")
        #expect(session.model.accounts.count == accounts)
    }
}

enum EnrollmentTestError: Error {
    case noMail(String)
}
