import Foundation
import PartnerCore
import Testing

/// One text field of one command: how to build the command with that field's valid value
/// changed by `edit`, and the name the refusal must give.
struct TextSite: Sendable, CustomTestStringConvertible {
    typealias Edit = @Sendable (String) -> String
    let command: String
    let field: String
    let make: @Sendable (inout World, Edit) throws -> (Command, Actor)

    var testDescription: String { "\(command) \(field)" }
}

/// Every text field of every command `decide` accepts, whatever the front end.
enum TextSites {
    static let customerActor = Actor.customer(email: "it@acme.example")

    /// The text fields a command carries, by an exhaustive switch: a new `Command` case does
    /// not compile here until its text fields are listed, and `everyTextFieldOfEveryCommandHasASite`
    /// fails until each has a site below.
    static func textFields(of command: Command) -> (command: String, fields: Set<String>) {
        let address: Set<String> = ["address.line1", "address.line2", "address.city", "address.state", "address.postalCode"]
        let contacts = Set(AccountProfileField.contacts.map(\.name))
        let customer = Set(CustomerField.allCases.map(\.name))
        let cart: Set<String> = ["cart[0].offerId", "cart[0].friendlyName"]
        switch command {
        case .setUpProvider:
            return ("setUpProvider", address.union(contacts).union(["legalName", "mpnId", "country", "domainPrefix",
                                                                    "adminDisplayName", "adminUserName"]))
        case .enrollReseller:
            return ("enrollReseller", address.union(contacts).union(["domainPrefix", "tenant", "tenantCountry", "pmcUserName",
                                                                     "mpnId", "legalName", "adminDisplayName", "adminUserName"]))
        case .verifyEnrollmentEmail: return ("verifyEnrollmentEmail", ["code"])
        case .reviewEnrollment: return ("reviewEnrollment", [])
        case .resubmitEnrollment: return ("resubmitEnrollment", address.union(["mpnId", "legalName"]))
        case .updateAccountProfile: return ("updateAccountProfile", address.union(contacts).union(["legalName"]))
        case .registerMembershipProfile:
            return ("registerMembershipProfile", address.union(["mpnId", "organizationName", "country", "pmcUserName"]))
        case .addUser: return ("addUser", ["displayName", "userPrincipalName"])
        case .setUserRoles: return ("setUserRoles", [])
        case .submitProfileChangeRequest:
            return ("submitProfileChangeRequest", Set(ListingLocationField.allCases.map { FieldRef.listingLocation(0, $0).name }))
        case .completeDueProfileChangeRequests: return ("completeDueProfileChangeRequests", [])
        case .sendInvitation: return ("sendInvitation", ["to", "from", "subject", "body", "token"])
        case .withdrawInvitation: return ("withdrawInvitation", [])
        case .authorizeProvider: return ("authorizeProvider", ["token"])
        case .declineInvitation: return ("declineInvitation", ["token"])
        case .consentToInvitation: return ("consentToInvitation", customer.union(["token", "domain"]))
        case .endPartnership: return ("endPartnership", [])
        case .addCustomer: return ("addCustomer", customer.union(cart))
        case .placeOrder: return ("placeOrder", cart)
        case .updateSubscription: return ("updateSubscription", ["friendlyName"])
        // Offer ids are looked up in the catalog, never stored as typed.
        case .cancelSubscription: return ("cancelSubscription", [])
        case .upgradeSubscription: return ("upgradeSubscription", [])
        case .scheduleNextTerm: return ("scheduleNextTerm", [])
        case .removeResellerRelationship: return ("removeResellerRelationship", [])
        }
    }

    /// A command of each case that carries no text (for the coverage check).
    static func withoutText(_ w: World) -> [Command] {
        [.reviewEnrollment(account: w.underReview.account), .setUserRoles(user: w.providerAdmin, roles: [.globalAdmin]),
         .completeDueProfileChangeRequests, .withdrawInvitation(w.provider), .endPartnership(partner: w.r1.account),
         .removeResellerRelationship(customer: w.provider, partner: w.r1.account), .cancelSubscription(w.provider),
         .upgradeSubscription(w.provider, offerId: "m365-e5"), .scheduleNextTerm(w.provider, nil)]
    }

