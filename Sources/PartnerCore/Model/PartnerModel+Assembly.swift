import Foundation
import HashTreeCollections

/// Building a large model from a snapshot on several threads at once: each of the big
/// collections is gathered as its entities are read (`CustomerTable`, `SubscriptionTable`,
/// `OrderTable`: each entity appended to its table's chunks, what the indexes need noted
/// in plain arrays) and keyed and indexed in bulk when its section ends (`finish()`: the
/// id → slot map built page by page, each index's persistent tree filled once per key in
/// the trie's order), each on its own thread; `init(assembling:)` joins them. Nothing
/// persistent is updated per entity, so the cost per entity does not grow with the book
/// as the trees outgrow the caches. The result is the model `init(accounts:…)` builds
/// from the same entities, indexes included (AssemblyTests compares them).
extension PartnerModel {
    /// Customers a snapshot holds, put in after the model was assembled without them (a
    /// listing that reads only one reseller's: PartnerStore's `DeferredSections.customers`),
    /// indexed as `apply` indexes a customer. One the model has already is left as it is.
    public mutating func insertSnapshotCustomers(_ read: [Customer]) {
        for customer in read where customers[customer.id] == nil {
            customerShortIds.add(customer.id)
            customers[customer.id] = customer
            indexCustomer(customer, replacing: nil)
        }
    }

    /// Subscriptions a snapshot holds, put in while the model was assembled without them
    /// (PartnerStore's `loadSubscriptions(matching:)`: an update of one subscription), as
    /// `apply` puts in an updated one: by id, short id and term end, not in their customer's
    /// list (which a model without the rest could not make whole). One the model has
    /// already (updated since the snapshot) is left as it is.
    public mutating func insertSnapshotSubscriptions(_ read: [Subscription]) {
        for subscription in read where subscriptions[subscription.id] == nil {
            subscriptionShortIds.add(subscription.id)
            subscriptions[subscription.id] = subscription
            if let slot = subscriptions.slot(of: subscription.id) { termEnds.insert(subscription, slot: slot) }
        }
    }

    /// Customers by id, with the two indexes derived from customers alone: the customers
    /// of each partner and the taken domains.
    public struct CustomerTable: Sendable {
        private var reading: EntityTable<Customer>.Builder
        /// The customers by id, once `finish()` has made it.
        private(set) var byId = EntityTable<Customer>()
        /// The tags of the customers' domains, in the order read, until `finish()` makes
        /// them the index (slot `i` is the `i`th customer read).
        private var domainTags: [UInt32] = []
        private(set) var domains = TakenDomains()
        /// Each partner's customers, gathered as (partner's slot, customer) pairs in two flat
        /// arrays, grouped by partner and made into sets once, by `finish()`, in the trie's
        /// order (`TrieOrder`). An array per partner cost a cache miss on its header at most
        /// appends (2,000 resellers' arrays at 200k customers).
        private var partnerSlot: [AccountID: Int] = [:]
        private var memberSlots: [UInt32] = []
        private var memberIds: [CustomerID] = []
        private var partners: [AccountID] = []
        /// The last partner looked up: the provider comes with nearly every customer.
        private var lastPartner: (id: AccountID, slot: Int)?
        private(set) var byPartner: TreeDictionary<AccountID, CustomerIdSet> = [:]
        /// The first id that came twice (a crafted file: our encoder writes each entity
        /// once), known once `finish()` has keyed them; the indexes are then rebuilt from
        /// the table at the end.
        public private(set) var firstDuplicate: CustomerID?
        var hasDuplicates: Bool { firstDuplicate != nil }

        /// `capacity` sizes the table's list of chunks and the list of domains.
        public init(capacity: Int) {
            reading = EntityTable.Builder(capacity: capacity)
            domainTags.reserveCapacity(capacity)
        }

