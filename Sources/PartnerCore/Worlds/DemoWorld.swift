import Foundation

/// The demo workspace: every page has something to show. One provider (Contoso
/// Distribution), resellers in every state, `customerCount` customers over several
/// resellers, subscriptions in several states and pending invitations in both directions.
public enum DemoWorld {
    /// Who signs in by default, and the accounts the README's tour uses.
    public static let providerAdmin = "ana@contosodistribution.onmicrosoft.com"

    /// Who owns the customers the provider adds, in order: an index into `partnered`, or
    /// nil for the provider's own. 12 each for Fabrikam and Adatum, 8 for Sakura, 4 of Contoso's.
    static let addedCustomerOwners: [Int?] = Array(repeating: 0, count: 12) + Array(repeating: 1, count: 12)
        + Array(repeating: 2, count: 8) + Array(repeating: nil, count: 4)
    /// The customer who follows Fabrikam's "Invite new customers" link and is created by its consent.
    static let consentingCustomer = NewCustomer(
        companyName: "Coho Winery", domainPrefix: "cohowinery", firstName: "Lucía", lastName: "Ramos",
        email: "admin@coho.example", phone: "+34 91 555 0147", culture: "es-ES", language: "es",
        address: PostalAddress(line1: "Calle Mayor 5", city: "Madrid", postalCode: "28013", country: "ES"))
    /// Every customer the demo has: those added and the one who consented. `demo`'s help
    /// and the docs say this number, so it cannot drift from the workspace.
    public static let customerCount = addedCustomerOwners.count + [consentingCustomer].count

    struct ResellerSpec {
        var name: String, prefix: String, mpn: String, country: String, city: String, contact: String, admin: String
    }

    static let partnered = [
        ResellerSpec(name: "Fabrikam Solutions", prefix: "fabrikamsolutions", mpn: "4812345", country: "US", city: "Seattle", contact: "Mia Chen", admin: "mia"),
        ResellerSpec(name: "Adatum Systeme GmbH", prefix: "adatumsysteme", mpn: "4733001", country: "DE", city: "München", contact: "Jörg Baumann", admin: "joerg"),
        ResellerSpec(name: "さくらクラウド株式会社", prefix: "sakuracloud", mpn: "4755120", country: "JP", city: "Tokyo", contact: "佐藤 花子", admin: "hanako"),
    ]
    static let invited = ResellerSpec(name: "Tailspin IT", prefix: "tailspinit", mpn: "4719000", country: "US", city: "Austin", contact: "Tom Jensen", admin: "tom")
    static let unpartnered = ResellerSpec(name: "Northwind Cloud", prefix: "northwindcloud", mpn: "4700112", country: "CA", city: "Toronto", contact: "Nadia Okafor", admin: "nadia")
    static let underReview = ResellerSpec(name: "Wingtip Consulting", prefix: "wingtipconsulting", mpn: "4790333", country: "GB", city: "London", contact: "Olivia Hart", admin: "olivia")
    static let unverified = ResellerSpec(name: "Litware Partners", prefix: "litwarepartners", mpn: "4790444", country: "US", city: "Boston", contact: "Liam Ford", admin: "liam")

