import Foundation
import HashTreeCollections

/// The whole workspace as one value. Entities live in tables keyed by id; the
/// indexes below are derived from them (rebuilt after decoding, kept in step by `apply`)
/// so that "customers of this reseller" is a lookup, not a scan.
///
/// The collections that grow with the book (customers, orders, subscriptions, invitations,
/// the audit log, and the indexes a commit changes) are persistent: `EntityTable`
/// (customers, orders, subscriptions, invitations: values in copy-on-write chunks, a `TreeDictionary`
/// from id to slot), `TreeSet` and `AuditLog` (the audit log as compact chunks of rows) share their structure
/// between copies. A snapshot freezes the model by copying it, and a commit made while the
/// snapshot is written then copies only the few nodes and the one chunk it changes rather
/// than whole hash tables. Iteration order is the hash's or the tables' slots (insertion
/// order): nothing may depend on it.
public struct PartnerModel: Equatable, Sendable {
    public internal(set) var accounts: [AccountID: PartnerAccount] = [:]
    public internal(set) var users: [UserID: User] = [:]
    public internal(set) var membershipProfiles: [String: MembershipProfile] = [:]
    public internal(set) var listings: [AccountID: [ListingLocation]] = [:]
    public internal(set) var changeRequests: [ChangeRequestID: ProfileChangeRequest] = [:]
    public internal(set) var invitations = EntityTable<Invitation>()
    public internal(set) var partnerships: [PartnershipID: Partnership] = [:]
    public internal(set) var customers = EntityTable<Customer>()
    public internal(set) var orders = EntityTable<Order>()
    public internal(set) var subscriptions = EntityTable<Subscription>()
    public internal(set) var auditLog: AuditLog = []
    /// The journal sequence number of the last transaction applied.
    public internal(set) var lastSequence: UInt64 = 0

    // Derived indexes.
    /// Each partner's customers. Persistent sets too: a provider holds nearly every
    /// customer, and a plain `Set` shared with a snapshot was copied whole (3 MB at 200k)
    /// by the first customer added while the snapshot was written.
    public internal(set) var customersByPartner: TreeDictionary<AccountID, CustomerIdSet> = [:]
    /// Each customer's subscriptions, as slots of `subscriptions` (`subscriptions(of:)` gives
    /// the values, `subscriptionIds(of:)` the ids).
    public internal(set) var subscriptionSlotsByCustomer: TreeDictionary<CustomerID, SubscriptionSlots> = [:]
    public internal(set) var accountByMpn: [String: AccountID] = [:]
    /// Accounts by MPN ID, domain and name, as `findAccount` is asked (rejected ones too).
    var accountLookup = AccountLookup()
    public internal(set) var userByPrincipal: [String: UserID] = [:]
    /// Partnerships by (provider, reseller), and each account's partnerships.
    public internal(set) var partnershipByPair: [PartnerPair: PartnershipID] = [:]
    public internal(set) var partnershipsByAccount: [AccountID: [PartnershipID]] = [:]
    /// Lower-cased tenant domains of accounts and customers: a domain is taken once. Made
    /// as one set for the tests; `isDomainTaken` asks the index (`TakenDomains`).
    public var takenDomains: TreeSet<String> { domains.all(among: customers) }
    var domains = TakenDomains()
    /// The index itself, for the benchmark's memory breakdown.
    public var takenDomainIndex: TakenDomains { domains }
    /// Live subscriptions by the hour their term ends (rule 11's renewals).
    public internal(set) var termEnds = TermEndIndex()
    /// Customers and subscriptions by their ids' leading digits (`findCustomer`,
    /// `findSubscription` given a short id); made on the first such lookup.
    var customerShortIds = ShortIdIndex()
    var subscriptionShortIds = ShortIdIndex()

    public init() {}

    /// Builds a model from stored entities (a snapshot) and derives its indexes. A later
    /// duplicate id replaces an earlier one rather than trapping; `partnerdash check`
    /// reports duplicates. Each customer's subscriptions are indexed in the order given.
    public init(accounts: [PartnerAccount], users: [User], membershipProfiles: [MembershipProfile],
                listings: [AccountID: [ListingLocation]], changeRequests: [ProfileChangeRequest],
                invitations: [Invitation], partnerships: [Partnership], customers: [Customer],
                orders: [Order], subscriptions: [Subscription], auditLog: some Sequence<AuditRecord>, lastSequence: UInt64) {
        self.accounts = Self.keyed(accounts, by: \.id)
        self.users = Self.keyed(users, by: \.id)
        self.membershipProfiles = Self.keyed(membershipProfiles, by: \.mpnId)
        self.listings = listings
        self.changeRequests = Self.keyed(changeRequests, by: \.id)
        self.invitations = EntityTable(invitations)
        self.partnerships = Self.keyed(partnerships, by: \.id)
        self.customers = EntityTable(customers)
        self.orders = EntityTable(orders)
        self.subscriptions = EntityTable(subscriptions)
        self.auditLog = AuditLog(auditLog)
        self.lastSequence = lastSequence
        rebuildIndexes(subscriptionOrder: subscriptions)
    }