        public mutating func insert(_ customer: Customer) {
            reading.append(customer)
            domainTags.append(TakenDomains.tag(of: customer))
            customer.forEachPartner { partner in
                let slot: Int
                if let last = lastPartner, last.id == partner {
                    slot = last.slot
                } else if let known = partnerSlot[partner] {
                    slot = known
                } else {
                    slot = partners.count
                    partnerSlot[partner] = slot
                    partners.append(partner)
                }
                lastPartner = (partner, slot)
                memberSlots.append(UInt32(slot))
                memberIds.append(customer.id)
            }
        }

        /// Notes where the customers read lie encoded (after `finish()`; none when an id
        /// came twice, as the table is then not the bytes' order).
        public mutating func noteEncodedChunks(_ encoded: [(any EncodedChunk)?]) {
            if !hasDuplicates { byId.noteEncodedChunks(encoded) }
        }

        /// Keys the customers read and turns the gathered lists into the sets the model
        /// keeps (on the caller's thread; the snapshot reader calls it on the customers'
        /// own). Idempotent.
        public mutating func finish() {
            if reading.count > 0 {
                (byId, firstDuplicate) = reading.finish()
                reading = EntityTable.Builder()
                if !hasDuplicates { domains = TakenDomains(customerTags: domainTags) }
                domainTags = []
            }
            guard !partners.isEmpty, !hasDuplicates else { return }
            let (grouped, starts) = Self.grouped(memberIds, by: memberSlots, groups: partners.count)
            for (slot, partner) in partners.enumerated() {
                Self.add(Array(grouped[starts[slot]..<starts[slot + 1]]), to: &byPartner[partner, default: []])
            }
            partners = []
            memberSlots = []
            memberIds = []
            partnerSlot = [:]
            lastPartner = nil
        }

