import Foundation

extension PartnerModel {
    /// New customer → New subscription → Review → Submit (docs/WORKFLOWS.md P11–P14): the
    /// customer, its order and subscriptions are one transaction. Rule 4: both the reseller
    /// and the provider become resellers of record. Rule 5: the temporary password is only
    /// in the receipt.
    func decideAddCustomer(_ details: NewCustomer, reseller: AccountID?, cart: [CartLine], as actor: Actor,
                           context: inout CommandContext) throws(DomainError) -> Decision {
        let (user, provider) = try adminAgent(actor)
        guard provider.kind == .indirectProvider else {
            throw .forbidden("account", "resellers connect with customers through invitations; only a provider adds customers directly")
        }
        if let reseller { _ = try activeReseller(reseller, of: provider) }
        try validate(details)
        guard !cart.isEmpty else { throw .invalid("cart", "select at least one subscription") }
        let customerId = context.fresh.id()
        let customer = newCustomer(customerId, details, provider: provider.id, reseller: reseller, at: context.now)
        let partners = customer.relationships.map(\.partnerId)
        let cart = cart.map { line in
            var l = line
            if l.partnerOfRecord == nil { l.partnerOfRecord = reseller }
            return l
        }
        let (order, subscriptions) = try makeOrder(for: customer, cart: cart, provider: provider, user: user, context: &context)
        let credentials = CustomerAdminCredentials(userName: customer.adminUserName, temporaryPassword: context.fresh.temporaryPassword())
        return decision(context, by: user, account: provider.id,
                        events: [.customerCreated(customer), .orderPlaced(order)] + subscriptions.map { .subscriptionCreated($0) },
                        audit: AuditEntry(operationType: .add_customer, resourceName: customer.name, customerId: customerId,
                                          newValue: "\(details.domain); reseller \(partnerName(reseller)); "
                                              + cart.map { "\($0.quantity)× \($0.offerId)" }.joined(separator: ", "),
                                          involvedAccounts: partners),
                        receipt: Receipt(createdId: customerId, customerAdmin: credentials,
                                         message: "Added \(customer.name) with \(subscriptions.count) subscription(s)"))
    }

    /// Add subscription for an existing customer. Rule 6: the provider must be its reseller of record.
    func decidePlaceOrder(_ customerId: CustomerID, cart: [CartLine], as actor: Actor,
                          context: inout CommandContext) throws(DomainError) -> Decision {
        let (user, provider) = try adminAgent(actor)
        guard provider.kind == .indirectProvider else {
            throw .forbidden("account", "orders are submitted by the indirect provider; ask your provider to order")
        }
        let customer = try orderableCustomer(customerId, by: provider)
        guard !cart.isEmpty else { throw .invalid("cart", "select at least one subscription") }
        let (order, subscriptions) = try makeOrder(for: customer, cart: cart, provider: provider, user: user, context: &context)
        return decision(context, by: user, account: provider.id,
                        events: [.orderPlaced(order)] + subscriptions.map { .subscriptionCreated($0) },
                        audit: AuditEntry(operationType: .create_order, resourceName: customer.name, customerId: customerId,
                                          newValue: cart.map { "\($0.quantity)× \($0.offerId)" }.joined(separator: ", "),
                                          involvedAccounts: [provider.id] + customer.relationships.map(\.partnerId).filter { $0 != provider.id }),
                        receipt: Receipt(createdId: order.id, message: "Order placed: \(subscriptions.count) subscription(s)"))
    }

    /// A new customer of `provider`, created for `reseller` if any. Rule 4: both the reseller
    /// and the provider become resellers of record.
    func newCustomer(_ id: CustomerID, _ details: NewCustomer, provider: AccountID, reseller: AccountID?,
                     at now: Date) -> Customer {
        let partners = [provider] + (reseller.map { [$0] } ?? [])
        return Customer(
            id: id, companyProfile: CompanyProfile(domain: details.domain, companyName: details.companyName),
            billingProfile: billing(details), associatedPartnerId: reseller,
            relationships: partners.map { CustomerRelationship(partnerId: $0, since: now) },
            channel: reseller == nil ? .ownMarketing : .indirectProvider, createdAt: now,
            adminUserName: "admin@\(details.domain)")
    }