    static let all: [TextSite] = provider + enrollment + resubmission + profile + membership + users + listing + invitations
        + consent + customers

    private static func site(_ command: String, _ field: String,
                             _ make: @escaping @Sendable (inout World, TextSite.Edit) throws -> (Command, Actor)) -> TextSite {
        TextSite(command: command, field: field, make: make)
    }

    private static func editing<Value>(_ value: Value, _ key: WritableKeyPath<Value, String>, _ edit: TextSite.Edit) -> Value {
        var copy = value
        copy[keyPath: key] = edit(copy[keyPath: key])
        return copy
    }

    typealias Path<Root> = WritableKeyPath<Root, String> & Sendable

    private static let addressKeys: [(String, Path<PostalAddress>)] = [
        ("address.line1", \.line1), ("address.line2", \.line2), ("address.city", \.city), ("address.state", \.state),
        ("address.postalCode", \.postalCode)]
    private static let primaryKeys: [(String, Path<PrimaryContact>)] = [
        ("primaryContact.name", \.name), ("primaryContact.email", \.email), ("primaryContact.phone", \.phone)]
    private static let supportKeys: [(String, Path<SupportInfo>)] = [
        ("supportContact.email", \.email), ("supportContact.phone", \.phone), ("supportContact.url", \.url)]

    /// Sites for every string of a value reached through `keys`, and through its address and contacts.
    private static func account<Value>(
        _ command: String, _ base: @escaping @Sendable (World) -> Value, _ keys: [(String, Path<Value>)],
        address: WritableKeyPath<Value, PostalAddress>, primary: WritableKeyPath<Value, PrimaryContact>?,
        support: WritableKeyPath<Value, SupportInfo>?, actor: @escaping @Sendable (World) -> Actor,
        _ wrap: @escaping @Sendable (Value) -> Command
    ) -> [TextSite] {
        var paths: [(String, WritableKeyPath<Value, String>)] = keys.map { ($0.0, $0.1) }
        paths += addressKeys.map { ($0.0, address.appending(path: $0.1)) }
        if let primary { paths += primaryKeys.map { ($0.0, primary.appending(path: $0.1)) } }
        if let support { paths += supportKeys.map { ($0.0, support.appending(path: $0.1)) } }
        return paths.map { name, path in
            nonisolated(unsafe) let path = path
            return site(command, name) { w, edit in (wrap(editing(base(w), path, edit)), actor(w)) }
        }
    }

    static let provider = account(
        "setUpProvider", { _ in Fixture.provider("Acme Distribution", prefix: "acmedist", mpn: "3000001") },
        [("legalName", \.legalName), ("mpnId", \.mpnId), ("country", \.country), ("domainPrefix", \.domainPrefix),
         ("adminDisplayName", \.adminDisplayName), ("adminUserName", \.adminUserName)],
        address: \.address, primary: \.primaryContact, support: \.supportContact, actor: { _ in .enrollee }, Command.setUpProvider)

    static let enrollment = account(
        "enrollReseller", { _ in Fixture.enrollment("Later Ltd", prefix: "later", mpn: "5555555") },
        [("tenantCountry", \.tenantCountry), ("pmcUserName", \.pmcUserName), ("mpnId", \.mpnId), ("legalName", \.legalName),
         ("adminDisplayName", \.adminDisplayName), ("adminUserName", \.adminUserName)],
        address: \.address, primary: \.primaryContact, support: \.supportContact, actor: { _ in .enrollee }, Command.enrollReseller)
        + [
            site("enrollReseller", "domainPrefix") { _, edit in
                (.enrollReseller(Fixture.enrollment("Later Ltd", prefix: edit("later"), mpn: "5555555")), .enrollee)
            },
            site("enrollReseller", "tenant") { _, edit in
                var e = Fixture.enrollment("Later Ltd", prefix: "later", mpn: "5555555")
                e.tenant = .existing(domain: edit("later.onmicrosoft.com"))
                return (.enrollReseller(e), .enrollee)
            },
            site("verifyEnrollmentEmail", "code") { w, edit in
                let (reseller, code) = try w.enroll("Later Ltd", prefix: "later", mpn: "5555555")
                return (.verifyEnrollmentEmail(account: reseller.account, code: edit(code)), reseller.actor)
            },
            site("resubmitEnrollment", "mpnId") { w, edit in
                (.resubmitEnrollment(account: w.rejected.account, mpnId: edit(w.rejected.mpnId)), w.rejected.actor)
            },
        ]

