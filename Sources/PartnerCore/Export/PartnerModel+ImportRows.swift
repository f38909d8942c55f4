import Foundation

extension PartnerModel {
    /// A customers row: `customers add`'s checks (every field, the tenant domain free, the
    /// reseller in an active partnership: rules 2 and 4), without an order (subscriptions
    /// are imported on their own). It keeps the file's `id`.
    func decideImportedCustomer(_ row: ImportRow, user: User, provider: PartnerAccount,
                                context: inout CommandContext) throws(DomainError) -> [Transaction] {
        let id = try row.id(CustomerColumn.id.rawValue, taken: { customers[$0] != nil }, context: &context)
        let domain = row[.domain]
        guard domain.hasSuffix(Self.tenantSuffix) else {
            throw .invalid(CustomerColumn.domain.rawValue, "must be the tenant domain, prefix\(Self.tenantSuffix)")
        }
        let relationship = row[.relationshipToPartner]
        guard relationship.isEmpty || relationship == CustomerRelationship.Kind.reseller.rawValue else {
            throw .invalid(CustomerColumn.relationshipToPartner.rawValue, "must be reseller (or empty)")
        }
        let details = NewCustomer { field in
            field == .domainPrefix ? String(domain.dropLast(Self.tenantSuffix.count)) : row[CustomerColumn(field)]
        }
        let reseller = try row.reseller(CustomerColumn.associatedPartnerId.rawValue, in: self)
        if let reseller { _ = try activeReseller(reseller, of: provider, field: CustomerColumn.associatedPartnerId.rawValue) }
        try validate(details)
        let customer = newCustomer(id, details, provider: provider.id, reseller: reseller, at: context.now)
        return [decision(context, by: user, account: provider.id, events: [.customerCreated(customer)],
                        audit: AuditEntry(operationType: .add_customer, resourceName: customer.name, customerId: id,
                                          newValue: "\(domain); reseller \(partnerName(reseller)); imported",
                                          involvedAccounts: customer.relationships.map(\.partnerId))).transaction]
    }

    private static let tenantSuffix = Validate.tenantDomain(prefix: "")