    static func keyed<K: Hashable, V>(_ values: [V], by key: KeyPath<V, K>) -> [K: V] {
        var dictionary = [K: V](minimumCapacity: values.count)
        for value in values { dictionary[value[keyPath: key]] = value }
        return dictionary
    }

    /// Each customer's subscriptions, in the order the index keeps them (creation order):
    /// the order a snapshot writes them in, so reading it back needs no sort.
    public var subscriptionsInIndexOrder: [Subscription] {
        var ordered: [Subscription] = []
        ordered.reserveCapacity(subscriptions.count)
        forEachSubscriptionInIndexOrder { _, subscription in ordered.append(subscription) }
        return ordered
    }

    /// `subscriptionsInIndexOrder` one at a time, each with its slot in `subscriptions`: a
    /// snapshot copies the records of slots unchanged since a file holds them.
    public func forEachSubscriptionInIndexOrder(_ body: (_ slot: Int, _ subscription: Subscription) -> Void) {
        for slots in subscriptionSlotsByCustomer.values {
            for slot in slots { body(Int(slot), subscriptions.value(atSlot: Int(slot))) }
        }
    }

    /// How many entries `subscriptionsInIndexOrder` has (the subscriptions' count in a sound model).
    public var subscriptionIndexCount: Int {
        subscriptionSlotsByCustomer.values.reduce(0) { $0 + $1.count }
    }

    /// A customer's subscriptions' ids, in index order.
    public func subscriptionIds(of customer: CustomerID) -> [SubscriptionID] {
        (subscriptionSlotsByCustomer[customer] ?? .listed([])).compactMap {
            Int($0) < subscriptions.count ? subscriptions.id(at: Int($0)) : nil
        }
    }

    /// The whole index with ids for slots: for tests comparing two models, whose slots may
    /// differ (a model read back holds its subscriptions in the snapshot's order).
    public var subscriptionIdsByCustomer: [CustomerID: [SubscriptionID]] {
        Dictionary(uniqueKeysWithValues: subscriptionSlotsByCustomer.keys.map { ($0, subscriptionIds(of: $0)) })
    }

    mutating func rebuildIndexes(subscriptionOrder: [Subscription]? = nil) {
        customersByPartner = [:]
        subscriptionSlotsByCustomer = [:]
        termEnds = TermEndIndex()
        domains = TakenDomains()
        rebuildSmallIndexes()
        for (slot, customer) in customers.values.enumerated() { indexCustomer(customer, at: UInt32(slot), replacing: nil) }
        // A snapshot lists each customer's subscriptions in index order already; only a
        // list that is not in (creationDate, id) order is sorted.
        var slotsByCustomer: [CustomerID: [UInt32]] = [:]
        for sub in subscriptionOrder ?? Array(subscriptions.values) {
            guard let slot = subscriptions.slot(of: sub.id) else { continue }
            slotsByCustomer[sub.customerId, default: []].append(slot)
            termEnds.insert(sub, slot: slot)
        }
        for (customer, slots) in slotsByCustomer {
            subscriptionSlotsByCustomer[customer] = SubscriptionSlots(inIndexOrder(slots))
        }
    }

    /// `slots` in index order: as they are when already so (a snapshot's), else sorted.
    func inIndexOrder(_ slots: [UInt32]) -> [UInt32] {
        let keys = slots.map(subscriptionOrderKey)
        guard zip(keys, keys.dropFirst()).contains(where: { !($0 < $1) }) else { return slots }
        return slots.indices.sorted { keys[$0] < keys[$1] }.map { slots[$0] }
    }

    /// The order of a customer's subscriptions everywhere: by creation date, then id.
    func subscriptionOrderKey(_ slot: UInt32) -> (Date, SubscriptionID) {
        let subscription = subscriptions.value(atSlot: Int(slot))
        return (subscription.creationDate, subscription.id)
    }

    /// The indexes of accounts, users and partnerships (a few thousand at most); account
    /// domains are added to `takenDomains`, whatever it holds already.
    mutating func rebuildSmallIndexes() {
        accountByMpn = [:]
        accountLookup = AccountLookup()
        userByPrincipal = [:]
        partnershipByPair = [:]
        partnershipsByAccount = [:]
        for partnership in partnerships.values.sorted(by: { ($0.since, $0.id) < ($1.since, $1.id) }) {
            indexPartnership(partnership)
        }
        for account in accounts.values { indexAccount(account) }
        for user in users.values { userByPrincipal[user.userPrincipalName.lowercased()] = user.id }
    }

