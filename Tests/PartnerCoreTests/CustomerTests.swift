import Foundation
import PartnerCore
import Testing

@Suite("Rule 4: adding a customer for a reseller is one transaction")
struct Rule4Tests {
    @Test func customerOrderAndSubscriptionsArriveTogether() throws {
        var w = try World.standard()
        let before = w.model
        let cart = [CartLine(offerId: Fixture.m365.id, quantity: 25), CartLine(offerId: Fixture.teams.id, quantity: 5, friendlyName: "Teams for sales")]
        let decision = try w.decide(.addCustomer(Fixture.customer("acme", name: "Acme Corp"), reseller: w.r1.account, cart: cart),
                                    as: .user(w.providerAdmin))
        #expect(w.model == before, "decide changes nothing")
        let events = decision.transaction.events
        #expect(events.count == 4)
        guard case .customerCreated(let customer) = events.first else {
            Issue.record("the first event is not the customer: \(events)")
            return
        }
        guard case .orderPlaced(let order) = events[1] else { Issue.record("no order: \(events)"); return }
        let subs = events.dropFirst(2).compactMap { e -> Subscription? in
            if case .subscriptionCreated(let s) = e { return s }
            return nil
        }
        #expect(subs.count == 2)
        w.commit(decision.transaction)

        #expect(customer.associatedPartnerId == w.r1.account)
        #expect(customer.channel == .indirectProvider)
        #expect(customer.companyProfile == CompanyProfile(domain: "acme.onmicrosoft.com", companyName: "Acme Corp"))
        #expect(Set(customer.relationships.map(\.partnerId)) == [w.r1.account, w.provider])
        #expect(customer.relationships.allSatisfy { $0.relationshipToPartner == .reseller })
        #expect(w.model.customers[customer.id] == customer)
        #expect(w.model.orders[order.id] == order)
        #expect(order.customerId == customer.id)
        #expect(order.placedByAccount == w.provider)
        #expect(order.status == .completed)
        #expect(order.lineItems.map(\.lineItemNumber) == [0, 1])
        #expect(order.lineItems.map(\.quantity) == [25, 5])
        #expect(order.lineItems.allSatisfy { $0.partnerIdOnRecord == w.r1.mpnId })
        #expect(Set(w.model.subscriptions(of: customer.id).map(\.id)) == Set(subs.map(\.id)))
        for sub in subs {
            #expect(sub.customerId == customer.id)
            #expect(sub.orderId == order.id)
            #expect(sub.partnerId == w.r1.mpnId, "partner of record is the reseller's MPN ID")
            #expect(sub.status == .active)
        }
        #expect(subs.map(\.friendlyName) == ["Microsoft 365 E3", "Teams for sales"])
        #expect(subs[0].commitmentEndDate == Offer.TermDuration.P1Y.end(from: subs[0].creationDate))
        // Both see it.
        #expect(w.model.customerIds(visibleTo: w.r1.account).contains(customer.id))
        #expect(w.model.customerIds(visibleTo: w.provider).contains(customer.id))
        #expect(!w.model.customerIds(visibleTo: w.r2.account).contains(customer.id))
    }

    @Test func aBadCartLineStoresNothingAtAll() throws {
        var w = try World.standard()
        let cart = [CartLine(offerId: Fixture.m365.id, quantity: 25), CartLine(offerId: Fixture.teams.id, quantity: 4)]
        w.expectRefusal(.addCustomer(Fixture.customer("acme"), reseller: w.r1.account, cart: cart), as: .user(w.providerAdmin),
                        .invalid, field: "cart[1].quantity", rule: 8)
        w.expectRefusal(.addCustomer(Fixture.customer("acme"), reseller: w.r1.account, cart: [CartLine(offerId: "nope", quantity: 1)]),
                        as: .user(w.providerAdmin), .notFound, field: "cart[0].offerId")
        w.expectRefusal(.addCustomer(Fixture.customer("acme"), reseller: w.r1.account, cart: []), as: .user(w.providerAdmin),
                        .invalid, field: "cart")
        #expect(w.model.customer(withDomain: "acme.onmicrosoft.com") == nil)
        #expect(w.model.customers.isEmpty && w.model.orders.isEmpty && w.model.subscriptions.isEmpty)
    }

    @Test func withoutAResellerOnlyTheProviderIsResellerOfRecord() throws {
        var w = try World.standard()
        let (id, _) = try w.addCustomer("direct", for: nil)
        let customer = try #require(w.model.customers[id])
        #expect(customer.relationships.map(\.partnerId) == [w.provider])
        #expect(customer.associatedPartnerId == nil)
        #expect(w.model.subscriptions(of: id).allSatisfy { $0.partnerId == nil })
    }

