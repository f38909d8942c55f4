import Foundation
import PartnerCore
import Testing

@Suite("Rule 2: a provider acts only for resellers in an active partnership")
struct Rule2Tests {
    static let outsiders = ["r3 (no partnership)", "pending", "other provider's only", "unknown"]

    func outsider(_ label: String, _ w: World) -> AccountID {
        switch label {
        case "r3 (no partnership)": return w.r3.account
        case "pending": return w.pending.account
        case "other provider's only": return w.otherProvider  // a provider, not a reseller at all
        default: return Ident(high: 0xdead, low: 0xbeef)
        }
    }

    func expectedError(_ label: String) -> (DomainError.Kind, Int?) {
        switch label {
        case "r3 (no partnership)", "pending": return (.forbidden, 2)
        case "other provider's only": return (.invalid, 2)
        default: return (.notFound, nil)
        }
    }

    @Test(arguments: outsiders)
    func addCustomerForAnOutsiderIsRefused(_ label: String) throws {
        var w = try World.standard()
        let (kind, rule) = expectedError(label)
        w.expectRefusal(.addCustomer(Fixture.customer("acme"), reseller: outsider(label, w),
                                     cart: [CartLine(offerId: Fixture.m365.id, quantity: 5)]),
                        as: .user(w.providerAdmin), kind, field: "reseller", rule: rule)
    }

    @Test(arguments: outsiders)
    func partnerOfRecordOnAnOrderMustBeAnActiveReseller(_ label: String) throws {
        var w = try World.standard()
        let (kind, rule) = expectedError(label)
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        w.expectRefusal(.placeOrder(customer: customer, cart: [
            CartLine(offerId: Fixture.teams.id, quantity: 5),
            CartLine(offerId: Fixture.m365.id, quantity: 5, partnerOfRecord: outsider(label, w)),
        ]), as: .user(w.providerAdmin), kind, field: "cart[1].partnerOfRecord", rule: rule)
        // Also when adding the customer with a partnered reseller preselected.
        w.expectRefusal(.addCustomer(Fixture.customer("beta"), reseller: w.r1.account,
                                     cart: [CartLine(offerId: Fixture.m365.id, quantity: 5, partnerOfRecord: outsider(label, w))]),
                        as: .user(w.providerAdmin), kind, field: "cart[0].partnerOfRecord", rule: rule)
    }

    @Test(arguments: outsiders)
    func partnerOfRecordAndSupportContactOnASubscriptionMustBeActiveResellers(_ label: String) throws {
        var w = try World.standard()
        let (kind, rule) = expectedError(label)
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(partnerOfRecord: .some(outsider(label, w)))),
                        as: .user(w.providerAdmin), kind, field: "partnerOfRecord", rule: rule)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(supportContact: .some(outsider(label, w)))),
                        as: .user(w.providerAdmin), kind, field: "supportContact", rule: rule)
    }

    @Test func theProvidersOwnMPNIsNeverPartnerOfRecord() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        let error = w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(partnerOfRecord: .some(w.provider))),
                                    as: .user(w.providerAdmin), .invalid, field: "partnerOfRecord", rule: 2)
        #expect(error?.message.contains("MPN") == true)
        w.expectRefusal(.placeOrder(customer: customer, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1, partnerOfRecord: w.provider)]),
                        as: .user(w.providerAdmin), .invalid, field: "cart[0].partnerOfRecord", rule: 2)
        w.expectRefusal(.addCustomer(Fixture.customer("own"), reseller: nil,
                                     cart: [CartLine(offerId: Fixture.m365.id, quantity: 1, partnerOfRecord: w.provider)]),
                        as: .user(w.providerAdmin), .invalid, field: "cart[0].partnerOfRecord", rule: 2)
    }

    @Test func aResellerPartneredOnlyWithAnotherProviderIsRefused() throws {
        var w = try World.standard()
        // r1 works with both providers; r2 only with Northwind. Fabrikam may not act for r2.
        w.expectRefusal(.addCustomer(Fixture.customer("acme"), reseller: w.r2.account,
                                     cart: [CartLine(offerId: Fixture.m365.id, quantity: 5)]),
                        as: .user(w.otherProviderAdmin), .forbidden, field: "reseller", rule: 2)
        try w.run(.addCustomer(Fixture.customer("acme"), reseller: w.r1.account,
                               cart: [CartLine(offerId: Fixture.m365.id, quantity: 5)]), as: .user(w.otherProviderAdmin))
    }

    @Test func activeResellersCanBeDesignated() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        // The customer's own reseller, which can see it (issue 13 item 1: NamedResellerTests).
        try w.run(.updateSubscription(sub.id, SubscriptionChange(partnerOfRecord: .some(nil))), as: .user(w.providerAdmin))
        try w.run(.updateSubscription(sub.id, SubscriptionChange(partnerOfRecord: .some(w.r1.account),
                                                                 supportContact: .some(w.r1.account))),
                  as: .user(w.providerAdmin))
        let updated = try #require(w.model.subscriptions[sub.id])
        #expect(updated.partnerId == w.r1.mpnId)
        #expect(updated.supportContact == SupportContact(supportTenantId: w.r1.account, supportMpnId: w.r1.mpnId,
                                                         name: "Contoso Resale"))
        try w.run(.updateSubscription(sub.id, SubscriptionChange(partnerOfRecord: .some(nil), supportContact: .some(nil))),
                  as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[sub.id]?.partnerId == nil)
        #expect(w.model.subscriptions[sub.id]?.supportContact == nil)
    }

    @Test func onlyTheProviderDesignatesPartnerOfRecordAndSupport() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(partnerOfRecord: .some(w.r1.account))), as: w.r1.actor,
                        .forbidden, field: "partnerOfRecord", rule: 2)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(supportContact: .some(w.r1.account))), as: w.r1.actor,
                        .forbidden, field: "supportContact", rule: 2)
    }

    @Test func invitingCustomersWithAProviderNeedsAnActivePartnership() throws {
        var w = try World.standard()
        w.expectDraftRefusal(.customerWithProvider(email: "it@acme.example", provider: w.otherProvider), as: w.r2.actor,
                             .forbidden, field: "provider", rule: 2)
        w.expectDraftRefusal(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r3.actor,
                             .forbidden, field: "provider", rule: 2)
        w.expectDraftRefusal(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: .user(w.providerAdmin),
                             .forbidden, field: "account")
        var d = try w.draft(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r2.actor)
        d.providerId = w.otherProvider
        w.expectRefusal(.sendInvitation(d, body: d.body), as: w.r2.actor, .forbidden, field: "provider", rule: 2)
    }
}