    mutating func indexAccount(_ account: PartnerAccount) {
        if case .rejected = account.enrollment {} else { accountByMpn[account.mpnId] = account.id }
        accountLookup.insert(account)
        domains.insert(Self.folded(account.tenantDomain))
    }

    /// `customer`, stored at `slot` of `customers`, replacing `old`.
    mutating func indexCustomer(_ customer: Customer, at slot: UInt32, replacing old: Customer?) {
        domains.insert(customer, at: slot, replacing: old)
        for relationship in customer.relationships {
            customersByPartner[relationship.partnerId, default: []].insert(customer.id)
        }
    }

    /// `customer`, just stored in `customers`, replacing `old`.
    mutating func indexCustomer(_ customer: Customer, replacing old: Customer?) {
        guard let slot = customers.slot(of: customer.id) else { preconditionFailure("the customer is stored first") }
        indexCustomer(customer, at: slot, replacing: old)
    }

    /// Whether an account or a customer has (or had) this lower-cased domain.
    public func isDomainTaken(_ domain: String) -> Bool { domains.contains(domain, among: customers) }

    /// Domains are validated lower-case; lowering again would allocate 200k strings on open.
    static func folded(_ domain: String) -> String {
        domain.utf8.contains { (65...90).contains($0) } ? domain.lowercased() : domain
    }

    mutating func unindexCustomerRelationships(_ customer: Customer) {
        for relationship in customer.relationships {
            customersByPartner[relationship.partnerId]?.remove(customer.id)
        }
    }

    /// A pair may have several partnerships over time (one ended, a later one active): each
    /// is listed for both accounts, and the pair's entry is the active one when there is one.
    mutating func indexPartnership(_ partnership: Partnership) {
        let pair = PartnerPair(provider: partnership.providerId, reseller: partnership.resellerId)
        for side in [partnership.providerId, partnership.resellerId]
        where partnershipsByAccount[side]?.contains(partnership.id) != true {
            partnershipsByAccount[side, default: []].append(partnership.id)
        }
        if let current = partnershipByPair[pair], current != partnership.id, partnerships[current]?.status == .active,
           partnership.status != .active {
            return
        }
        partnershipByPair[pair] = partnership.id
    }

    /// Indexes `subscription`, stored in `subscriptions` already, under its term's end and
    /// its customer, keeping the customer's in (creationDate, id) order, the order
    /// `rebuildIndexes` gives them, so a list looks the same before and after a restart.
    mutating func indexSubscription(_ subscription: Subscription) {
        guard let slot = subscriptions.slot(of: subscription.id) else { preconditionFailure("the subscription is stored first") }
        termEnds.insert(subscription, slot: slot)
        let key = (subscription.creationDate, subscription.id)
        let slots = subscriptionSlotsByCustomer[subscription.customerId] ?? .listed([])
        let at = slots.lastIndex { subscriptionOrderKey($0) < key }.map { $0 + 1 } ?? 0
        subscriptionSlotsByCustomer[subscription.customerId] = slots.inserting(slot, at: at)
    }

    /// Customers whose domain is this (lower-cased); a linear scan, used only on consent.
    public func customer(withDomain domain: String) -> Customer? {
        let d = domain.lowercased()
        guard isDomainTaken(d) else { return nil }
        return customers.values.first { $0.companyProfile.domain.lowercased() == d }
    }

    /// Equality of the stored state (indexes are derived and so follow).
    public static func == (a: PartnerModel, b: PartnerModel) -> Bool {
        a.accounts == b.accounts && a.users == b.users && a.membershipProfiles == b.membershipProfiles
            && a.listings == b.listings && a.changeRequests == b.changeRequests && a.invitations == b.invitations
            && a.partnerships == b.partnerships && a.customers == b.customers && a.orders == b.orders
            && a.subscriptions == b.subscriptions && a.auditLog == b.auditLog && a.lastSequence == b.lastSequence
    }
}

/// A set of customers, as the model's indexes keep them: persistent (see `PartnerModel`),
/// so comparing, intersecting or subtracting two sets that share most of their nodes (the
/// visible customers before and after a commit) skips what they share.
public typealias CustomerIdSet = TreeSet<CustomerID>

/// A provider and a reseller: the key of their (single) partnership.
public struct PartnerPair: Hashable, Sendable {
    public var provider: AccountID
    public var reseller: AccountID

    public init(provider: AccountID, reseller: AccountID) {
        self.provider = provider
        self.reseller = reseller
    }
}