    /// Rule 6: a customer the provider may order for, as one of its resellers of record.
    func orderableCustomer(_ customerId: CustomerID, by provider: PartnerAccount, field: String = "customer") throws(DomainError) -> Customer {
        guard let customer = customers[customerId] else { throw .notFound(field, "no such customer") }
        guard customer.isResellerOfRecord(provider.id) else {
            throw .forbidden(field, "\(provider.legalName) is not a reseller of record for this customer; "
                + "the customer must authorize a reseller relationship first", rule: 6)
        }
        return customer
    }

    /// The order and its subscriptions for `customer` as it will be (a new one with its
    /// relationships already made), so each line's partner of record can act for it.
    func makeOrder(for customer: Customer, cart: [CartLine], provider: PartnerAccount, user: User,
                   context: inout CommandContext) throws(DomainError) -> (Order, [Subscription]) {
        let customerId = customer.id
        let orderId = context.fresh.id()
        var items: [LineItem] = []
        var subscriptions: [Subscription] = []
        for (i, line) in cart.enumerated() {
            try FieldRef.cartLine(i, .offerId).check(line.offerId)
            if let name = line.friendlyName { try FieldRef.cartLine(i, .friendlyName).check(name) }
            guard let offer = context.catalog[line.offerId] else {
                throw DomainError(.notFound, .cartLine(i, .offerId), "\(line.offerId) is not in the offer catalog")
            }
            try checkQuantity(line.quantity, offer, field: "cart[\(i)].quantity")
            var partnerMpn: String?
            if let partner = line.partnerOfRecord {
                partnerMpn = try resellerActing(for: customer, partner, of: provider, field: "cart[\(i)].partnerOfRecord").mpnId
            }
            items.append(LineItem(lineItemNumber: i, offerId: offer.id, quantity: line.quantity,
                                  termDuration: offer.termDuration, partnerIdOnRecord: partnerMpn))
            subscriptions.append(Subscription(
                id: context.fresh.id(), customerId: customerId, offerId: offer.id,
                friendlyName: line.friendlyName ?? offer.name, quantity: line.quantity, status: .active,
                partnerId: partnerMpn, supportContact: nil, creationDate: context.now,
                commitmentEndDate: offer.termDuration.end(from: context.now), autoRenewEnabled: true, orderId: orderId))
        }
        let order = Order(id: orderId, customerId: customerId, lineItems: items, placedByAccount: provider.id,
                          placedByUser: user.userPrincipalName, status: .completed, createdAt: context.now)
        return (order, subscriptions)
    }

    /// Rule 8: a reseller of record relationship ends only when every subscription is suspended.
    /// The customer's subscriptions then stop crediting as partner of record and naming as
    /// support contact every reseller that can no longer act for the customer (rule 2): the
    /// removed reseller, or a reseller whose only provider of record was the one removed.
    func decideRemoveRelationship(_ customerId: CustomerID, partner: AccountID, as actor: Actor,
                                  context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try adminAgent(actor)
        guard var customer = self.customer(customerId, visibleTo: account.id) else {
            throw .notFound("customer", "no such customer among yours")
        }
        guard partner == account.id || (account.kind == .indirectProvider && activePartnership(provider: account.id, reseller: partner) != nil) else {
            throw .forbidden("partner", "you can remove only your own relationship or one of your resellers'")
        }
        guard customer.isResellerOfRecord(partner) else {
            throw .notFound("partner", "\(partnerName(partner)) is not a reseller of record for \(customer.name)")
        }
        let live = subscriptions(of: customerId).filter { $0.status == .active }
        guard live.isEmpty else {
            throw .conflict("subscriptions", "\(live.count) subscription(s) of \(customer.name) are still active; "
                + "suspend every subscription before removing a reseller of record", rule: 8)
        }
        let involved = customer.relationships.map(\.partnerId), before = customer
        customer.relationships.removeAll { $0.partnerId == partner }
        let released = subscriptionsReleased(customer)
        let resellers = { (c: Customer) in c.relationships.map { self.partnerName($0.partnerId) }.joined(separator: ", ") }
        let note = releaseNote(released)
        return decision(context, by: user, account: account.id,
                        events: [.customerUpdated(customer)] + released.subscriptions.map(Event.subscriptionUpdated),
                        audit: AuditEntry(operationType: .remove_customer_relationship, resourceName: customer.name,
                                          customerId: customerId, oldValue: resellers(before),
                                          newValue: resellers(customer) + (note.map { "; \($0)" } ?? ""),
                                          involvedAccounts: involved),
                        receipt: Receipt(message: "\(partnerName(partner)) is no longer a reseller of record for \(customer.name)"
                            + (note.map { "; \($0)" } ?? "")))
    }

