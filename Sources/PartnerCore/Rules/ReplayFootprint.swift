/// What a run of transactions named, noted as each was applied, for checking a model that
/// held every invariant before them by looking again only at what they could have broken
/// (`invariantViolations(after:)`): the records an open replays on a checked snapshot, or
/// everything a store applied since its model was last checked (a checkpoint's footprint).
///
/// Each transaction is noted against the model just before it is applied
/// (`note(_:before:)`): where a named entity's index entries were, which domains were
/// already taken and which subscriptions hang on an order placed again, so the check can
/// find what a transaction left behind without scanning a whole collection.
public struct ReplayFootprint: Sendable, Equatable {
    /// Each customer an event carried, with every partner it has been a reseller of record
    /// of since the checked point: `customersByPartner` may hold it under those alone.
    public private(set) var customerPartners: [CustomerID: Set<AccountID>] = [:]
    public private(set) var orders: Set<OrderID> = []
    /// Each subscription an event carried, or whose order was placed again, with every
    /// customer it has belonged to since the checked point: `subscriptionSlotsByCustomer` may
    /// hold it under those alone.
    public private(set) var subscriptionCustomers: [SubscriptionID: Set<CustomerID>] = [:]
    /// Lower-cased domains a customer took while another account or customer may have held
    /// them: no other domain can be used twice, so only these are counted over the book.
    public private(set) var contestedDomains: Set<String> = []
    /// An invitation or a partnership changed: those (a small collection) are checked again whole.
    public private(set) var partners = false
    /// An account or a user changed (every customer, order and subscription is checked
    /// against the accounts), or what was applied is not known: nothing short of the whole
    /// check covers that.
    public private(set) var needsWholeCheck = false
    /// The audit records the transactions added (one each): the last ones in the log.
    public private(set) var auditRecords = 0

    /// Nothing applied yet.
    public init() {}

    /// A footprint that covers anything: the model's last check is not known to hold.
    public static var wholeModel: ReplayFootprint {
        var footprint = ReplayFootprint()
        footprint.needsWholeCheck = true
        return footprint
    }

    /// This footprint without its subscriptions: what an open that has not read them checks
    /// now (their own invariants are checked once they are read, against the footprint noted
    /// on the whole model).
    public var leavingOutSubscriptions: ReplayFootprint {
        var footprint = self
        footprint.subscriptionCustomers = [:]
        return footprint
    }

    /// Notes `transaction`, about to be applied to `model` (the model as it is just before).
    public mutating func note(_ transaction: Transaction, before model: PartnerModel) {
        auditRecords += 1
        guard !needsWholeCheck else { return }
        var domains: [CustomerID: String] = [:]
        for event in transaction.events {
            switch event {
            case .accountCreated, .accountUpdated, .userAdded, .userUpdated: needsWholeCheck = true
            case .invitationUpdated, .partnershipUpdated: partners = true
            // No invariant reads profiles, listings or change requests.
            case .membershipProfileRegistered, .listingUpdated, .profileChangeRequestUpdated: break
            case .customerCreated(let customer), .customerUpdated(let customer):
                noteCustomer(customer, before: model)
                domains[customer.id] = customer.companyProfile.domain.lowercased()
            case .orderPlaced(let order): noteOrder(order, before: model)
            case .subscriptionCreated(let sub), .subscriptionUpdated(let sub):
                noteSubscription(sub.id, now: sub.customerId, before: model)
            }
        }
        noteContestedDomains(domains, before: model)
    }

    /// Everything `later` (noted after this footprint's last transaction) names, added to this.
    public mutating func merge(_ later: ReplayFootprint) {
        customerPartners.merge(later.customerPartners) { $0.union($1) }
        orders.formUnion(later.orders)
        subscriptionCustomers.merge(later.subscriptionCustomers) { $0.union($1) }
        contestedDomains.formUnion(later.contestedDomains)
        partners = partners || later.partners
        needsWholeCheck = needsWholeCheck || later.needsWholeCheck
        auditRecords += later.auditRecords
    }

    private mutating func noteCustomer(_ customer: Customer, before model: PartnerModel) {
        var partners = customerPartners[customer.id]
            ?? Set(model.customers[customer.id]?.relationships.map(\.partnerId) ?? [])
        partners.formUnion(customer.relationships.map(\.partnerId))
        customerPartners[customer.id] = partners
    }

    /// An order placed under an id already used (only a forged record does that) may now
    /// be another customer's than its subscriptions: those unchanged since the checked
    /// point were its first customer's, so they are found in that customer's index entry.
    private mutating func noteOrder(_ order: Order, before model: PartnerModel) {
        if !orders.contains(order.id), let earlier = model.orders[order.id] {
            for subscription in model.subscriptions(of: earlier.customerId) where subscription.orderId == order.id {
                noteSubscription(subscription.id, now: earlier.customerId, before: model)
            }
        }
        orders.insert(order.id)
    }

    private mutating func noteSubscription(_ id: SubscriptionID, now customer: CustomerID, before model: PartnerModel) {
        var customers = subscriptionCustomers[id] ?? Set([model.subscriptions[id]?.customerId].compactMap { $0 })
        customers.insert(customer)
        subscriptionCustomers[id] = customers
    }

    /// A domain can come to be used twice only by a customer taking one it did not hold
    /// that was taken already (`takenDomains` keeps every domain ever used), or two
    /// customers of one transaction taking the same.
    private mutating func noteContestedDomains(_ domains: [CustomerID: String], before model: PartnerModel) {
        var takers: [String: Int] = [:]
        for domain in domains.values { takers[domain, default: 0] += 1 }
        for (id, domain) in domains {
            let held = model.customers[id]?.companyProfile.domain.lowercased()
            if takers[domain, default: 0] > 1 || (held != domain && model.isDomainTaken(domain)) {
                contestedDomains.insert(domain)
            }
        }
    }
}
