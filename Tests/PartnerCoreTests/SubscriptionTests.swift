import Foundation
import PartnerCore
import Testing

@Suite("Rule 8: quantities in range; a reseller of record leaves only when all is suspended")
struct Rule8Tests {
    @Test(arguments: [(Fixture.teams, 4), (Fixture.teams, 51), (Fixture.m365, 0), (Fixture.m365, 301), (Fixture.azure, 2),
                      (Fixture.m365, -1), (Fixture.m365, Int.max)])
    func quantitiesOutsideTheOfferRangeAreRefused(_ offer: Offer, _ quantity: Int) throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let error = w.expectRefusal(.placeOrder(customer: customer, cart: [CartLine(offerId: offer.id, quantity: quantity)]),
                                    as: .user(w.providerAdmin), .invalid, field: "cart[0].quantity", rule: 8)
        #expect(error?.message.contains("\(offer.minimumQuantity)–\(offer.maximumQuantity)") == true)
        w.expectRefusal(.addCustomer(Fixture.customer("beta"), reseller: w.r1.account, cart: [CartLine(offerId: offer.id, quantity: quantity)]),
                        as: .user(w.providerAdmin), .invalid, field: "cart[0].quantity", rule: 8)
        // On an existing subscription of that offer, too.
        try w.run(.placeOrder(customer: customer, cart: [CartLine(offerId: offer.id, quantity: offer.minimumQuantity)]),
                  as: .user(w.providerAdmin))
        let sub = try #require(w.model.subscriptions(of: customer).first { $0.offerId == offer.id })
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(quantity: quantity)), as: .user(w.providerAdmin),
                        .invalid, field: "quantity", rule: 8)
    }

    @Test(arguments: [Fixture.teams, Fixture.m365, Fixture.azure])
    func theBoundsThemselvesAreAccepted(_ offer: Offer) throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let order = try w.run(.placeOrder(customer: customer, cart: [CartLine(offerId: offer.id, quantity: offer.minimumQuantity),
                                                                      CartLine(offerId: offer.id, quantity: offer.maximumQuantity)]),
                              as: .user(w.providerAdmin)).createdId
        let quantities = w.model.subscriptions(of: customer).filter { $0.orderId == order }.map(\.quantity)
        #expect(quantities.sorted() == [offer.minimumQuantity, offer.maximumQuantity].sorted())
    }

    @Test func removingAResellerOfRecordNeedsEverySubscriptionSuspended() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        try w.run(.placeOrder(customer: customer, cart: [CartLine(offerId: Fixture.teams.id, quantity: 5)]), as: .user(w.providerAdmin))
        let subs = w.model.subscriptions(of: customer)
        #expect(subs.count == 2)
        let error = w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: .user(w.providerAdmin),
                                    .conflict, field: "subscriptions", rule: 8)
        #expect(error?.message.contains("2 subscription(s)") == true)
        try w.run(.updateSubscription(subs[0].id, SubscriptionChange(status: .suspended)), as: .user(w.providerAdmin))
        w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: w.r1.actor,
                        .conflict, field: "subscriptions", rule: 8)
        try w.run(.updateSubscription(subs[1].id, SubscriptionChange(status: .suspended)), as: w.r1.actor)
        try w.run(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: .user(w.providerAdmin))
        #expect(w.model.customers[customer]?.relationships.map(\.partnerId) == [w.provider])
        #expect(!w.model.customerIds(visibleTo: w.r1.account).contains(customer))
        #expect(w.model.sharedCustomerIds(w.provider, w.r1.account).isEmpty)
        // Removing it again: it is no longer there.
        w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: .user(w.providerAdmin),
                        .notFound, field: "partner")
        // Reactivating is allowed afterwards; the provider removes itself only when suspended again.
        try w.run(.updateSubscription(subs[0].id, SubscriptionChange(status: .active)), as: .user(w.providerAdmin))
        w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.provider), as: .user(w.providerAdmin),
                        .conflict, field: "subscriptions", rule: 8)
    }

    @Test func aRemovedResellerOfRecordIsNoLongerPartnerOfRecordOrSupportContact() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        try w.run(.placeOrder(customer: customer, cart: [CartLine(offerId: Fixture.teams.id, quantity: 5)]), as: .user(w.providerAdmin))
        let subs = w.model.subscriptions(of: customer)
        let r1 = try #require(w.model.accounts[w.r1.account])
        try w.run(.updateSubscription(subs[0].id, SubscriptionChange(status: .suspended, partnerOfRecord: .some(w.r1.account),
                                                                     supportContact: .some(w.r1.account))), as: .user(w.providerAdmin))
        try w.run(.updateSubscription(subs[1].id, SubscriptionChange(status: .suspended, partnerOfRecord: .some(nil),
                                                                     supportContact: .some(w.r1.account))), as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[subs[0].id]?.partnerId == r1.mpnId)

        let receipt = try w.run(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: .user(w.providerAdmin))
        #expect(receipt.message.contains("no longer partner of record or support contact on 2 subscription(s)"))
        for sub in subs {
            #expect(w.model.subscriptions[sub.id]?.partnerId == nil, "partner of record cleared")
            #expect(w.model.subscriptions[sub.id]?.supportContact == nil, "support contact cleared")
            #expect(w.model.subscriptions[sub.id]?.status == .suspended)
        }
        #expect(w.model.auditLog.last?.newValue.contains("2 subscription(s)") == true)
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
        #expect(w.replayed() == w.model)
    }

    @Test func whoMayRemoveWhichRelationship() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account, quantity: 1)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        try w.run(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)), as: w.r1.actor)
        // A reseller removes only itself.
        w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.provider), as: w.r1.actor,
                        .forbidden, field: "partner")
        w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.r2.account), as: .user(w.providerAdmin),
                        .notFound, field: "partner")
        w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: .user(w.providerSales),
                        .forbidden, field: "roles", rule: 9)
        try w.run(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: w.r1.actor)
        #expect(w.model.customers[customer]?.relationships.map(\.partnerId) == [w.provider])
    }

    @Test func subscriptionChangesAreChecked() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange()), as: .user(w.providerAdmin), .invalid, field: "change")
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(quantity: sub.quantity)), as: .user(w.providerAdmin),
                        .invalid, field: "change")
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(status: .deleted)), as: .user(w.providerAdmin),
                        .invalid, field: "status")
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(friendlyName: " ")), as: .user(w.providerAdmin),
                        .invalid, field: "friendlyName")
        w.expectRefusal(.updateSubscription(Ident(high: 4, low: 4), SubscriptionChange(quantity: 3)), as: .user(w.providerAdmin),
                        .notFound, field: "subscription")
        try w.run(.updateSubscription(sub.id, SubscriptionChange(autoRenewEnabled: false, friendlyName: "Office")), as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[sub.id]?.autoRenewEnabled == false)
        #expect(w.model.subscriptions[sub.id]?.friendlyName == "Office")
        let audit = try #require(w.model.auditLog.last)
        #expect(audit.operationType == .update_subscription)
        #expect(audit.oldValue != audit.newValue)
    }

    @Test func anOfferThatLeftTheCatalogCannotChangeQuantity() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        w.catalog = OfferCatalog([Fixture.teams])
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(quantity: 3)), as: .user(w.providerAdmin),
                        .notFound, field: "offerId")
        try w.run(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)), as: .user(w.providerAdmin))
    }
}