    static let profile = account(
        "updateAccountProfile", { w in w.model.accounts[w.provider]! }, [("legalName", \.legalName)],
        address: \.address, primary: \.primaryContact, support: \.supportContact, actor: { w in .user(w.providerAdmin) }) {
            .updateAccountProfile(AccountProfileChange(legalName: $0.legalName, address: $0.address,
                                                       primaryContact: $0.primaryContact, supportContact: $0.supportContact))
        }

    /// What a resubmission carries besides the MPN ID (its own site above): the company.
    struct Resubmission: Sendable {
        var account: AccountID
        var mpnId: String
        var legalName: String
        var address: PostalAddress
    }

    static let resubmission = account(
        "resubmitEnrollment", { w in Resubmission(account: w.rejected.account, mpnId: w.rejected.mpnId, legalName: "Rejected Co",
                                                  address: Fixture.address("US")) },
        [("legalName", \.legalName)], address: \.address, primary: nil, support: nil, actor: { w in w.rejected.actor }) {
            .resubmitEnrollment(account: $0.account, mpnId: $0.mpnId, legalName: $0.legalName, address: $0.address)
        }

    static let membership = account(
        "registerMembershipProfile", { _ in Fixture.profile(mpn: "5555555", name: "Later Ltd") },
        [("mpnId", \.mpnId), ("organizationName", \.organizationName), ("country", \.country), ("pmcUserName", \.pmcUserName)],
        address: \.address, primary: nil, support: nil, actor: { _ in .enrollee }, Command.registerMembershipProfile)

    static let users = [
        site("addUser", "displayName") { w, edit in
            (.addUser(displayName: edit("Olga Berg"), userPrincipalName: "olga", roles: []), .user(w.providerAdmin))
        },
        site("addUser", "userPrincipalName") { w, edit in
            (.addUser(displayName: "Olga Berg", userPrincipalName: edit("olga"), roles: []), .user(w.providerAdmin))
        },
    ]

    static let listing = ListingLocationField.allCases.map { field in
        site("submitProfileChangeRequest", FieldRef.listingLocation(0, field).name) { w, edit in
            var location = ListingLocation(country: "US", companyName: "Northwind", logoURL: "https://northwind.example/logo.png",
                                           targetURL: "https://northwind.example")
            switch field {
            case .country: location.country = edit(location.country)
            case .companyName: location.companyName = edit(location.companyName)
            case .logoURL: location.logoURL = edit(location.logoURL)
            case .targetURL: location.targetURL = edit(location.targetURL)
            }
            return (.submitProfileChangeRequest([location]), .user(w.providerAdmin))
        }
    }

