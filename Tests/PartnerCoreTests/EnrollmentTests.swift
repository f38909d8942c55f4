import Foundation
import PartnerCore
import Testing

@Suite("Enrollment and review")
struct EnrollmentTests {
    @Test func standardWorldBuildsThroughCommands() throws {
        let w = try World.standard()
        #expect(w.model.accounts[w.provider]?.kind == .indirectProvider)
        for r in [w.r1, w.r2, w.r3] {
            #expect(w.model.accounts[r.account]?.enrollment == .active)
            #expect(w.model.users[r.admin]?.roles == [.globalAdmin, .adminAgent])
        }
        #expect(w.model.accounts[w.pending.account]?.enrollment == .pendingEmailVerification)
        #expect(w.model.accounts[w.underReview.account]?.enrollment == .underReview)
        #expect(Set(w.model.activeResellers(of: w.provider).map(\.id)) == [w.r1.account, w.r2.account])
        #expect(w.model.activeProviders(of: w.r1.account).map(\.id).sorted() == [w.provider, w.otherProvider].sorted())
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
    }

    @Test func enrollmentMailsACodeAndStoresOnlyItsHash() throws {
        var w = World()
        let receipt = try w.run(.enrollReseller(Fixture.enrollment("Contoso", prefix: "contoso", mpn: "123456")), as: .enrollee)
        let createdId = try #require(receipt.createdId)
        let account = try #require(w.model.accounts[createdId])
        #expect(account.enrollment == .pendingEmailVerification)
        #expect(account.kind == .indirectReseller)
        #expect(account.tenantDomain == "contoso.onmicrosoft.com")
        let mail = try #require(receipt.mail.first)
        #expect(mail.to == account.primaryContact.email)
        let code = try #require(Fixture.verificationCode(in: mail))
        #expect(account.verificationCodeHash == Secrets.hash(code))
        #expect(!String(describing: w.journal.map(\.transaction)).contains(code))
        let admin = try #require(w.model.users(of: account.id).first)
        #expect(admin.userPrincipalName == "rita@contoso.onmicrosoft.com")
        #expect(admin.roles == [.globalAdmin])
    }

    @Test func theCodeIsTheOneASeededCopyWouldMake() throws {
        var w = World(seed: 42)
        var copy = w.fresh
        let receipt = try w.run(.enrollReseller(Fixture.enrollment("Contoso", prefix: "contoso", mpn: "123456")), as: .enrollee)
        #expect(Fixture.verificationCode(in: receipt.mail[0]) == copy.verificationCode())
    }

    @Test func wrongVerificationCodeIsRefused() throws {
        var w = World()
        let (r, code) = try w.enroll("Contoso", prefix: "contoso", mpn: "123456")
        let wrong = code == "000000" ? "000001" : "000000"
        w.expectRefusal(.verifyEnrollmentEmail(account: r.account, code: wrong), as: r.actor, .invalid, field: "code")
        try w.run(.verifyEnrollmentEmail(account: r.account, code: " \(code) "), as: r.actor)
        #expect(w.model.accounts[r.account]?.enrollment == .underReview)
        #expect(w.model.accounts[r.account]?.verificationCodeHash == nil)
        // Once verified the code is spent.
        w.expectRefusal(.verifyEnrollmentEmail(account: r.account, code: code), as: r.actor, .conflict, field: "enrollment")
    }

    @Test func anotherAccountCannotVerifyOrReview() throws {
        var w = try World.standard()
        w.expectRefusal(.verifyEnrollmentEmail(account: w.pending.account, code: "123456"), as: w.r1.actor, .forbidden, field: "account")
        w.expectRefusal(.reviewEnrollment(account: w.underReview.account), as: w.r1.actor, .forbidden, field: "account")
        w.expectRefusal(.reviewEnrollment(account: w.pending.account), as: w.pending.actor, .conflict, field: "enrollment")
    }

