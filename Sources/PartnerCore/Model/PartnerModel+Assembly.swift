import Foundation
import HashTreeCollections

/// Building a large model from a snapshot on several threads at once: each of the big
/// collections is keyed and indexed as its entities are read (`CustomerTable`,
/// `SubscriptionTable`, an order `EntityTable`: each entity appended to its table's
/// chunks, one id → slot insert each, no value hashed), each on its own thread, and
/// `init(assembling:)` joins them. The result is the model `init(accounts:…)` builds
/// from the same entities, indexes included (PartnerStoreTests compares them), in a
/// fraction of the time: no intermediate arrays copied into dictionaries, and no
/// second pass over 200,000 customers and 600,000 subscriptions to index them.
extension PartnerModel {
    /// Customers by id, with the two indexes derived from customers alone: the customers
    /// of each partner and the taken domains.
    public struct CustomerTable: Sendable {
        var byId = EntityTable<Customer>()
        /// The customers' domains, folded, in the order read: the model makes them a set
        /// when a rule first asks (`TakenDomains`).
        private(set) var domains: [String] = []
        /// Each partner's customers, gathered in arrays (appending is cheap) and made into
        /// sets once, by `finish()`, in the trie's order (`TrieOrder`).
        private var partnerSlot: [AccountID: Int] = [:]
        private var members: [[CustomerID]] = []
        private var partners: [AccountID] = []
        /// The last partner looked up: the provider comes with nearly every customer.
        private var lastPartner: (id: AccountID, slot: Int)?
        private(set) var byPartner: TreeDictionary<AccountID, CustomerIdSet> = [:]
        /// The first id that came twice (a crafted file: our encoder writes dictionary
        /// values); the indexes are then rebuilt from the dictionary at the end.
        public private(set) var firstDuplicate: CustomerID?
        var hasDuplicates: Bool { firstDuplicate != nil }

        /// `capacity` sizes the table's list of chunks and the list of domains.
        public init(capacity: Int) {
            byId.reserveCapacity(capacity)
            domains.reserveCapacity(capacity)
        }

        public mutating func insert(_ customer: Customer) {
            if !byId.insert(customer), firstDuplicate == nil { firstDuplicate = customer.id }
            guard !hasDuplicates else { return }
            domains.append(PartnerModel.folded(customer.companyProfile.domain))
            for relationship in customer.relationships {
                let partner = relationship.partnerId
                let slot: Int
                if let last = lastPartner, last.id == partner {
                    slot = last.slot
                } else if let known = partnerSlot[partner] {
                    slot = known
                } else {
                    slot = members.count
                    partnerSlot[partner] = slot
                    members.append([])
                    partners.append(partner)
                }
                lastPartner = (partner, slot)
                members[slot].append(customer.id)
            }
        }

        /// Turns the gathered lists into the sets the model keeps (on the caller's thread;
        /// the snapshot reader calls it on the customers' own). Idempotent.
        public mutating func finish() {
            guard !partners.isEmpty else { return }
            for (slot, partner) in partners.enumerated() {
                Self.add(members[slot], to: &byPartner[partner, default: []])
            }
            partners = []
            members = []
            partnerSlot = [:]
            lastPartner = nil
        }

        private static func add<Element: Hashable>(_ items: [Element], to set: inout TreeSet<Element>) {
            if set.isEmpty {
                set = TreeSet(trieOrdered: items)
            } else {
                for item in items { set.insert(item) }
            }
        }
    }

    /// Subscriptions by id, and each customer's subscriptions in index order
    /// ((creationDate, id)): a snapshot lists them customer by customer in that order, so
    /// the order is checked as they come and only a customer whose list came otherwise is
    /// sorted. A customer's run is gathered and stored once, at its exact size.
    public struct SubscriptionTable: Sendable {
        var byId = EntityTable<Subscription>()
        private(set) var byCustomer: TreeDictionary<CustomerID, [SubscriptionID]> = [:]
        /// Customers whose subscriptions did not come in index order.
        private(set) var unordered: Set<CustomerID> = []
        /// The run being gathered: one customer's consecutive subscriptions.
        private var runCustomer: CustomerID?
        private var run: [SubscriptionID] = []
        private var runLast: (date: Date, id: SubscriptionID)?
        private var runOrdered = true
        /// Built here, on the thread that reads the subscriptions, rather than after.
        var termEnds = TermEndIndex()
        /// The first id that came twice; see `CustomerTable.firstDuplicate`.
        public private(set) var firstDuplicate: SubscriptionID?
        var hasDuplicates: Bool { firstDuplicate != nil }