    static let invitations: [TextSite] = [
        (InvitationField.to, \InvitationDraft.to), (.from, \.from), (.subject, \.subject), (.token, \.token),
    ].map { field, path in
        site("sendInvitation", field.name) { w, edit in
            let d = try w.draft(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
            return (.sendInvitation(editing(d, path, edit), body: d.body), w.r1.actor)
        }
    } + [
        site("sendInvitation", "body") { w, edit in
            let d = try w.draft(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
            return (.sendInvitation(d, body: edit(d.body)), w.r1.actor)
        },
        site("authorizeProvider", "token") { w, edit in
            let (p, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
            return (.authorizeProvider(invitation: p.id, token: edit(p.token), authorized: true), w.r3.actor)
        },
        site("declineInvitation", "token") { w, edit in
            let (c, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
            return (.declineInvitation(c.id, token: edit(c.token)), customerActor)
        },
        site("consentToInvitation", "token") { w, edit in
            let (c, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
            return (.consentToInvitation(c.id, token: edit(c.token), customer: .new(Fixture.customer("acme"))), customerActor)
        },
        site("consentToInvitation", "domain") { w, edit in
            // An existing customer answers an invitation sent to its billing address.
            _ = try w.addCustomer("acme", for: w.r1.account)
            let (c, _) = try w.invite(.customer(email: "cleo@acme.example", existing: nil), as: w.r2.actor)
            return (.consentToInvitation(c.id, token: c.token, customer: .existing(domain: edit("acme.onmicrosoft.com"))),
                    .customer(email: "cleo@acme.example"))
        },
    ]

    static let consent = CustomerField.allCases.map { field in
        site("consentToInvitation", field.name) { w, edit in
            let (c, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
            return (.consentToInvitation(c.id, token: c.token, customer: .new(newCustomer(field, edit))), customerActor)
        }
    }

    static func newCustomer(_ field: CustomerField, _ edit: TextSite.Edit) -> NewCustomer {
        let valid = Fixture.customer("acme")
        return NewCustomer { $0 == field ? edit(valid[$0]) : valid[$0] }
    }

    static func cart(_ field: CartLineField, _ edit: TextSite.Edit) -> [CartLine] {
        [CartLine(offerId: field == .offerId ? edit(Fixture.m365.id) : Fixture.m365.id, quantity: 2,
                  friendlyName: field == .friendlyName ? edit("Head office") : "Head office")]
    }

    static let customers = CustomerField.allCases.map { field in
        site("addCustomer", field.name) { w, edit in
            (.addCustomer(newCustomer(field, edit), reseller: w.r1.account, cart: cart(.offerId, { $0 })), .user(w.providerAdmin))
        }
    } + CartLineField.allCases.flatMap { field in [
        site("addCustomer", FieldRef.cartLine(0, field).name) { w, edit in
            (.addCustomer(Fixture.customer("acme"), reseller: w.r1.account, cart: cart(field, edit)), .user(w.providerAdmin))
        },
        site("placeOrder", FieldRef.cartLine(0, field).name) { w, edit in
            let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
            return (.placeOrder(customer: customer, cart: cart(field, edit)), .user(w.providerAdmin))
        },
    ] } + [
        site("updateSubscription", "friendlyName") { w, edit in
            let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
            let subscription = w.model.subscriptions(of: customer)[0]
            return (.updateSubscription(subscription.id, SubscriptionChange(friendlyName: edit("Head office"))), .user(w.providerAdmin))
        },
    ]
}

/// The characters no text field holds (C0, DEL, C1, bidirectional overrides and isolates).
enum Forbidden: String, CaseIterable, Sendable {
    case escape = "\u{1B}", bell = "\u{07}", null = "\u{00}", delete = "\u{7F}", nextLine = "\u{85}"
    case rightToLeftOverride = "\u{202E}", leftToRightIsolate = "\u{2066}", tab = "\t", carriageReturn = "\r"
    case carriageReturnLineFeed = "\r\n"

    func put(into value: String) -> String { Self.put(rawValue, into: value) }

    /// Puts `text` in place of the value's second character (so a body keeps its link whole
    /// and a two-letter code stays two characters long), or after a shorter value.
    static func put(_ text: String, into value: String) -> String {
        guard value.count >= 2 else { return value + text }
        return String(value.prefix(1)) + text + value.dropFirst(2)
    }
}

@Suite("Field rules: no control characters or bidirectional overrides, whatever the front end")
struct TextFieldTests {
    @Test func everySiteIsAcceptedAsItIs() throws {
        for site in TextSites.all {
            var w = try World.standard()
            let (command, actor) = try site.make(&w) { $0 }
            do { try w.run(command, as: actor) } catch { Issue.record("\(site.testDescription): \(error)") }
        }
    }

    @Test func everyTextFieldOfEveryCommandHasASite() throws {
        var covered: [String: Set<String>] = [:]
        var expected: [String: Set<String>] = [:]
        for site in TextSites.all {
            var w = try World.standard()
            let (command, _) = try site.make(&w) { $0 }
            let (name, fields) = TextSites.textFields(of: command)
            #expect(name == site.command)
            covered[name, default: []].insert(site.field)
            expected[name] = fields
        }
        for command in TextSites.withoutText(try World.standard()) {
            let (name, fields) = TextSites.textFields(of: command)
            #expect(fields.isEmpty, "\(name)")
            covered[name] = []
            expected[name] = []
        }
        #expect(covered == expected)
        // Every case of `Command` (the switch in `textFields(of:)` has 24).
        #expect(covered.count == 24)
    }

    @Test(arguments: TextSites.all, Forbidden.allCases)
    func aForbiddenCharacterIsRefusedNamingItsField(_ site: TextSite, _ character: Forbidden) throws {
        var w = try World.standard()
        let (command, actor) = try site.make(&w, character.put)
        let error = w.expectRefusal(command, as: actor, .invalid, field: site.field)
        #expect(error?.message.hasPrefix("must not contain") == true, "\(String(describing: error))")
        #expect(error?.fieldRef?.name == site.field, "the refusal carries its typed row")
        #expect(error.map { !$0.message.contains(character.rawValue) } == true, "the refusal itself carries no raw control")
    }

    @Test(arguments: TextSites.all.filter { $0.field != "body" })
    func aLineBreakIsRefusedOutsideABody(_ site: TextSite) throws {
        var w = try World.standard()
        let (command, actor) = try site.make(&w) { Forbidden.put("\n", into: $0) }
        let error = w.expectRefusal(command, as: actor, .invalid, field: site.field)
        #expect(error?.message.contains("line break") == true, "\(String(describing: error))")
    }

    @Test func aBodyTakesLineFeedsOnly() throws {
        var w = try World.standard()
        let d = try w.draft(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        let crlf = w.expectRefusal(.sendInvitation(d, body: d.body.replacingOccurrences(of: "\n", with: "\r\n")), as: w.r1.actor,
                                   .invalid, field: "body")
        #expect(crlf?.message.contains("line breaks are LF only") == true)
        let body = "Hello,\n\n\nfollow this:\n\(d.link)\n\nBye\n"
        let receipt = try w.run(.sendInvitation(d, body: body), as: w.r1.actor)
        #expect(receipt.mail.first?.body == body)
    }

    /// The draft is the caller's value: its From must be the one sending it.
    @Test func aDraftsFromIsTheSignedInUser() throws {
        var w = try World.standard()
        var d = try w.draft(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        d.from = "ana@northwind.onmicrosoft.com"
        w.expectRefusal(.sendInvitation(d, body: d.body), as: w.r1.actor, .forbidden, field: "from")
    }

    /// A consent is recorded as the address the invitation holds (checked when it was sent),
    /// not as the text the customer's side gave, which may differ in case only.
    @Test func aConsentIsRecordedAsTheInvitationsAddress() throws {
        var w = try World.standard()
        let (c, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        try w.run(.consentToInvitation(c.id, token: c.token, customer: .new(Fixture.customer("acme"))),
                  as: .customer(email: "IT@Acme.Example"))
        #expect(w.model.invitations[c.id]?.respondedBy == "it@acme.example")
        #expect(w.model.auditLog.last?.userPrincipalName == "it@acme.example")
    }

    /// An account's address has no country of its own: the account's is stored, whatever
    /// the command carried.
    @Test func anAccountsAddressTakesTheAccountsCountry() throws {
        var w = try World.standard()
        var setup = Fixture.provider("Acme Distribution", prefix: "acmedist", mpn: "3000001")
        setup.address.country = "\u{1B}]52;c;SGFja2Vk\u{07}"
        let id = try #require(try w.run(.setUpProvider(setup), as: .enrollee).createdId)
        #expect(w.model.accounts[id]?.address.country == "US")
        var address = Fixture.address("DE")
        address.country = "\u{202E}XX"
        try w.run(.updateAccountProfile(AccountProfileChange(address: address)), as: .user(w.providerAdmin))
        #expect(w.model.accounts[w.provider]?.address.country == "US")
        var profile = Fixture.profile(mpn: "5555555", name: "Later Ltd")
        profile.address.country = "\u{07}"
        try w.run(.registerMembershipProfile(profile), as: .enrollee)
        #expect(w.model.membershipProfiles["5555555"]?.address.country == "US")
    }

    /// Rules apply when a command is decided; events are facts, so a journal written before
    /// a rule existed still replays, text and all.
    @Test func oldEventsWithSuchTextStillApply() throws {
        var w = try World.standard()
        let (id, _) = try w.addCustomer("acme", for: w.r1.account)
        var customer = try #require(w.model.customers[id])
        customer.companyProfile.companyName = "\u{1B}]52;c;SGFja2Vk\u{07} Co"
        customer.billingProfile.email = "x,victim@attacker.example"
        let old = Transaction(date: w.now, userPrincipalName: "ana@northwind.onmicrosoft.com", accountId: w.provider,
                              events: [.customerUpdated(customer)],
                              audit: AuditEntry(operationType: .add_customer, resourceName: customer.companyProfile.companyName,
                                                involvedAccounts: [w.provider]))
        w.commit(old)
        #expect(w.model.customers[id]?.companyProfile.companyName == customer.companyProfile.companyName)
        #expect(w.replayed() == w.model)
    }
}

/// Every field's maximum length, one row at a time, through every command that carries
/// it: one character more is refused naming the field; free text of exactly the maximum
/// is taken.
@Suite struct FieldLengthTests {
    /// Every table's rows, as refusals name them (a cart line and a listing location by index 0).
    static let rows: [FieldRef] = CustomerField.allCases.map(FieldRef.customer) + AccountProfileField.allCases.map(FieldRef.accountProfile)
        + AccountSetupField.allCases.map(FieldRef.accountSetup) + UserField.allCases.map(FieldRef.user)
        + ListingLocationField.allCases.map { .listingLocation(0, $0) } + SubscriptionField.allCases.map(FieldRef.subscription)
        + InvitationField.allCases.map(FieldRef.invitation) + MembershipProfileField.allCases.map(FieldRef.membershipProfile)
        + CartLineField.allCases.map { .cartLine(0, $0) }

    static func spec(of site: TextSite) -> FieldSpec? { rows.first { $0.name == site.field }?.spec }

    static func padded(_ value: String, to length: Int) -> String {
        value + String(repeating: value.last.map(String.init) ?? "a", count: length - value.count)
    }

    @Test(arguments: TextSites.all)
    func oneCharacterTooManyIsRefused(_ site: TextSite) throws {
        var w = try World.standard()
        let spec = try #require(Self.spec(of: site), "\(site.testDescription) has no table row")
        let (command, actor) = try site.make(&w) { Self.padded($0, to: spec.maxLength + 1) }
        let error = w.expectRefusal(command, as: actor, .invalid, field: site.field)
        #expect(error?.message.contains("at most \(spec.maxLength) characters") == true, "\(String(describing: error))")
        #expect(error?.fieldRef?.name == site.field && error?.fieldRef?.spec.maxLength == spec.maxLength, "the refusal carries its typed row")
    }

    /// Free text (not a format, a secret or a name looked up) of exactly the maximum.
    static let freeText = TextSites.all.filter { site in
        guard let rule = spec(of: site)?.rule, rule == .required || rule == .optional else { return false }
        return !["code", "token", "domain", "cart[0].offerId", "userPrincipalName", "adminUserName"].contains(site.field)
    }

    @Test(arguments: freeText)
    func theMaximumItselfIsTaken(_ site: TextSite) throws {
        var w = try World.standard()
        let spec = try #require(Self.spec(of: site))
        let (command, actor) = try site.make(&w) { Self.padded($0, to: spec.maxLength) }
        try w.run(command, as: actor)
    }
}
