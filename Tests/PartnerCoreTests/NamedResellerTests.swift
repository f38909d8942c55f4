import Foundation
import PartnerCore
import Testing

/// Rule 2, issue 13 item 1 and issue 10 item 14: the reseller a subscription credits as partner
/// of record or names as support contact can act for the customer: it is one of the
/// customer's resellers of record (so it sees the subscription, rule 6) and still partnered
/// with one of the customer's providers. Naming another is refused; ending the partnership or
/// the relationship that made it so clears it in the same transaction.
@Suite("Rule 2: who may be named on a subscription")
struct NamedResellerTests {
    /// acme is r1's customer (provider and r1 of record); r2 is the provider's reseller too.
    func world() throws -> (World, CustomerID, SubscriptionID) {
        var w = try World.standard()
        let (acme, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: acme).first)
        return (w, acme, sub.id)
    }

    @Test func onlyResellersOfRecordOfTheCustomerAreOffered() throws {
        let (w, acme, _) = try world()
        #expect(Set(w.model.activeResellers(of: w.provider).map(\.id)) == [w.r1.account, w.r2.account])
        #expect(w.model.resellersActingFor(customer: acme, provider: w.provider).map(\.id) == [w.r1.account])
        #expect(w.model.resellersActingFor(resellersOfRecord: [w.provider], provider: w.provider).isEmpty,
                "a customer of the provider's own has none")
    }

    @Test func aResellerThatCannotSeeTheCustomerIsNeitherPartnerOfRecordNorSupportContact() throws {
        var (w, _, sub) = try world()
        let admin = Actor.user(w.providerAdmin)
        let refusal = w.expectRefusal(.updateSubscription(sub, SubscriptionChange(supportContact: .some(w.r2.account))),
                                      as: admin, .forbidden, field: "supportContact", rule: 2)
        #expect(refusal?.message.contains("not a reseller of record for") == true)
        w.expectRefusal(.updateSubscription(sub, SubscriptionChange(partnerOfRecord: .some(w.r2.account))),
                        as: admin, .forbidden, field: "partnerOfRecord", rule: 2)
        try w.run(.updateSubscription(sub, SubscriptionChange(supportContact: .some(w.r1.account))), as: admin)
        #expect(w.model.subscriptions[sub]?.supportContact?.supportTenantId == w.r1.account)
        // The reseller named sees the subscription it supports (rule 6).
        #expect(w.model.customer(try #require(w.model.subscriptions[sub]).customerId, visibleTo: w.r1.account) != nil)
    }

    @Test func ordersCreditOnlyAResellerOfRecordOfTheCustomer() throws {
        var (w, acme, _) = try world()
        let admin = Actor.user(w.providerAdmin)
        w.expectRefusal(.placeOrder(customer: acme, cart: [CartLine(offerId: Fixture.m365.id, quantity: 2, partnerOfRecord: w.r2.account)]),
                        as: admin, .forbidden, field: "cart[0].partnerOfRecord", rule: 2)
        w.expectRefusal(.addCustomer(Fixture.customer("beta"), reseller: w.r1.account,
                                     cart: [CartLine(offerId: Fixture.m365.id, quantity: 2, partnerOfRecord: w.r2.account)]),
                        as: admin, .forbidden, field: "cart[0].partnerOfRecord", rule: 2)
        w.expectRefusal(.addCustomer(Fixture.customer("gamma"), reseller: nil,
                                     cart: [CartLine(offerId: Fixture.m365.id, quantity: 2, partnerOfRecord: w.r1.account)]),
                        as: admin, .forbidden, field: "cart[0].partnerOfRecord", rule: 2)
        try w.run(.placeOrder(customer: acme, cart: [CartLine(offerId: Fixture.m365.id, quantity: 2, partnerOfRecord: w.r1.account)]),
                  as: admin)
    }

    @Test func theResellerEndingThePartnershipClearsItToo() throws {
        var (w, _, sub) = try world()
        try w.run(.updateSubscription(sub, SubscriptionChange(supportContact: .some(w.r1.account))), as: .user(w.providerAdmin))
        #expect(w.model.subscriptionsReleasedByEnding(provider: w.provider, reseller: w.r1.account).map(\.id) == [sub],
                "the confirmation can say what will change before anything does")
        let receipt = try w.run(.endPartnership(partner: w.provider), as: w.r1.actor)
        #expect(w.model.subscriptions[sub]?.partnerId == nil && w.model.subscriptions[sub]?.supportContact == nil)
        #expect(receipt.message.contains("on 1 subscription(s)"))
        let providerContact = try #require(w.model.accounts[w.provider]?.primaryContact.email)
        #expect(receipt.mail.first?.to == providerContact && receipt.mail.first?.body.contains("they now have none") == true,
                "the provider is told")
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
        #expect(w.replayed() == w.model)
    }

    @Test func endingAPartnershipWithoutSubscriptionsNamingTheResellerSaysNothingMore() throws {
        var w = try World.standard()
        let receipt = try w.run(.endPartnership(partner: w.r2.account), as: .user(w.providerAdmin))
        #expect(receipt.message == "The partnership with Litware Partners has ended")
        #expect(w.model.auditLog.last?.newValue == "ended")
        #expect(w.journal.last?.transaction.events.count == 1)
    }

    @Test func removingTheProvidersOwnRelationshipReleasesTheResellerItWasActingThrough() throws {
        var (w, acme, sub) = try world()
        let admin = Actor.user(w.providerAdmin)
        try w.run(.updateSubscription(sub, SubscriptionChange(status: .suspended)), as: admin)
        let receipt = try w.run(.removeResellerRelationship(customer: acme, partner: w.provider), as: admin)
        // r1 stays of record but no provider of the customer works with it any more.
        #expect(w.model.customers[acme]?.relationships.map(\.partnerId) == [w.r1.account])
        #expect(w.model.subscriptions[sub]?.partnerId == nil)
        #expect(receipt.message.contains("Contoso Resale no longer partner of record"))
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
    }
}
