import Foundation

/// Building a large model from a snapshot on several threads at once: each of the big
/// collections is keyed and indexed as its entities are read (`CustomerTable`,
/// `SubscriptionTable`, an order dictionary), each on its own thread, and
/// `init(assembling:)` joins them. The result is the model `init(accounts:…)` builds
/// from the same entities, indexes included (PartnerStoreTests compares them), in a
/// fraction of the time: no intermediate arrays copied into dictionaries, and no
/// second pass over 200,000 customers and 600,000 subscriptions to index them.
extension PartnerModel {
    /// Customers by id, with the two indexes derived from customers alone: the customers
    /// of each partner and the taken domains.
    public struct CustomerTable: Sendable {
        var byId: [CustomerID: Customer]
        var byPartner: [AccountID: Set<CustomerID>] = [:]
        var domains: Set<String>
        /// The first id that came twice (a crafted file: our encoder writes dictionary
        /// values); the indexes are then rebuilt from the dictionary at the end.
        public private(set) var firstDuplicate: CustomerID?
        var hasDuplicates: Bool { firstDuplicate != nil }

        public init(capacity: Int) {
            byId = Dictionary(minimumCapacity: capacity)
            domains = Set(minimumCapacity: capacity)
        }

        public var count: Int { byId.count }

        public mutating func insert(_ customer: Customer) {
            // A count that does not grow is a duplicate (cheaper than `updateValue`'s old value).
            let before = byId.count
            byId[customer.id] = customer
            if byId.count == before, firstDuplicate == nil { firstDuplicate = customer.id }
            guard !hasDuplicates else { return }
            domains.insert(PartnerModel.folded(customer.companyProfile.domain))
            for relationship in customer.relationships {
                byPartner[relationship.partnerId, default: []].insert(customer.id)
            }
        }
    }

    /// Subscriptions by id, and each customer's subscriptions in index order
    /// ((creationDate, id)): a snapshot lists them customer by customer in that order, so
    /// the order is checked as they come and only a customer whose list came otherwise is sorted.
    public struct SubscriptionTable: Sendable {
        var byId: [SubscriptionID: Subscription]
        var byCustomer: [CustomerID: [SubscriptionID]]
        /// Customers whose subscriptions did not come in index order.
        var unordered: Set<CustomerID> = []
        private var previous: (customer: CustomerID, date: Date, id: SubscriptionID)?
        /// The first id that came twice; see `CustomerTable.firstDuplicate`.
        public private(set) var firstDuplicate: SubscriptionID?
        var hasDuplicates: Bool { firstDuplicate != nil }

        public init(capacity: Int, customers: Int) {
            byId = Dictionary(minimumCapacity: capacity)
            byCustomer = Dictionary(minimumCapacity: customers)
        }

        public var count: Int { byId.count }

        public mutating func insert(_ subscription: Subscription) {
            let before = byId.count
            byId[subscription.id] = subscription
            if byId.count == before, firstDuplicate == nil { firstDuplicate = subscription.id }
            guard !hasDuplicates else { return }
            let customer = subscription.customerId
            let sameRun = previous?.customer == customer
            let outOfOrder = previous.map { sameRun && !(($0.date, $0.id) < (subscription.creationDate, subscription.id)) } ?? false
            func append(_ id: SubscriptionID, to list: inout [SubscriptionID]) -> Bool {
                list.append(id)
                return list.count > 1
            }
            let hadSome = append(subscription.id, to: &byCustomer[customer, default: []])
            // Out of order within a run, or a customer coming back after another customer's run.
            if outOfOrder || (hadSome && !sameRun) { unordered.insert(customer) }
            previous = (customer, subscription.creationDate, subscription.id)
        }
    }

    /// Joins tables built on separate threads with the small collections, and derives the
    /// remaining (small) indexes. Equal to `init(accounts:…)` over the same entities.
    public init(assembling accounts: [PartnerAccount], users: [User], membershipProfiles: [MembershipProfile],
                listings: [AccountID: [ListingLocation]], changeRequests: [ProfileChangeRequest],
                invitations: [Invitation], partnerships: [Partnership], customers: CustomerTable,
                orders: [OrderID: Order], subscriptions: SubscriptionTable, auditLog: [AuditRecord],
                lastSequence: UInt64) {
        self.accounts = Self.keyed(accounts, by: \.id)
        self.users = Self.keyed(users, by: \.id)
        self.membershipProfiles = Self.keyed(membershipProfiles, by: \.mpnId)
        self.listings = listings
        self.changeRequests = Self.keyed(changeRequests, by: \.id)
        self.invitations = Self.keyed(invitations, by: \.id)
        self.partnerships = Self.keyed(partnerships, by: \.id)
        self.customers = customers.byId
        self.orders = orders
        self.subscriptions = subscriptions.byId
        self.auditLog = auditLog
        self.lastSequence = lastSequence
        if customers.hasDuplicates || subscriptions.hasDuplicates {
            rebuildIndexes()
            return
        }
        customersByPartner = customers.byPartner
        takenDomains = customers.domains
        subscriptionsByCustomer = subscriptions.byCustomer
        for customer in subscriptions.unordered {
            guard let ids = subscriptionsByCustomer[customer] else { continue }
            subscriptionsByCustomer[customer] = ids
                .map { id in (self.subscriptions[id]?.creationDate ?? .distantPast, id) }
                .sorted { $0 < $1 }.map(\.1)
        }
        rebuildSmallIndexes()
    }
}