        /// `ids` grouped by their slot (a counting sort, each group in the order read), and
        /// where each group starts (`starts[groups]` is the end).
        private static func grouped(_ ids: [CustomerID], by slots: [UInt32], groups: Int) -> ([CustomerID], [Int]) {
            var starts = [Int](repeating: 0, count: groups + 1)
            for slot in slots { starts[Int(slot) + 1] += 1 }
            for group in 0..<groups { starts[group + 1] += starts[group] }
            var next = starts
            let grouped = [CustomerID](unsafeUninitializedCapacity: ids.count) { buffer, count in
                for (slot, id) in zip(slots, ids) {
                    (buffer.baseAddress! + next[Int(slot)]).initialize(to: id)
                    next[Int(slot)] += 1
                }
                count = ids.count
            }
            return (grouped, starts)
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
    /// sorted. A customer's consecutive subscriptions are consecutive slots of the table,
    /// noted as a start and a count (`SubscriptionSlots.run`); `finish()` puts the runs into
    /// the persistent index in the trie's order (`TrieOrder`).
    public struct SubscriptionTable: Sendable {
        private var reading: EntityTable<Subscription>.Builder
        /// The subscriptions by id, once `finish()` has made it.
        private(set) var byId = EntityTable<Subscription>()
        private(set) var byCustomer: TreeDictionary<CustomerID, SubscriptionSlots> = [:]
        /// Customers whose subscriptions did not come in index order.
        private(set) var unordered: Set<CustomerID> = []
        /// Each customer's run as read, until `finish()`.
        private var runs: [(customer: CustomerID, start: UInt32, count: UInt32, ordered: Bool)] = []
        /// The run being gathered: one customer's consecutive subscriptions.
        private var runCustomer: CustomerID?
        private var runStart: UInt32 = 0
        private var runLast: (date: Date, id: SubscriptionID)?
        private var runOrdered = true
        /// Gathered here, on the thread that reads the subscriptions, rather than after.
        private var termEndHours = TermEndIndex.Builder()
        private(set) var termEnds = TermEndIndex()
        /// The first id that came twice; see `CustomerTable.firstDuplicate`.
        public private(set) var firstDuplicate: SubscriptionID?
        var hasDuplicates: Bool { firstDuplicate != nil }

        /// `capacity` sizes the table's list of chunks, `customers` the list of runs.
        public init(capacity: Int, customers: Int) {
            reading = EntityTable.Builder(capacity: capacity)
            termEndHours = TermEndIndex.Builder(capacity: capacity)
            runs.reserveCapacity(customers)
        }

        public mutating func insert(_ subscription: Subscription) {
            let customer = subscription.customerId
            if customer != runCustomer {
                endRun()
                runCustomer = customer
                runStart = UInt32(reading.count)
            }
            termEndHours.add(subscription, slot: UInt32(reading.count))
            reading.append(subscription)
            let key = (subscription.creationDate, subscription.id)
            if let last = runLast, !((last.date, last.id) < key) { runOrdered = false }
            runLast = key
        }

        /// Notes the run being gathered.
        private mutating func endRun() {
            guard let customer = runCustomer else { return }
            runs.append((customer, runStart, UInt32(reading.count) - runStart, runOrdered))
            runCustomer = nil
            runLast = nil
            runOrdered = true
        }

        /// Notes where the subscriptions read lie encoded, in the order read (after `finish()`;
        /// none when an id came twice, as the table is then not the bytes' order).
        public mutating func noteEncodedChunks(_ encoded: [(any EncodedChunk)?]) {
            if !hasDuplicates { byId.noteEncodedChunks(encoded) }
        }

        /// Keys the subscriptions read and builds the indexes from what was gathered (the
        /// snapshot reader calls it after the last subscription; `init(assembling:)` does
        /// too). Idempotent.
        public mutating func finish() {
            endRun()
            if reading.count > 0 {
                (byId, firstDuplicate) = reading.finish()
                reading = EntityTable.Builder()
                termEnds = termEndHours.finish()
                termEndHours = TermEndIndex.Builder()
            }
            guard !runs.isEmpty, !hasDuplicates else { return }
            let runs = self.runs
            self.runs = []
            for index in TrieOrder.order(of: runs.map(\.customer)) {
                let (customer, start, count, ordered) = runs[index]
                let run = SubscriptionSlots.run(start: start, count: count)
                if let earlier = byCustomer.updateValue(run, forKey: customer) {
                    // The customer came back after another's run.
                    byCustomer[customer] = .listed(Array(earlier) + Array(run))
                    unordered.insert(customer)
                } else if !ordered {
                    unordered.insert(customer)
                }
            }
        }
    }

    /// Orders by id, as a snapshot is read. A thin wrapper, but the insert it makes is
    /// compiled for `Order` here: `EntityTable`'s generic insert called from another module
    /// goes through witness tables for every hash, comparison and copy (the orders section
    /// took twice as long as the tree of orders before it).
    public struct OrderTable: Sendable {
        private var reading: EntityTable<Order>.Builder
        /// The first id that came twice; see `CustomerTable.firstDuplicate`.
        public private(set) var firstDuplicate: OrderID?

        /// `capacity` sizes the table's list of chunks.
        public init(capacity: Int) { reading = EntityTable.Builder(capacity: capacity) }

        public mutating func insert(_ order: Order) { reading.append(order) }

        /// The orders by id; `firstDuplicate` is known after it.
        public mutating func finish() -> EntityTable<Order> {
            let (table, duplicate) = reading.finish()
            firstDuplicate = duplicate
            return table
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
        var customers = customers, subscriptions = subscriptions
        customers.finish()
        subscriptions.finish()
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
        domains = customers.domains
        subscriptionSlotsByCustomer = subscriptions.byCustomer
        termEnds = subscriptions.termEnds
        for customer in subscriptions.unordered {
            guard let slots = subscriptionSlotsByCustomer[customer] else { continue }
            subscriptionSlotsByCustomer[customer] = SubscriptionSlots(inIndexOrder(Array(slots)))
        }
        rebuildSmallIndexes()
    }
}
