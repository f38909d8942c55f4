import Foundation
import PartnerCore
import Testing

/// The field tables (`Sources/PartnerCore/Fields`): one row per field with its label, maximum
/// length and rule, which the commands check and the forms are built from.
@Suite struct FieldTableTests {
    @Test func everyRowHasALabelAndALengthUnlessItIsAChoice() {
        let specs: [FieldSpec] = CustomerField.allCases.map(\.spec) + AccountProfileField.allCases.map(\.spec)
            + AccountSetupField.allCases.map(\.spec) + UserField.allCases.map(\.spec) + ListingLocationField.allCases.map(\.spec)
            + SubscriptionField.allCases.map(\.spec) + InvitationField.allCases.map(\.spec)
        for spec in specs {
            #expect(!spec.label.isEmpty)
            #expect((spec.rule == .choice) == (spec.maxLength == 0), "\(spec.label)")
        }
    }

    @Test func aValueIsCheckedForLengthThenByItsRule() {
        let name = CustomerField.companyName
        #expect(name.problem(String(repeating: "a", count: 120)) == nil)
        let tooLong = name.problem(String(repeating: "a", count: 121))
        #expect(tooLong?.contains("at most 120 characters") == true)
        #expect(tooLong?.contains("maximum length of company name") == true)
        #expect(name.problem("  ") == Validate.required(""))
        #expect(CustomerField.line2.problem("") == nil, "optional")
        #expect(CustomerField.country.problem("XX") == Validate.country("XX"))
        #expect(SubscriptionField.quantity.problem("12a") == "must be a whole number")
        #expect(AccountProfileField.supportURL.problem("") == nil)
        #expect(AccountProfileField.supportURL.problem("ftp://x") == Validate.url("ftp://x"))
    }

    /// Every text field of a new customer, one too long at a time: refused naming that field,
    /// typed, and nothing stored.
    @Test(arguments: CustomerField.allCases)
    func aCustomerFieldLongerThanItsTableIsRefused(_ field: CustomerField) throws {
        var w = try World.standard()
        var values = Dictionary(uniqueKeysWithValues: CustomerField.allCases.map { ($0, Fixture.customer("acme")[$0]) })
        values[field] = String(repeating: "a", count: field.maxLength + 1)
        let error = w.expectRefusal(.addCustomer(NewCustomer { values[$0] ?? "" }, reseller: w.r1.account,
                                                 cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                                    as: .user(w.providerAdmin), .invalid, field: field.name)
        #expect(error?.fieldRef == .customer(field))
        #expect(error?.message.contains("maximum length") == true, "\(String(describing: error))")
    }

    @Test func otherTablesRefuseTooLongValuesNamingTheirField() throws {
        var w = try World.standard()
        let long = String(repeating: "x", count: 200)
        var setup = Fixture.provider("Acme", prefix: "acmedist", mpn: "3000001")
        setup.address.state = long
        let provider = w.expectRefusal(.setUpProvider(setup), as: .enrollee, .invalid, field: "address.state")
        #expect(provider?.fieldRef == .accountProfile(.state))
        let user = w.expectRefusal(.addUser(displayName: long, userPrincipalName: "bo", roles: []), as: .user(w.providerAdmin),
                                   .invalid, field: "displayName")
        #expect(user?.fieldRef == .user(.displayName))
        let location = ListingLocation(country: "US", companyName: long, logoURL: "https://a.example/l.png",
                                       targetURL: "https://a.example")
        let listing = w.expectRefusal(.submitProfileChangeRequest([location, location]), as: .user(w.providerAdmin),
                                      .invalid, field: "locations[0].companyName")
        #expect(listing?.fieldRef == .listingLocation(0, .companyName))
    }

    @Test func refusalsOfTableFieldsCarryTheTypedField() throws {
        var w = try World.standard()
        var c = Fixture.customer("acme")
        c.domainPrefix = "contoso"
        let taken = w.expectRefusal(.addCustomer(c, reseller: w.r1.account, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                                    as: .user(w.providerAdmin), .conflict, field: "domainPrefix")
        #expect(taken?.fieldRef == .customer(.domainPrefix))
        // A refusal about no table field carries none.
        let notFound = w.expectRefusal(.placeOrder(customer: Ident(high: 1, low: 1), cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                                       as: .user(w.providerAdmin), .notFound, field: "customer")
        #expect(notFound?.fieldRef == nil)
    }
}

/// The quantity queries Subscription detail asks instead of keeping its own rule.
@Suite struct QuantityQueryTests {
    private func subscription(_ w: inout World, quantity: Int) throws -> Subscription {
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        try w.run(.placeOrder(customer: customer, cart: [CartLine(offerId: Fixture.teams.id, quantity: quantity)]), as: .user(w.providerAdmin))
        return try #require(w.model.subscriptions(of: customer).first { $0.offerId == Fixture.teams.id })
    }

    @Test func theProviderMaySetTheOffersRangeAResellerOnlyReduces() throws {
        var w = try World.standard()
        let sub = try subscription(&w, quantity: 20)
        let provider = try #require(w.model.accounts[w.provider])
        let reseller = try #require(w.model.accounts[w.r1.account])
        #expect(w.model.allowedQuantities(for: sub, offer: Fixture.teams, by: provider, at: w.now) == 5...50)
        #expect(w.model.allowedQuantities(for: sub, offer: Fixture.teams, by: reseller, at: w.now) == 5...20)
        // Once the cancellation window closed, no fewer than now (rule 11): a reseller may change nothing.
        let closed = sub.cancellationWindowEnd
        #expect(w.model.allowedQuantities(for: sub, offer: Fixture.teams, by: provider, at: closed) == 20...50)
        #expect(w.model.allowedQuantities(for: sub, offer: Fixture.teams, by: reseller, at: closed) == 20...20)
    }

    /// The query's refusal is the one `.updateSubscription` makes, word for word.
    @Test(arguments: [(4, true), (51, true), (21, false), (20, false), (5, false), (21, true)])
    func theRefusalIsTheCommands(_ quantity: Int, _ asProvider: Bool) throws {
        var w = try World.standard()
        let sub = try subscription(&w, quantity: 20)
        let account = try #require(w.model.accounts[asProvider ? w.provider : w.r1.account])
        let actor: Actor = asProvider ? .user(w.providerAdmin) : w.r1.actor
        let predicted = w.model.quantityChangeRefusal(sub, to: quantity, offer: Fixture.teams, by: account, at: w.now)
        let change = Command.updateSubscription(sub.id, SubscriptionChange(quantity: quantity))
        if let predicted {
            let actual = w.expectRefusal(change, as: actor, predicted.kind, field: "quantity", rule: predicted.rule)
            #expect(actual == predicted)
            #expect(predicted.fieldRef == .subscription(.quantity))
        } else if quantity != sub.quantity {
            try w.run(change, as: actor)
            #expect(w.model.subscriptions[sub.id]?.quantity == quantity)
        }
        let allowed = w.model.allowedQuantities(for: sub, offer: Fixture.teams, by: account, at: w.now)
        #expect((predicted == nil) == (allowed?.contains(quantity) == true))
    }
}