    /// A subscriptions row: `orders add`'s checks (the provider a reseller of record of the
    /// customer: rule 6; the offer in the catalog; the licenses in its range: rule 8; the
    /// partner of record and the support contact resellers the provider is partnered with:
    /// rule 2). It keeps the file's `id`, dates, status and order: the order is made, or the
    /// line added to it when an earlier row made it. A named reseller that is not yet a
    /// reseller of record of the customer becomes one first (`resellersOfRecordImplied`).
    func decideImportedSubscription(_ row: ImportRow, user: User, provider: PartnerAccount,
                                    context: inout CommandContext) throws(DomainError) -> [Transaction] {
        let id = try row.id(SubscriptionColumn.id.rawValue, taken: { subscriptions[$0] != nil }, context: &context)
        guard let customerId = Ident(row[.customerId]) else {
            throw .invalid(SubscriptionColumn.customerId.rawValue, "must be the GUID of an existing customer")
        }
        var customer = try orderableCustomer(customerId, by: provider, field: SubscriptionColumn.customerId.rawValue)
        let offer = try importedOffer(row, catalog: context.catalog)
        let friendlyName = row[.friendlyName].isEmpty ? offer.name : row[.friendlyName]
        try FieldRef.subscription(.friendlyName).check(friendlyName)
        guard let quantity = Int(row[.quantity]) else { throw .invalid(SubscriptionColumn.quantity.rawValue, "must be a whole number") }
        try checkQuantity(quantity, offer, field: SubscriptionColumn.quantity.rawValue)
        guard let status = Subscription.Status(rawValue: row[.status]) else {
            throw .invalid(SubscriptionColumn.status.rawValue, "must be one of " + Subscription.Status.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let partner = try row.reseller(SubscriptionColumn.partnerId.rawValue, in: self).map { reseller throws(DomainError) in
            try activeReseller(reseller, of: provider, field: SubscriptionColumn.partnerId.rawValue)
        }
        let support = try row.reseller(SubscriptionColumn.supportContactMpnId.rawValue, in: self).map { reseller throws(DomainError) in
            try activeReseller(reseller, of: provider, field: SubscriptionColumn.supportContactMpnId.rawValue)
        }
        let autoRenew = row[.autoRenewEnabled]
        guard autoRenew == "true" || autoRenew == "false" else {
            throw .invalid(SubscriptionColumn.autoRenewEnabled.rawValue, "must be true or false")
        }
        let created = try row.date(.creationDate)
        let relationship = resellersOfRecordImplied(by: [partner, support].compactMap { $0 }, for: &customer, since: created,
                                                    user: user, provider: provider, context: context)
        let orderId = row[.orderId].isEmpty ? context.fresh.id() : try orderIdent(row[.orderId], customer: customerId)
        let subscription = Subscription(
            id: id, customerId: customerId, offerId: offer.id, friendlyName: friendlyName, quantity: quantity, status: status,
            partnerId: partner?.mpnId,
            supportContact: support.map { SupportContact(supportTenantId: $0.id, supportMpnId: $0.mpnId, name: $0.legalName) },
            creationDate: created,
            effectiveStartDate: row[.effectiveStartDate].isEmpty ? created : try row.date(.effectiveStartDate),
            commitmentEndDate: try row.date(.commitmentEndDate), autoRenewEnabled: autoRenew == "true", orderId: orderId)
        var order = orders[orderId] ?? Order(id: orderId, customerId: customerId, lineItems: [], placedByAccount: provider.id,
                                             placedByUser: user.userPrincipalName, status: .completed, createdAt: created)
        order.lineItems.append(LineItem(lineItemNumber: order.lineItems.count, offerId: offer.id, quantity: quantity,
                                        termDuration: offer.termDuration, partnerIdOnRecord: partner?.mpnId))
        let placed = decision(context, by: user, account: provider.id, events: [.orderPlaced(order), .subscriptionCreated(subscription)],
                              audit: AuditEntry(operationType: .create_order, resourceName: customer.name, customerId: customerId,
                                                newValue: "\(quantity)× \(offer.id); imported",
                                                involvedAccounts: [provider.id] + customer.relationships.map(\.partnerId).filter { $0 != provider.id }))
        return (relationship.map { [$0] } ?? []) + [placed.transaction]
    }

    /// Rule 2 on import: a subscription's partner of record and support contact must be
    /// resellers of record of its customer. Partner Center's Customer resource (and so the
    /// customers export) has no column for resellers of record beyond `associatedPartnerId`,
    /// so one the customer authorized later (accepting the reseller's invitation) is known
    /// only from the subscriptions naming it: the row makes it a reseller of record, as that
    /// acceptance did (`decideConsent` checks that the reseller is in an active
    /// partnership with the provider; the caller has checked it). Nil when all are already.
    private func resellersOfRecordImplied(by resellers: [PartnerAccount], for customer: inout Customer, since: Date,
                                          user: User, provider: PartnerAccount, context: CommandContext) -> Transaction? {
        var added: [AccountID] = []
        for reseller in resellers where !customer.isResellerOfRecord(reseller.id) && !added.contains(reseller.id) {
            added.append(reseller.id)
        }
        guard !added.isEmpty else { return nil }
        let before = customer.relationships.map { partnerName($0.partnerId) }.joined(separator: ", ")
        customer.relationships += added.map { CustomerRelationship(partnerId: $0, since: since) }
        return decision(context, by: user, account: provider.id, events: [.customerUpdated(customer)],
                        audit: AuditEntry(operationType: .create_customer_relationship, resourceName: customer.name,
                                          customerId: customer.id, oldValue: before,
                                          newValue: customer.relationships.map { partnerName($0.partnerId) }.joined(separator: ", ")
                                              + "; imported",
                                          involvedAccounts: [provider.id] + added)).transaction
    }

    /// The row's offer; `offerName`, `billingCycle` and `termDuration`, when given, must be the catalog's for it.
    private func importedOffer(_ row: ImportRow, catalog: OfferCatalog) throws(DomainError) -> Offer {
        let offerId = row[.offerId]
        try FieldRef.cartLine(0, .offerId).check(offerId)
        guard let offer = catalog[offerId] else {
            throw .notFound(SubscriptionColumn.offerId.rawValue, "\(offerId) is not in the offer catalog")
        }
        let catalogValues: [(SubscriptionColumn, String)] = [
            (.offerName, offer.name), (.billingCycle, offer.billingCycle.rawValue), (.termDuration, offer.termDuration.rawValue),
        ]
        for (column, value) in catalogValues where !row[column].isEmpty && row[column] != value {
            throw .invalid(column.rawValue, "must be the catalog's \(value) for \(offer.id) (or empty)")
        }
        return offer
    }

    /// An order id from the file: a new order, or one an earlier row of the same customer made.
    private func orderIdent(_ text: String, customer: CustomerID) throws(DomainError) -> OrderID {
        guard let id = Ident(text) else { throw .invalid(SubscriptionColumn.orderId.rawValue, "must be a GUID") }
        if let order = orders[id], order.customerId != customer {
            throw .conflict(SubscriptionColumn.orderId.rawValue, "\(text) is another customer's order")
        }
        return id
    }
}