    @Test func customerDetailsAreValidated() throws {
        var w = try World.standard()
        let cart = [CartLine(offerId: Fixture.m365.id, quantity: 1)]
        func refuse(_ change: (inout NewCustomer) -> Void, _ kind: DomainError.Kind = .invalid, field: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
            var c = Fixture.customer("acme")
            change(&c)
            w.expectRefusal(.addCustomer(c, reseller: w.r1.account, cart: cart), as: .user(w.providerAdmin), kind, field: field,
                            sourceLocation: sourceLocation)
        }
        refuse({ $0.companyName = "" }, field: "companyName")
        refuse({ $0.domainPrefix = "1acme" }, field: "domainPrefix")
        refuse({ $0.domainPrefix = "contoso" }, .conflict, field: "domainPrefix")  // a reseller's tenant
        refuse({ $0.email = "cleo" }, field: "email")
        refuse({ $0.phone = "12" }, field: "phone")
        refuse({ $0.address.postalCode = "" }, field: "address.postalCode")
        refuse({ $0.address.country = "USA" }, field: "address.country")
        refuse({ $0.culture = "en_US" }, field: "culture")
        refuse({ $0.language = "eng" }, field: "language")
        _ = try w.addCustomer("acme", for: w.r1.account)
        refuse({ $0.domainPrefix = "acme" }, .conflict, field: "domainPrefix")
    }

    @Test func resellersDoNotAddCustomersDirectly() throws {
        var w = try World.standard()
        w.expectRefusal(.addCustomer(Fixture.customer("acme"), reseller: nil, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                        as: w.r1.actor, .forbidden, field: "account")
    }
}

@Suite("Rule 5: the temporary password is shown once and written nowhere")
struct Rule5Tests {
    @Test func confirmationShowsAdminAndAStrongPasswordThatIsNeverStored() throws {
        var w = try World.standard()
        let decision = try w.decide(.addCustomer(Fixture.customer("acme"), reseller: w.r1.account,
                                                 cart: [CartLine(offerId: Fixture.m365.id, quantity: 3)]),
                                    as: .user(w.providerAdmin))
        let admin = try #require(decision.receipt.customerAdmin)
        #expect(admin.userName == "admin@acme.onmicrosoft.com")
        let password = admin.temporaryPassword
        #expect(password.count == 16)
        #expect(password.contains(where: { $0.isUppercase }))
        #expect(password.contains(where: { $0.isLowercase }))
        #expect(password.contains(where: { $0.isNumber }))
        #expect(password.contains(where: { "!#$%*+-=?@".contains($0) }))
        #expect(password.allSatisfy({ $0.isASCII }))

        var dumped = ""
        dump(decision.transaction, to: &dumped)
        #expect(!dumped.contains(password))
        #expect(!String(describing: decision.transaction).contains(password))
        #expect(!String(reflecting: decision.transaction).contains(password))
        #expect(decision.receipt.mail.allSatisfy { !$0.body.contains(password) && !$0.subject.contains(password) })
        #expect(!decision.receipt.message.contains(password))
        w.commit(decision.transaction)
        var model = ""
        dump(w.model, to: &model)
        #expect(!model.contains(password))
        #expect(w.model.customers[try #require(decision.receipt.createdId)]?.adminUserName == admin.userName)
    }