    /// "Fabrikam Solutions no longer partner of record or support contact on 2 subscription(s)",
    /// for the audit record and the message of a change that released subscriptions; nil if none.
    func releaseNote(_ released: (subscriptions: [Subscription], resellers: [AccountID])) -> String? {
        guard !released.subscriptions.isEmpty else { return nil }
        let names = released.resellers.map(partnerName).joined(separator: ", ")
        return "\(names) no longer partner of record or support contact on \(released.subscriptions.count) subscription(s)"
    }

    /// Rule 2: a reseller the provider may act for, in an active partnership.
    func activeReseller(_ id: AccountID, of provider: PartnerAccount, field: String = "reseller") throws(DomainError) -> PartnerAccount {
        guard let reseller = accounts[id], reseller.kind == .indirectReseller else {
            if accounts[id]?.kind == .indirectProvider {
                throw .invalid(field, "must be an indirect reseller's; the provider's own MPN ID is never the partner of record", rule: 2)
            }
            throw .notFound(field, "is not an indirect reseller")
        }
        guard provider.kind == .indirectProvider, activePartnership(provider: provider.id, reseller: id) != nil else {
            throw .forbidden(field, "\(reseller.legalName) is not in an active partnership with \(provider.legalName)", rule: 2)
        }
        return reseller
    }

    /// Rule 2: a reseller the provider may name on `customer`'s subscriptions, as partner of
    /// record or support contact: one it acts for that is also a reseller of record for the
    /// customer, so it sees the subscription it is named on (rule 6).
    func resellerActing(for customer: Customer, _ id: AccountID, of provider: PartnerAccount,
                        field: String) throws(DomainError) -> PartnerAccount {
        let reseller = try activeReseller(id, of: provider, field: field)
        guard customer.isResellerOfRecord(id) else {
            throw .forbidden(field, "\(reseller.legalName) is not a reseller of record for \(customer.name), so it could not "
                + "see the subscription; it must have a reseller relationship with the customer first", rule: 2)
        }
        return reseller
    }

    /// Rule 8: quantities stay within the offer's minimum and maximum.
    func checkQuantity(_ quantity: Int, _ offer: Offer, field: String) throws(DomainError) {
        if let problem = Self.quantityProblem(quantity, offer) { throw .invalid(field, problem, rule: 8) }
    }

    /// Every field of the customer table, in its order, and the new tenant free.
    func validate(_ d: NewCustomer) throws(DomainError) {
        for field in CustomerField.allCases {
            try FieldRef.customer(field).check(d[field])
            if field == .domainPrefix, let taken = newTenantProblem(prefix: d.domainPrefix) {
                throw .conflict(.customer(.domainPrefix), taken)
            }
        }
    }

    func billing(_ d: NewCustomer) -> BillingProfile {
        BillingProfile(firstName: d.firstName, lastName: d.lastName, email: d.email, phone: d.phone,
                       culture: d.culture, language: d.language, defaultAddress: d.address)
    }
}