    @Test func reviewApprovesAMatchingActiveProfile() throws {
        var w = World()
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "1234567", name: "Contoso", country: "DE")), as: .enrollee)
        let (r, code) = try w.enroll("Contoso", prefix: "contoso", mpn: "1234567", country: "DE")
        try w.run(.verifyEnrollmentEmail(account: r.account, code: code), as: r.actor)
        let receipt = try w.run(.reviewEnrollment(account: r.account), as: r.actor)
        #expect(w.model.accounts[r.account]?.enrollment == .active)
        #expect(receipt.mail.count == 1)
        #expect(receipt.mail[0].body.contains("Admin agent"))
    }

    @Test(arguments: [
        ("country", Fixture.profile(mpn: "2222222", name: "X", country: "FR"), "same country"),
        ("inactive", Fixture.profile(mpn: "2222222", name: "X", active: false), "not active"),
        ("no profile", nil, "no organization profile"),
    ] as [(String, MembershipProfile?, String)])
    func reviewRejectsWithAReason(_ label: String, profile: MembershipProfile?, reason: String) throws {
        var w = World()
        if let profile { try w.run(.registerMembershipProfile(profile), as: .enrollee) }
        let (r, code) = try w.enroll("Contoso", prefix: "contoso", mpn: "2222222", country: "US")
        try w.run(.verifyEnrollmentEmail(account: r.account, code: code), as: r.actor)
        let receipt = try w.run(.reviewEnrollment(account: r.account), as: r.actor)
        guard case .rejected(let why) = w.model.accounts[r.account]?.enrollment else {
            Issue.record("\(label): expected a rejection, got \(String(describing: w.model.accounts[r.account]?.enrollment))")
            return
        }
        #expect(why.contains(reason), "\(label): \(why)")
        #expect(receipt.mail.first?.body.contains(why) == true)
        // A rejected account's MPN ID is free again, and the account acts for no one (rule 9 needs active).
        #expect(w.model.account(mpnId: "2222222") == nil)
        try w.run(.setUserRoles(user: r.admin, roles: [.globalAdmin, .adminAgent]), as: r.actor)
        w.expectRefusal(.placeOrder(customer: Ident(high: 1, low: 1), cart: []), as: r.actor, .conflict, field: "account")
    }

    /// Issue 13 item 2: enrolled with another company's profile, the reseller resubmits with its
    /// own, and the account names that company: its legal name and address, in the tenant's country.
    @Test func aResubmissionTakesTheCompanyItNames() throws {
        var w = try World.standard()
        let r = w.rejected
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "2000016", name: "Rejected Co Inc")), as: .enrollee)
        var address = Fixture.address("US")
        address.line1 = "9 Elm Street"
        w.expectRefusal(.resubmitEnrollment(account: r.account, mpnId: "2000016", legalName: "", address: address),
                        as: r.actor, .invalid, field: "legalName")
        var noStreet = address
        noStreet.line1 = ""
        w.expectRefusal(.resubmitEnrollment(account: r.account, mpnId: "2000016", legalName: "Rejected Co Inc", address: noStreet),
                        as: r.actor, .invalid, field: "address.line1")

        try w.run(.resubmitEnrollment(account: r.account, mpnId: "2000016", legalName: "Rejected Co Inc", address: address),
                  as: r.actor)
        let account = try #require(w.model.accounts[r.account])
        #expect(account.legalName == "Rejected Co Inc" && account.mpnId == "2000016" && account.enrollment == .underReview)
        #expect(account.address == address)
        let record = try #require(w.model.auditLog.last)
        #expect(record.oldValue.contains("legalName: Rejected Co") && record.newValue.contains("legalName: Rejected Co Inc"))
        #expect(record.newValue.contains("address.line1: 9 Elm Street"))
        #expect(!record.newValue.contains("supportContact"), "only what changed")
        try w.run(.reviewEnrollment(account: r.account), as: r.actor)
        #expect(w.model.accounts[r.account]?.enrollment == .active)
    }

    @Test func alreadyEnrolledInCSPIsActiveAtOnceWithoutMail() throws {
        var w = World()
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "3333333", name: "Old Hand Ltd", country: "GB", csp: true)),
                  as: .enrollee)
        var e = Fixture.enrollment("ignored", prefix: "oldhand", mpn: "3333333", country: "US", alreadyEnrolled: true)
        e.legalName = ""
        let receipt = try w.run(.enrollReseller(e), as: .enrollee)
        let createdId = try #require(receipt.createdId)
        let account = try #require(w.model.accounts[createdId])
        #expect(account.enrollment == .active)
        #expect(account.legalName == "Old Hand Ltd")
        #expect(account.country == "GB")
        #expect(account.verificationCodeHash == nil)
        #expect(receipt.mail.isEmpty)
    }

    @Test func alreadyEnrolledShortcutStillChecksTheContactsItIsGiven() throws {
        var w = World()
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "3333333", name: "Old Hand Ltd", csp: true)), as: .enrollee)
        var e = Fixture.enrollment("Old Hand Ltd", prefix: "oldhand", mpn: "3333333", alreadyEnrolled: true)
        e.primaryContact.email = "not-an-email"
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "primaryContact.email")
        e.primaryContact.email = "rita@oldhand.example"
        e.supportContact.url = "support page"
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "supportContact.url")
        e.supportContact.url = ""
        // Issue 13 item 8: the primary contact is asked for; the support desk never stands in for it.
        e.primaryContact = PrimaryContact(name: "", email: "", phone: "")
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "primaryContact.name")
        e.primaryContact = PrimaryContact(name: "Rita Moreno", email: "", phone: "+1 555 010 4001")
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "primaryContact.email")
        e.primaryContact.email = "rita@oldhand.example"
        let id = try #require(try w.run(.enrollReseller(e), as: .enrollee).createdId)
        #expect(w.model.accounts[id]?.primaryContact == PrimaryContact(name: "Rita Moreno", email: "rita@oldhand.example",
                                                                       phone: "+1 555 010 4001"))
        #expect(w.model.accounts[id]?.supportContact == e.supportContact)
    }

    @Test func alreadyEnrolledShortcutNeedsACSPProfile() throws {
        var w = World()
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "3333333", name: "New Ltd")), as: .enrollee)
        let e = Fixture.enrollment("New Ltd", prefix: "newltd", mpn: "3333333", alreadyEnrolled: true)
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .conflict, field: "mpnId")
        let unknown = Fixture.enrollment("New Ltd", prefix: "newltd", mpn: "4444444", alreadyEnrolled: true)
        w.expectRefusal(.enrollReseller(unknown), as: .enrollee, .conflict, field: "mpnId")
    }

    @Test func enrollmentChecksFieldsAndUniqueness() throws {
        var w = try World.standard()
        var e = Fixture.enrollment("New", prefix: "brandnew", mpn: "12345")
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "mpnId")
        e.mpnId = w.r1.mpnId
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .conflict, field: "mpnId")
        e.mpnId = "1000001"  // the provider's
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .conflict, field: "mpnId")
        e.mpnId = "7654321"
        e.tenant = .create(prefix: "contoso")
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .conflict, field: "tenant")
        e.tenant = .existing(domain: "Contoso.onmicrosoft.com")
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .conflict, field: "tenant")
        e.tenant = .existing(domain: "contoso.com")
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "tenant")
        e.tenant = .create(prefix: "Bad_Prefix")
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "domainPrefix")
        e.tenant = .existing(domain: "Fresh.onmicrosoft.com")
        e.tenantCountry = "XX"
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "tenantCountry")
        e.tenantCountry = "US"
        e.primaryContact.email = "not-an-email"
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "primaryContact.email")
        e.primaryContact.email = "rita@fresh.example"
        e.address.line1 = " "
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "address.line1")
        e.address.line1 = "1 Main"
        let receipt = try w.run(.enrollReseller(e), as: .enrollee)
        #expect(w.model.accounts[try #require(receipt.createdId)]?.tenantDomain == "fresh.onmicrosoft.com")
        // The rejected reseller's MPN ID may be enrolled again by its rightful owner.
        var again = Fixture.enrollment("Rejected Co", prefix: "rejected2", mpn: w.rejected.mpnId)
        again.adminUserName = "owner"
        try w.run(.enrollReseller(again), as: .enrollee)
    }

    @Test func aRejectedEnrollmentIsCorrectedInPlaceAndReviewedAgain() throws {
        var w = try World.standard()
        let r = w.rejected
        // Enrolling again is no way out: the tenant is still the rejected account's.
        var again = Fixture.enrollment("Rejected Co", prefix: "rejectedco", mpn: "2000007")
        again.adminUserName = "second"
        w.expectRefusal(.enrollReseller(again), as: .enrollee, .conflict, field: "tenant")

        w.expectRefusal(.resubmitEnrollment(account: r.account, mpnId: "12"), as: r.actor, .invalid, field: "mpnId")
        w.expectRefusal(.resubmitEnrollment(account: r.account, mpnId: w.r1.mpnId), as: r.actor, .conflict, field: "mpnId")
        w.expectRefusal(.resubmitEnrollment(account: r.account, mpnId: "2000007"), as: w.r1.actor, .forbidden, field: "account")
        w.expectRefusal(.resubmitEnrollment(account: w.underReview.account, mpnId: "2000007"), as: w.underReview.actor,
                        .conflict, field: "enrollment")
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "2000007", name: "Rejected Co")), as: .enrollee)
        let receipt = try w.run(.resubmitEnrollment(account: r.account, mpnId: " 2000007 "), as: r.actor)
        #expect(receipt.message.contains("under review"))
        let account = try #require(w.model.accounts[r.account])
        #expect(account.enrollment == .underReview && account.mpnId == "2000007")
        #expect(w.model.account(mpnId: "2000007")?.id == r.account)
        let record = try #require(w.model.auditLog.last)
        #expect(record.operationType == .resubmit_enrollment)
        #expect(record.oldValue.contains("2000006") && record.newValue.contains("2000007"))
        w.expectRefusal(.resubmitEnrollment(account: r.account, mpnId: "2000007"), as: r.actor, .conflict, field: "enrollment")

        try w.run(.reviewEnrollment(account: r.account), as: r.actor)
        #expect(w.model.accounts[r.account]?.enrollment == .active)
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
        #expect(w.replayed() == w.model)
    }

    @Test func providerSetUpChecksItsFields() throws {
        var w = try World.standard()
        w.expectRefusal(.setUpProvider(Fixture.provider("Dup", prefix: "dupdomain", mpn: "1000001")), as: .enrollee,
                        .conflict, field: "mpnId")
        w.expectRefusal(.setUpProvider(Fixture.provider("Dup", prefix: "northwind", mpn: "1000009")), as: .enrollee,
                        .conflict, field: "domainPrefix")
        w.expectRefusal(.setUpProvider(Fixture.provider("", prefix: "x1", mpn: "1000009")), as: .enrollee,
                        .invalid, field: "legalName")
    }

    @Test func profileUpdatesNeedAnAdminAndValidContacts() throws {
        var w = try World.standard()
        w.expectRefusal(.updateAccountProfile(AccountProfileChange(legalName: "X")), as: .user(w.providerSales),
                        .forbidden, field: "roles")
        w.expectRefusal(.updateAccountProfile(AccountProfileChange(supportContact: SupportInfo(email: "x", phone: "1", url: ""))),
                        as: .user(w.providerAdmin), .invalid, field: "supportContact.email")
        try w.run(.updateAccountProfile(AccountProfileChange(legalName: "Northwind Group")), as: .user(w.providerAdmin))
        #expect(w.model.accounts[w.provider]?.legalName == "Northwind Group")
    }
}