    public static func build(names: WorldNames, catalog: OfferCatalog, now: Date, fresh: any FreshValues) throws(DomainError) -> WorldBuilder {
        // Start 13 months back so some yearly subscriptions end within 30 days of today.
        var w = WorldBuilder(context: CommandContext(now: now.addingTimeInterval(-400 * 86_400), fresh: fresh, catalog: catalog))
        let setup = try w.run(.setUpProvider(ProviderSetup(
            legalName: "Contoso Distribution", mpnId: "4600001", country: "US", domainPrefix: "contosodistribution",
            address: PostalAddress(line1: "1 Microsoft Way", city: "Redmond", state: "WA", postalCode: "98052", country: "US"),
            primaryContact: PrimaryContact(name: "Ana Silva", email: "ana.silva@contoso.example", phone: "+1 425 555 0100"),
            supportContact: SupportInfo(email: "support@contoso.example", phone: "+1 425 555 0199", url: "https://support.contoso.example"),
            adminDisplayName: "Ana Silva", adminUserName: "ana")), as: .enrollee)
        guard let provider = setup.createdId, let ana = w.model.user(principal: providerAdmin)?.id else {
            throw DomainError(.notFound, field: "provider", "demo provider was not created")
        }
        try w.run(.setUserRoles(user: ana, roles: [.globalAdmin, .adminAgent]), as: .user(ana))
        try w.run(.addUser(displayName: "Ben Ortiz", userPrincipalName: "ben", roles: [.salesAgent]), as: .user(ana))
        try w.run(.addUser(displayName: "Carla Nguyen", userPrincipalName: "carla", roles: [.helpdeskAgent]), as: .user(ana))
        try w.run(.submitProfileChangeRequest([
            ListingLocation(country: "US", companyName: "Contoso Distribution", logoURL: "https://contoso.example/logo.png", targetURL: "https://contoso.example/partners"),
            ListingLocation(country: "CA", companyName: "Contoso Distribution Canada", logoURL: "https://contoso.example/logo.png", targetURL: "https://contoso.example/ca/partners"),
        ]), as: .user(ana))
        w.advance(days: 20)
        try w.run(.completeDueProfileChangeRequests, as: .user(ana))

        var resellers: [(AccountID, UserID)] = []
        for spec in partnered {
            let (reseller, admin) = try w.enrollActiveReseller(enrollment(spec), country: spec.country)
            let draft = try w.invite(.reseller(reseller), as: .user(ana))
            w.advance(days: 1)
            try w.run(.authorizeProvider(invitation: draft.id, token: draft.token, authorized: true), as: .user(admin))
            resellers.append((reseller, admin))
        }
        let (tailspin, _) = try w.enrollActiveReseller(enrollment(invited), country: invited.country)
        try w.enrollActiveReseller(enrollment(unpartnered), country: unpartnered.country)
        // Wingtip verified its email and waits for review; Litware has not verified yet.
        let wingtip = try w.run(.enrollReseller(enrollment(underReview)), as: .enrollee)
        if let id = wingtip.createdId, let admin = w.model.users.values.first(where: { $0.accountId == id }) {
            try w.run(.verifyEnrollmentEmail(account: id, code: wingtip.verificationCode ?? ""), as: .user(admin.id))
        }
        try w.run(.enrollReseller(enrollment(unverified)), as: .enrollee)

        let offers = catalog.offers.filter { !$0.isAzure }
        var customers: [CustomerID] = []
        let owners: [AccountID?] = addedCustomerOwners.map { $0.map { resellers[$0].0 } }
        for (i, owner) in owners.enumerated() {
            w.advance(days: 8)
            let details = customer(i, names: names)
            let cart = (0..<(1 + i % 3)).map { k in
                let offer = offers[(i * 5 + k * 7) % offers.count]
                return CartLine(offerId: offer.id, quantity: min(offer.maximumQuantity, max(offer.minimumQuantity, 5 + (i * 13 + k * 17) % 60)))
            }
            let receipt = try w.run(.addCustomer(details, reseller: owner, cart: cart), as: .user(ana))
            if let id = receipt.createdId { customers.append(id) }
        }
        // Subscriptions in several states: some suspended, some with a designated support contact.
        for (i, customerId) in customers.enumerated() {
            guard let sub = w.model.subscriptions(of: customerId).first, let owner = owners[i] else { continue }
            if i % 5 == 0 {
                try w.run(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)), as: .user(ana))
            } else if i % 3 == 0 {
                try w.run(.updateSubscription(sub.id, SubscriptionChange(supportContact: .some(owner))), as: .user(ana))
            }
        }
        // Pending invitations in both directions, sent in the last few days so they are still open.
        w.context.now = max(w.context.now, now.addingTimeInterval(-3 * 86_400))
        // One subscription left to expire, one with fewer licenses scheduled for its renewal (rule 11).
        if let sub = w.model.subscriptions(of: customers[7]).first(where: \.isLive) {
            try w.run(.updateSubscription(sub.id, SubscriptionChange(autoRenewEnabled: false)), as: .user(ana))
        }
        if let sub = w.model.subscriptions(of: customers[4]).first(where: { $0.isLive && $0.quantity > 1 }) {
            try w.run(.scheduleNextTerm(sub.id, NextTermInstructions(quantity: sub.quantity - 1)), as: .user(ana))
        }
        try w.invite(.reseller(tailspin), as: .user(ana))
        let fabrikamAdmin = resellers[0].1
        try w.invite(.customerWithProvider(email: "it@margiestravel.example", provider: provider), as: .user(fabrikamAdmin))
        try w.invite(.customer(email: "owner@alpineski.example", existing: nil), as: .user(fabrikamAdmin))
        // A customer who followed Fabrikam's "Invite new customers" link.
        let accepted = try w.invite(.customerWithProvider(email: consentingCustomer.email, provider: provider), as: .user(fabrikamAdmin))
        w.advance(days: 1)
        try w.run(.consentToInvitation(accepted.id, token: accepted.token, customer: .new(consentingCustomer)),
                  as: .customer(email: consentingCustomer.email))
        w.context.now = now
        // Terms that ended since the last change renew or expire, as opening it would do.
        if let admin = w.model.users[ana] {
            w.recordTermEnds(for: TermEndRecorder(userPrincipalName: admin.userPrincipalName, accountId: admin.accountId))
        }
        return w
    }

    static func enrollment(_ s: ResellerSpec) -> ResellerEnrollment {
        ResellerEnrollment(
            tenant: .create(prefix: s.prefix), tenantCountry: s.country, pmcUserName: "\(s.admin)@\(s.prefix).example",
            mpnId: s.mpn, legalName: s.name,
            address: PostalAddress(line1: "10 Market Street", city: s.city, postalCode: "10001", country: s.country),
            primaryContact: PrimaryContact(name: s.contact, email: "\(s.admin)@\(s.prefix).example", phone: "+1 555 010 2000"),
            supportContact: SupportInfo(email: "help@\(s.prefix).example", phone: "+1 555 010 2999", url: "https://\(s.prefix).example/support"),
            adminDisplayName: s.contact, adminUserName: s.admin)
    }

    /// A customer with a realistic name; `i` makes the name and domain unique.
    public static func customer(_ i: Int, names: WorldNames, salt: Int = 0) -> NewCustomer {
        let word = names.companyWords[(i * 7 + salt) % names.companyWords.count]
        let kind = names.companyKinds[(i * 11 + salt / 3) % names.companyKinds.count]
        let city = names.cities[(i + salt) % names.cities.count]
        let first = names.firstNames[(i * 3 + salt) % names.firstNames.count]
        let last = names.lastNames[(i * 5 + salt / 7) % names.lastNames.count]
        let ascii = (word + kind).lowercased().unicodeScalars.filter { ("a"..."z").contains($0) }.map(String.init).joined()
        let prefix = "c" + String(ascii.prefix(14)) + String(i)
        return NewCustomer(
            companyName: "\(word) \(kind)", domainPrefix: String(prefix.prefix(27)), firstName: first, lastName: last,
            email: "it@\(prefix).example", phone: "+1 555 \(String(format: "%03d", i % 1000)) \(String(format: "%04d", (i * 37) % 10000))",
            culture: city[4], language: String(city[4].prefix(2)),
            address: PostalAddress(line1: "\(1 + i % 200) \(names.streets[(i + salt) % names.streets.count])", city: city[0],
                                   state: city[1], postalCode: city[2], country: city[3]))
    }
}