    @Test func everyCustomerGetsADifferentPassword() throws {
        var w = try World.standard()
        var seen: Set<String> = []
        for prefix in ["alpha", "bravo", "charlie", "delta"] {
            let (_, receipt) = try w.addCustomer(prefix, for: w.r2.account)
            seen.insert(try #require(receipt.customerAdmin?.temporaryPassword))
        }
        #expect(seen.count == 4)
    }

    @Test func onlyAddingACustomerMakesCredentials() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let receipt = try w.run(.placeOrder(customer: customer, cart: [CartLine(offerId: Fixture.teams.id, quantity: 5)]),
                                as: .user(w.providerAdmin))
        #expect(receipt.customerAdmin == nil)
    }
}

@Suite("Rule 6: visibility follows reseller-of-record relationships")
struct Rule6Tests {
    @Test func providerOrdersOnlyForItsOwnCustomers() throws {
        var w = try World.standard()
        // r1 invites a customer for itself only: Northwind is not its reseller of record.
        let (d, _) = try w.invite(.customer(email: "it@solo.example", existing: nil), as: w.r1.actor)
        let receipt = try w.run(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("solo"))),
                                as: .customer(email: "it@solo.example"))
        let solo = try #require(receipt.createdId)
        let error = w.expectRefusal(.placeOrder(customer: solo, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                                    as: .user(w.providerAdmin), .forbidden, field: "customer", rule: 6)
        #expect(error?.message.contains("reseller of record") == true)
        w.expectRefusal(.placeOrder(customer: Ident(high: 9, low: 9), cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                        as: .user(w.providerAdmin), .notFound, field: "customer")
        // Resellers never place orders.
        w.expectRefusal(.placeOrder(customer: solo, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                        as: w.r1.actor, .forbidden, field: "account")
    }

    @Test func eachPartnerSeesExactlyItsCustomers() throws {
        var w = try World.standard()
        let (a, _) = try w.addCustomer("alpha", for: w.r1.account)
        let (b, _) = try w.addCustomer("bravo", for: w.r2.account)
        let (c, _) = try w.addCustomer("charlie", for: nil)
        let (e, _) = try w.invite(.customer(email: "it@delta.example", existing: nil), as: w.r2.actor)
        let d = try w.run(.consentToInvitation(e.id, token: e.token, customer: .new(Fixture.customer("delta"))),
                          as: .customer(email: "it@delta.example")).createdId!
        let f = try w.run(.addCustomer(Fixture.customer("echo"), reseller: w.r1.account,
                                       cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                          as: .user(w.otherProviderAdmin)).createdId!

        #expect(w.model.customerIds(visibleTo: w.provider) == [a, b, c])
        #expect(w.model.customerIds(visibleTo: w.r1.account) == [a, f])
        #expect(w.model.customerIds(visibleTo: w.r2.account) == [b, d])
        #expect(w.model.customerIds(visibleTo: w.otherProvider) == [f])
        #expect(w.model.customerIds(visibleTo: w.r3.account) == [])
        // Each set is exactly the customers whose relationships name the partner.
        for partner in [w.provider, w.otherProvider, w.r1.account, w.r2.account, w.r3.account] {
            let expected = CustomerIdSet(w.model.customers.values.filter { $0.isResellerOfRecord(partner) }.map(\.id))
            #expect(w.model.customerIds(visibleTo: partner) == expected)
            for id in w.model.customers.keys {
                #expect((w.model.customer(id, visibleTo: partner) != nil) == expected.contains(id))
            }
        }
        // "View customers" on the Indirect providers page.
        #expect(w.model.sharedCustomerIds(w.r1.account, w.provider) == [a])
        #expect(w.model.sharedCustomerIds(w.provider, w.r1.account) == [a])
        #expect(w.model.sharedCustomerIds(w.r1.account, w.otherProvider) == [f])
        #expect(w.model.sharedCustomerIds(w.r2.account, w.provider) == [b])
        #expect(w.model.sharedCustomerIds(w.r3.account, w.provider) == [])
    }

    @Test func aResellerManagesOnlyItsCustomersSubscriptions() throws {
        var w = try World.standard()
        let (a, _) = try w.addCustomer("alpha", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: a).first)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)), as: w.r2.actor,
                        .notFound, field: "subscription")
        w.expectRefusal(.removeResellerRelationship(customer: a, partner: w.r1.account), as: w.r2.actor,
                        .notFound, field: "customer")
        // Its own customer's: reduce licenses and suspend yes, add licenses no (that is an order).
        try w.run(.updateSubscription(sub.id, SubscriptionChange(quantity: 5)), as: w.r1.actor)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(quantity: 6)), as: w.r1.actor,
                        .forbidden, field: "quantity", rule: 6)
        try w.run(.updateSubscription(sub.id, SubscriptionChange(quantity: 6)), as: .user(w.providerAdmin))
        try w.run(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)), as: w.r1.actor)
        #expect(w.model.subscriptions[sub.id]?.status == .suspended)
        #expect(w.model.subscriptions[sub.id]?.quantity == 6)
    }

    @Test func auditRecordsAreVisibleOnlyToInvolvedAccounts() throws {
        var w = try World.standard()
        let (a, _) = try w.addCustomer("alpha", for: w.r1.account)
        let record = try #require(w.model.auditLog.last)
        #expect(record.customerId == a)
        #expect(try w.model.auditRecords(visibleTo: w.r1.account).first == record)
        #expect(try w.model.auditRecords(visibleTo: w.provider).first == record)
        #expect(try !w.model.auditRecords(visibleTo: w.r2.account).contains(record))
        #expect(try !w.model.auditRecords(visibleTo: w.otherProvider).contains(record))
    }
}
