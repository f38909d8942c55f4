import Foundation
import PartnerCore
import Testing

/// The queries the command line and the dashboard read: finding things by what people
/// type (within what the account may see), the Indirect resellers page, filters, and the
/// model's invariants.
@Suite struct QueryTests {
    @Test func theCustomerListFiltersAsTheCustomersPageDoes() throws {
        var w = try World.standard()
        for (prefix, name) in [("lodzfoods", "Łódź Foods"), ("abctrading", "ＡＢＣ Trading"), ("plainco", "Plain Co")] {
            try w.run(.addCustomer(Fixture.customer(prefix, name: name), reseller: w.r1.account,
                                   cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]), as: .user(w.providerAdmin))
        }
        #expect(w.model.customerList(visibleTo: w.provider, matching: " lodz ").map(\.name) == ["Łódź Foods"])
        #expect(w.model.customerList(visibleTo: w.provider, matching: "abc").map(\.name) == ["ＡＢＣ Trading"])
        let index = CustomerSearchIndex(model: w.model, ids: w.model.customerIds(visibleTo: w.provider))
        #expect(w.model.customerList(visibleTo: w.provider).map(\.id) == index.ids, "in the page's order")
    }

    /// A provider's page visits the model's customers in table order (most of the model),
    /// a small set looks each id up: both give the index the customers themselves give,
    /// and ids the model does not know are left out.
    @Test func theIndexOfASetIsTheIndexOfItsCustomersWhicheverWayItIsRead() throws {
        let m = try demo().model
        let all = CustomerIdSet(m.customers.keys)
        #expect(all.count >= 20)
        let sorted = all.sorted()
        let unknown = Ident(high: 0xDEAD, low: 1)
        let sets: [CustomerIdSet] = [
            all,
            CustomerIdSet(sorted.enumerated().filter { $0.offset % 3 != 0 }.map(\.element) + [unknown]),
            CustomerIdSet(sorted.prefix(3) + [unknown]),
            [],
        ]
        for ids in sets {
            let index = CustomerSearchIndex(model: m, ids: ids)
            let plain = CustomerSearchIndex(ids.compactMap { m.customers[$0] })
            #expect(index.ids == plain.ids, "\(ids.count) ids")
            #expect(index.positions(matching: "a") == plain.positions(matching: "a"))
        }
    }

    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func demo() throws -> WorldBuilder {
        try DemoWorld.build(names: DemoWorldTests.names(), catalog: DemoWorldTests.catalog(), now: now,
                            fresh: SeededFreshValues(seed: 3))
    }

    @Test func findAccountByWhatPeopleType() throws {
        let m = try demo().model
        let fabrikam = try #require(m.account(mpnId: "4812345"))
        #expect(try m.findAccount("4812345").id == fabrikam.id)
        #expect(try m.findAccount("fabrikamsolutions").id == fabrikam.id)
        #expect(try m.findAccount("FABRIKAM").id == fabrikam.id)
        #expect(try m.findAccount(fabrikam.id.description).id == fabrikam.id)
        #expect(try m.findAccount("さくら", kind: .indirectReseller).mpnId == "4755120")
        #expect(throws: DomainError.self) { try m.findAccount("Fabrikam", kind: .indirectProvider) }
        // "o" is in many names: ambiguous, and the message says so.
        do {
            _ = try m.findAccount("o", kind: .indirectReseller, field: "reseller")
            Issue.record("an ambiguous name was accepted")
        } catch {
            #expect(error.field == "reseller" && error.message.contains("matches"))
        }
    }

    @Test func findCustomerOnlyAmongVisibleOnes() throws {
        let m = try demo().model
        let fabrikam = try #require(m.account(mpnId: "4812345")).id
        let adatum = try #require(m.account(mpnId: "4733001")).id
        let adatumCustomer = try #require(m.customerList(visibleTo: adatum).first { !$0.isResellerOfRecord(fabrikam) })
        #expect(try m.findCustomer(adatumCustomer.companyProfile.domain, visibleTo: adatum).id == adatumCustomer.id)
        #expect(throws: DomainError.self) { try m.findCustomer(adatumCustomer.companyProfile.domain, visibleTo: fabrikam) }
        #expect(throws: DomainError.self) { try m.findCustomer(adatumCustomer.id.description, visibleTo: fabrikam) }
        #expect(try m.findCustomer(String(adatumCustomer.id.description.prefix(8)), visibleTo: adatum).id == adatumCustomer.id)
        let subscription = try #require(m.subscriptions(of: adatumCustomer.id).first)
        #expect(try m.findSubscription(subscription.id.short, visibleTo: adatum).id == subscription.id)
        #expect(throws: DomainError.self) { try m.findSubscription(subscription.id.short, visibleTo: fabrikam) }
    }

    @Test func resellerOverviewShowsEveryStateInPageOrder() throws {
        let m = try demo().model
        let provider = try #require(m.account(mpnId: "4600001")).id
        let rows = m.resellerOverview(for: provider, at: now)
        #expect(rows.map(\.state) == [.active, .active, .active, .invited, .none])
        #expect(rows.last?.reseller.legalName == "Northwind Cloud" && rows.last?.since == nil)
        let fabrikam = try #require(rows.first { $0.reseller.mpnId == "4812345" })
        // Counted from the customers themselves: those whose resellers of record name both.
        #expect(fabrikam.sharedCustomers == m.customers.values.filter {
            $0.isResellerOfRecord(provider) && $0.isResellerOfRecord(fabrikam.reseller.id)
        }.count)
        #expect(fabrikam.sharedCustomers == 13)
        #expect(rows.first { $0.state == .invited }?.invitationId != nil)
        #expect(!rows.contains { !$0.reseller.isActive }, "resellers still enrolling cannot be invited")
    }

    @Test func customerListFiltersByResellerAndText() throws {
        let m = try demo().model
        let provider = try #require(m.account(mpnId: "4600001")).id
        let sakura = try #require(m.account(mpnId: "4755120")).id
        #expect(m.customerList(visibleTo: provider).count == 37)
        #expect(m.customerList(visibleTo: provider, sharedWith: sakura).count == 8)
        // Accents and case do not matter: "lucia" finds Lucía Ramos of Coho Winery.
        #expect(m.customerList(visibleTo: provider, matching: "LUCIA").map(\.name) == ["Coho Winery"])
        // By name as the Customers page orders it: folded (no case or accents, Þ read as th);
        // the demo's names hold no numbers, whose value would count too.
        let folded = m.customerList(visibleTo: provider).map { CustomerSearchIndex.fold($0.name) }
        #expect(folded == folded.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func auditFilterNarrowsAndLimits() throws {
        let m = try demo().model
        let provider = try #require(m.account(mpnId: "4600001")).id
        let adds = try m.auditRecords(visibleTo: provider, filter: AuditFilter(operationType: .add_customer))
        #expect(adds.count == 36 && adds.allSatisfy { $0.userPrincipalName == DemoWorld.providerAdmin })
        #expect(adds.map(\.sequence) == adds.map(\.sequence).sorted(by: >), "newest first")
        let two = try m.auditRecords(visibleTo: provider, filter: AuditFilter(userPrincipalName: "ANA@contosodistribution.onmicrosoft.com", limit: 2))
        #expect(two.count == 2)
        let customer = try #require(adds.first?.customerId)
        let ofCustomer = try m.auditRecords(visibleTo: provider, filter: AuditFilter(customerId: customer))
        #expect(ofCustomer.contains { $0.operationType == .add_customer }, "its add_customer record is there")
        #expect(ofCustomer.allSatisfy { $0.customerId == customer })
    }

    @Test func openInvitationChecksTokenAndState() throws {
        var world = try demo()
        let provider = try #require(world.model.account(mpnId: "4600001"))
        let northwind = try #require(world.model.account(mpnId: "4700112"))
        let ana = try #require(world.model.user(principal: DemoWorld.providerAdmin))
        world.context.now = now
        let draft = try world.invite(.reseller(northwind.id), as: .user(ana.id))
        #expect(try world.model.openInvitation(draft.link, at: now).fromAccountId == provider.id)
        #expect(throws: DomainError.self) {
            try world.model.openInvitation(InvitationLink(invitationId: draft.id, token: "wrong"), at: now)
        }
        #expect(throws: DomainError.self) { try world.model.openInvitation(draft.link, at: now.addingTimeInterval(31 * 86_400)) }
        try world.run(.withdrawInvitation(draft.id), as: .user(ana.id))
        #expect(throws: DomainError.self) { try world.model.openInvitation(draft.link, at: now) }
    }

    @Test func invariantsHoldForTheDemoAndCatchDanglingReferences() throws {
        let m = try demo().model
        #expect(m.invariantViolations() == [])
        let orphaned = try #require(m.subscriptions.values.first).customerId
        let broken = PartnerModel(
            accounts: Array(m.accounts.values), users: Array(m.users.values), membershipProfiles: Array(m.membershipProfiles.values),
            listings: m.listings, changeRequests: Array(m.changeRequests.values), invitations: Array(m.invitations.values),
            partnerships: Array(m.partnerships.values), customers: m.customers.values.filter { $0.id != orphaned },
            orders: Array(m.orders.values), subscriptions: Array(m.subscriptions.values), auditLog: m.auditLog,
            lastSequence: m.lastSequence + 1)
        let problems = broken.invariantViolations()
        #expect(problems.contains { $0.contains("no customer \(orphaned.short)") })
        #expect(problems.contains { $0.contains("audit: last sequence") })
    }

    @Test func enrollmentSelectsOnlyThePMCUsersProfiles() throws {
        let m = try demo().model
        let mia = "mia@fabrikamsolutions.example"
        #expect(try m.selectMembershipProfile(pmcUser: mia, mpnId: nil)?.mpnId == "4812345")
        #expect(try m.selectMembershipProfile(pmcUser: "MIA@fabrikamsolutions.example", mpnId: "4812345")?.organizationName
            == "Fabrikam Solutions")
        #expect(throws: DomainError.self) { try m.selectMembershipProfile(pmcUser: mia, mpnId: "4733001") }
        #expect(throws: DomainError.self) { try m.selectMembershipProfile(pmcUser: "nobody@example.com", mpnId: nil) }
        // No profile at all: enrollment goes ahead and the review rejects it with the reason.
        #expect(try m.selectMembershipProfile(pmcUser: "nobody@example.com", mpnId: "4999999") == nil)
    }
}