        /// `capacity` sizes the table's list of chunks; `customers` is a hint the index's tree does not use.
        public init(capacity: Int, customers: Int) { byId.reserveCapacity(capacity) }

        public mutating func insert(_ subscription: Subscription) {
            if !byId.insert(subscription), firstDuplicate == nil { firstDuplicate = subscription.id }
            guard !hasDuplicates else { return }
            termEnds.insert(subscription)
            let customer = subscription.customerId
            if customer != runCustomer {
                finish()
                runCustomer = customer
            }
            let key = (subscription.creationDate, subscription.id)
            if let last = runLast, !((last.date, last.id) < key) { runOrdered = false }
            runLast = key
            run.append(subscription.id)
        }

        /// Stores the run being gathered (the snapshot reader calls it after the last
        /// subscription; `init(assembling:)` does too). Idempotent.
        public mutating func finish() {
            guard let customer = runCustomer else { return }
            var ordered = runOrdered
            func store(_ list: inout [SubscriptionID]?, _ run: [SubscriptionID]) {
                if list == nil {
                    list = run
                } else {
                    // The customer came back after another's run.
                    list?.append(contentsOf: run)
                    ordered = false
                }
            }
            // A copy of its own, at the run's size: `Array(run)` would share the run's buffer,
            // with room for the longest run so far, and `run` would then allocate another as large.
            store(&byCustomer[customer], run.withUnsafeBufferPointer { Array($0) })
            if !ordered { unordered.insert(customer) }
            run.removeAll(keepingCapacity: true)
            runCustomer = nil
            runLast = nil
            runOrdered = true
        }
    }

    /// Orders by id, as a snapshot is read. A thin wrapper, but the insert it makes is
    /// compiled for `Order` here: `EntityTable`'s generic insert called from another module
    /// goes through witness tables for every hash, comparison and copy (the orders section
    /// took twice as long as the tree of orders before it).
    public struct OrderTable: Sendable {
        public private(set) var byId = EntityTable<Order>()
        /// The first id that came twice; see `CustomerTable.firstDuplicate`.
        public private(set) var firstDuplicate: OrderID?

        /// `capacity` sizes the table's list of chunks.
        public init(capacity: Int) { byId.reserveCapacity(capacity) }

        public mutating func insert(_ order: Order) {
            if !byId.insert(order), firstDuplicate == nil { firstDuplicate = order.id }
        }
    }

    /// Joins tables built on separate threads with the small collections, and derives the
    /// remaining (small) indexes. Equal to `init(accounts:…)` over the same entities.
    public init(assembling accounts: [PartnerAccount], users: [User], membershipProfiles: [MembershipProfile],
                listings: [AccountID: [ListingLocation]], changeRequests: [ProfileChangeRequest],
                invitations: [Invitation], partnerships: [Partnership], customers: CustomerTable,
                orders: EntityTable<Order>, subscriptions: SubscriptionTable, auditLog: AuditLog,
                lastSequence: UInt64) {
        self.accounts = Self.keyed(accounts, by: \.id)
        self.users = Self.keyed(users, by: \.id)
        self.membershipProfiles = Self.keyed(membershipProfiles, by: \.mpnId)
        self.listings = listings
        self.changeRequests = Self.keyed(changeRequests, by: \.id)
        self.invitations = EntityTable(invitations)
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
        var customers = customers, subscriptions = subscriptions
        customers.finish()
        subscriptions.finish()
        customersByPartner = customers.byPartner
        domains = TakenDomains(deferring: customers.domains)
        subscriptionsByCustomer = subscriptions.byCustomer
        termEnds = subscriptions.termEnds
        for customer in subscriptions.unordered {
            guard let ids = subscriptionsByCustomer[customer] else { continue }
            subscriptionsByCustomer[customer] = ids.map(subscriptionOrderKey).sorted { $0 < $1 }.map(\.1)
        }
        rebuildSmallIndexes()
    }
}
