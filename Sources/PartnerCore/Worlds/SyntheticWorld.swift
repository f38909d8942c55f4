import Foundation

/// `partnerdash gen`: a large workspace for tests and benchmarks, the same for the same
/// seed. Built through the same commands as everything else.
public enum SyntheticWorld {
    public static func build(resellers: Int, customers: Int, seed: UInt64, names: WorldNames, catalog: OfferCatalog,
                             now: Date, progress: ((Int) -> Void)? = nil) throws(DomainError) -> WorldBuilder {
        var random = SeededFreshValues(seed: seed ^ 0x5EED)
        var w = WorldBuilder(context: CommandContext(now: now.addingTimeInterval(-500 * 86_400),
                                                     fresh: SeededFreshValues(seed: seed), catalog: catalog),
                             keepsTransactions: false)
        w.recordsTermEndsBeforeEachChange = false
        try w.run(.setUpProvider(ProviderSetup(
            legalName: "Contoso Distribution", mpnId: "4600001", country: "US", domainPrefix: "contosodistribution",
            address: PostalAddress(line1: "1 Microsoft Way", city: "Redmond", state: "WA", postalCode: "98052", country: "US"),
            primaryContact: PrimaryContact(name: "Ana Silva", email: "ana.silva@contoso.example", phone: "+1 425 555 0100"),
            supportContact: SupportInfo(email: "support@contoso.example", phone: "+1 425 555 0199", url: "https://support.contoso.example"),
            adminDisplayName: "Ana Silva", adminUserName: "ana")), as: .enrollee)
        guard let ana = w.model.user(principal: DemoWorld.providerAdmin)?.id else {
            throw DomainError(.notFound, field: "provider", "provider was not created")
        }
        try w.run(.setUserRoles(user: ana, roles: [.globalAdmin, .adminAgent]), as: .user(ana))
        var resellerIds: [AccountID] = []
        for r in 0..<resellers {
            let city = names.cities[r % names.cities.count]
            let name = "\(names.companyWords[r % names.companyWords.count]) \(names.companyKinds[(r / names.companyWords.count) % names.companyKinds.count]) \(r + 1)"
            let prefix = "reseller\(r + 1)"
            let (reseller, admin) = try w.enrollActiveReseller(ResellerEnrollment(
                tenant: .create(prefix: prefix), tenantCountry: city[3], pmcUserName: "admin@\(prefix).example",
                mpnId: String(4_000_000 + r), legalName: name,
                address: PostalAddress(line1: "\(r + 1) \(names.streets[r % names.streets.count])", city: city[0], postalCode: city[2], country: city[3]),
                primaryContact: PrimaryContact(name: "Admin \(r + 1)", email: "admin@\(prefix).example", phone: "+1 555 010 \(String(format: "%04d", r % 10000))"),
                supportContact: SupportInfo(email: "help@\(prefix).example", phone: "+1 555 020 \(String(format: "%04d", r % 10000))", url: ""),
                adminDisplayName: "Admin \(r + 1)", adminUserName: "admin"), country: city[3])
            let draft = try w.invite(.reseller(reseller), as: .user(ana))
            try w.run(.authorizeProvider(invitation: draft.id, token: draft.token, authorized: true), as: .user(admin))
            resellerIds.append(reseller)
        }
        let offers = catalog.offers.filter { !$0.isAzure }
        let step = 500.0 * 86_400 / Double(max(customers, 1))
        for c in 0..<customers {
            w.context.now = w.context.now.addingTimeInterval(step)
            let owner: AccountID? = resellerIds.isEmpty ? nil : resellerIds[Int(random.next() % UInt64(resellerIds.count))]
            let count = 1 + Int(random.next() % 5)
            let cart = (0..<count).map { _ in
                let offer = offers[Int(random.next() % UInt64(offers.count))]
                return CartLine(offerId: offer.id, quantity: offer.minimumQuantity + Int(random.next() % UInt64(min(100, offer.maximumQuantity - offer.minimumQuantity + 1))))
            }
            try w.run(.addCustomer(DemoWorld.customer(c, names: names, salt: Int(seed % 97)), reseller: owner, cart: cart), as: .user(ana))
            if c % 10_000 == 0 { progress?(c) }
        }
        w.context.now = now
        if let admin = w.model.users[ana] {
            w.recordTermEnds(for: TermEndRecorder(userPrincipalName: admin.userPrincipalName, accountId: admin.accountId))
        }
        return w
    }
}
