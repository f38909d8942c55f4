import Foundation
import PartnerCore
import Testing

/// The reseller page's query: what a provider sees of one reseller, and nothing of the
/// reseller's dealings with another provider (rule 6).
@Suite struct ResellerDetailTests {
    @Test func showsOnlyWhatTheProviderAndTheResellerShare() throws {
        var w = try World.standard()
        let (ours, _) = try w.addCustomer("oursco", for: w.r1.account)
        let (theirs, _) = try w.addCustomer("theirsco", for: w.r1.account, as: .user(w.otherProviderAdmin))
        let (own, _) = try w.addCustomer("ownco", for: nil)
        let detail = try #require(w.model.resellerDetail(w.r1.account, for: w.provider, at: w.now))
        #expect(detail.overview.state == .active)
        #expect(detail.customers.map(\.id) == [ours], "not \(theirs) (the other provider's) nor \(own) (no reseller)")
        #expect(detail.actingUsers.map(\.id) == [w.providerAdmin], "admin agents only: not the sales agent")
        #expect(detail.invitations.count == 1)
        #expect(detail.invitations.allSatisfy { $0.kind == .partnership && $0.fromAccountId == w.provider })
        let theirView = try #require(w.model.resellerDetail(w.r1.account, for: w.otherProvider, at: w.now))
        #expect(theirView.customers.map(\.id) == [theirs])
        #expect(theirView.invitations.allSatisfy { $0.fromAccountId == w.otherProvider })
    }

    @Test func nobodyActsForAResellerWithoutAnActivePartnership() throws {
        let w = try World.standard()
        let unpartnered = try #require(w.model.resellerDetail(w.r3.account, for: w.provider, at: w.now))
        #expect(unpartnered.overview.state == .none)
        #expect(unpartnered.actingUsers.isEmpty && unpartnered.customers.isEmpty && unpartnered.invitations.isEmpty)
        #expect(w.model.resellerDetail(w.otherProvider, for: w.provider, at: w.now) == nil, "a provider is no reseller")
        #expect(w.model.resellerDetail(w.pending.account, for: w.provider, at: w.now) == nil, "not listed on the page either")
    }

    @Test func oneRowIsTheSameAsItsRowOnThePage() throws {
        let w = try World.standard()
        for row in w.model.resellerOverview(for: w.provider, at: w.now) {
            #expect(w.model.resellerOverview(of: row.reseller.id, for: w.provider, at: w.now) == row)
        }
    }

    @Test func subscriptionTallySaysHowManyAreActive() throws {
        var w = try World.standard()
        let (customer, _) = try w.run(.addCustomer(Fixture.customer("tallyco"), reseller: w.r1.account,
                                                   cart: [CartLine(offerId: Fixture.m365.id, quantity: 3),
                                                          CartLine(offerId: Fixture.m365.id, quantity: 4)]),
                                      as: .user(w.providerAdmin)).createdIdAndSelf
        #expect(w.model.subscriptionTally(of: customer).label == "2")
        let first = try #require(w.model.subscriptions(of: customer).first)
        try w.run(.updateSubscription(first.id, SubscriptionChange(status: .suspended)), as: .user(w.providerAdmin))
        #expect(w.model.subscriptionTally(of: customer).label == "1/2 active")
    }

    @Test func aCustomerSaysWhichFieldTheFilterMatched() throws {
        let customer = Customer.sample(name: "Vista Foods", domain: "vistafoods.onmicrosoft.com", first: "Lucía", last: "Ramos",
                                       email: "ana@vista.example")
        #expect(customer.filterMatch("VISTA")?.field == .name)
        #expect(customer.filterMatch("onmicrosoft")?.field == .domain)
        let contact = customer.filterMatch("lucia ram"), email = customer.filterMatch("ana@")
        #expect(contact?.field == .contact && contact?.value == "Lucía Ramos")
        #expect(email?.field == .email && email?.value == "ana@vista.example")
        #expect(customer.filterMatch("") == nil && customer.filterMatch("zzz") == nil)
    }
}

private extension Receipt {
    var createdIdAndSelf: (CustomerID, Receipt) { (createdId!, self) }
}

private extension Customer {
    static func sample(name: String, domain: String, first: String, last: String, email: String) -> Customer {
        Customer(id: Ident(high: 1, low: 1), companyProfile: CompanyProfile(domain: domain, companyName: name),
                 billingProfile: BillingProfile(firstName: first, lastName: last, email: email, phone: "", culture: "en-US",
                                                language: "en", defaultAddress: PostalAddress()),
                 associatedPartnerId: nil, relationships: [], channel: .ownMarketing, createdAt: Date(), adminUserName: "admin")
    }
}
