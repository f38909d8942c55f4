import Foundation
import PartnerResources
import PropertyBased
import Testing
@testable import PartnerCore

/// A short id is found through `ShortIdIndex` rather than by formatting every id: for
/// random ids (many sharing their first digits, so prefixes are ambiguous) and random
/// queries, `findCustomer` and `findSubscription` answer exactly what the plain scan they
/// replaced answers, the refusal's message included, before and after records are added,
/// whichever copy of the model made the index.
@Suite struct ShortIdIndexTests {
    static let world: PartnerModel = {
        let names = try! JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = OfferCatalog(try! JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
        return try! SyntheticWorld.build(resellers: 4, customers: 60, seed: 5, names: names, catalog: catalog,
                                         now: Date(timeIntervalSince1970: 1_795_000_000)).model
    }()

    /// A random stream (splitmix64).
    struct Stream {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Ids whose first 8 to 12 hex digits mostly come from a small pool, so that many
    /// share a short id; some are wholly random.
    static func id(_ r: inout Stream, pool: [UInt64]) -> Ident {
        let lead = pool[r.below(pool.count)]
        let keep = [0, 32, 36, 40, 48][r.below(5)]
        guard keep > 0 else { return Ident(high: r.next(), low: r.next()) }
        let high = (lead >> UInt64(64 - keep)) << UInt64(64 - keep) | (r.next() >> UInt64(keep))
        return Ident(high: high, low: r.next())
    }

    /// The world with fresh customer and subscription ids; the subscriptions after
    /// `split` are returned apart, to be added to the model by `apply` later.
    static func renumbered(_ seed: UInt64) -> (PartnerModel, later: [Subscription], laterCustomers: [Customer]) {
        var r = Stream(state: seed)
        let pool = (0..<(1 + r.below(6))).map { _ in r.next() }
        var newCustomerId: [CustomerID: CustomerID] = [:]
        let customers = world.customers.values.sorted { $0.id < $1.id }.map { customer -> Customer in
            var c = customer
            c.id = id(&r, pool: pool)
            newCustomerId[customer.id] = c.id
            return c
        }
        let subscriptions = world.subscriptions.values.sorted { $0.id < $1.id }.map { subscription -> Subscription in
            var s = subscription
            s.id = id(&r, pool: pool)
            s.customerId = newCustomerId[s.customerId] ?? s.customerId
            return s
        }
        let split = r.below(subscriptions.count)
        let customerSplit = r.below(customers.count)
        let w = world
        let model = PartnerModel(
            accounts: Array(w.accounts.values), users: Array(w.users.values), membershipProfiles: Array(w.membershipProfiles.values),
            listings: w.listings, changeRequests: Array(w.changeRequests.values), invitations: [],
            partnerships: Array(w.partnerships.values), customers: Array(customers[..<customerSplit]), orders: [],
            subscriptions: Array(subscriptions[..<split]), auditLog: [], lastSequence: w.lastSequence)
        return (model, Array(subscriptions[split...]), Array(customers[customerSplit...]))
    }

    /// A query: a prefix of some id as printed (8 to 35 characters), at times with a digit
    /// changed, a dash moved, upper case or spaces around it; or a random string of hex digits.
    static func query(_ r: inout Stream, ids: [Ident]) -> String {
        guard !ids.isEmpty, r.below(5) != 0 else {
            return String((0..<(8 + r.below(6))).map { _ in Array("0123456789abcdef-")[r.below(17)] })
        }
        var text = Array(ids[r.below(ids.count)].description.prefix(8 + r.below(28)))
        switch r.below(6) {
        case 0: text[r.below(text.count)] = Array("0123456789abcdef")[r.below(16)]
        case 1: text.insert("-", at: r.below(text.count))
        case 2: return " " + String(text).uppercased() + " "
        default: break
        }
        return String(text)
    }

    /// What `findCustomer` did before the index, for a query that is no full id or domain.
    static func plainCustomer(_ m: PartnerModel, _ text: String, _ account: AccountID) -> Result<CustomerID, DomainError> {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        let candidates = m.customerIds(visibleTo: account).compactMap { m.customers[$0] }
        var matches = PartnerModel.idPrefix(lowered) ? candidates.filter { $0.id.description.hasPrefix(lowered) } : []
        if matches.isEmpty { matches = candidates.filter { $0.name.lowercased() == lowered } }
        return Result { () throws(DomainError) in
            try m.unique(matches, query: text.trimmingCharacters(in: .whitespaces), field: "customer",
                         what: "a customer of yours", name: \.name).id
        }
    }

    /// What `findSubscription` did before the index.
    static func plainSubscription(_ m: PartnerModel, _ text: String, _ account: AccountID) -> Result<SubscriptionID, DomainError> {
        let query = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let id = Ident(query), let s = m.subscriptions[id], m.customerIds(visibleTo: account).contains(s.customerId) {
            return .success(id)
        }
        let matches = PartnerModel.idPrefix(query)
            ? m.customerIds(visibleTo: account).flatMap { m.subscriptions(of: $0) }.filter { $0.id.description.hasPrefix(query) } : []
        return Result { () throws(DomainError) in
            try m.unique(matches, query: query, field: "subscription", what: "a subscription of your customers", name: \.friendlyName).id
        }
    }

    static func check(_ m: PartnerModel, _ r: inout Stream, queries: Int) {
        let accounts = m.accounts.keys.sorted()
        let ids = Array(m.customers.keys) + Array(m.subscriptions.keys)
        for _ in 0..<queries {
            let text = query(&r, ids: ids)
            let account = accounts[r.below(accounts.count)]
            let customer = Result { () throws(DomainError) in try m.findCustomer(text, visibleTo: account).id }
            #expect(customer == plainCustomer(m, text, account), "customer \(text)")
            let subscription = Result { () throws(DomainError) in try m.findSubscription(text, visibleTo: account).id }
            #expect(subscription == plainSubscription(m, text, account), "subscription \(text)")
        }
    }

    @Test func indexFindsWhatAPlainScanFinds() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value(), Gen<Bool>.bool) { seed, olderCopyFirst in
            var r = Stream(state: seed)
            let (older, later, laterCustomers) = Self.renumbered(seed)
            var newer = older
            for c in laterCustomers { newer.apply(.customerCreated(c)) }
            for s in later { newer.apply(.subscriptionCreated(s)) }
            // Whichever copy looks first makes the table both then share.
            if olderCopyFirst {
                Self.check(older, &r, queries: 40)
                Self.check(newer, &r, queries: 40)
            } else {
                Self.check(newer, &r, queries: 40)
                Self.check(older, &r, queries: 40)
            }
        }
    }

    /// The index on its own: the ids it had when its table was made and the ids added
    /// since (past the point where it starts a new table), against every id printed.
    @Test func indexGivesEveryIdAPlainScanGives() async {
        await propertyCheck(count: 40, input: Gen<UInt64>.value(), Gen<Int>.int(in: 0...6000)) { seed, addedCount in
            var r = Stream(state: seed)
            let pool = (0..<(1 + r.below(4))).map { _ in r.next() }
            let first = (0..<r.below(3000)).map { _ in Self.id(&r, pool: pool) }
            var index = ShortIdIndex()
            var all = first
            let probe = { (index: ShortIdIndex, all: [Ident], r: inout Stream) in
                let text = Self.query(&r, ids: all).lowercased().trimmingCharacters(in: .whitespaces)
                guard let prefix = IdPrefix(text) else { return }
                let found = index.ids(matching: prefix) { all }.sorted()
                #expect(found == all.filter { $0.description.hasPrefix(text) }.sorted(), "\(text)")
            }
            probe(index, all, &r)
            for _ in 0..<addedCount {
                let id = Self.id(&r, pool: pool)
                index.add(id)
                all.append(id)
                if r.below(500) == 0 { probe(index, all, &r) }
            }
            for _ in 0..<20 { probe(index, all, &r) }
        }
    }

    @Test func ambiguousPrefixesAreRefusedWithTheSameMessage() throws {
        let (model, _, _) = Self.renumbered(11)
        let provider = try #require(model.accounts.values.max { model.customerIds(visibleTo: $0.id).count < model.customerIds(visibleTo: $1.id).count })
        // Two of the account's subscriptions that share their first eight digits.
        let visible = model.customerIds(visibleTo: provider.id)
        let byShortId = Dictionary(grouping: model.subscriptions.values.filter { visible.contains($0.customerId) }, by: \.id.short)
        let shared = try #require(byShortId.values.first { $0.count > 1 })
        let plain = Self.plainSubscription(model, shared[0].id.short, provider.id)
        #expect(throws: DomainError.self) { try model.findSubscription(shared[0].id.short, visibleTo: provider.id) }
        #expect(Result { () throws(DomainError) in try model.findSubscription(shared[0].id.short, visibleTo: provider.id).id } == plain)
        guard case .failure(let error) = plain else { Issue.record("the plain scan found one"); return }
        #expect(error.message.contains("matches \(shared.count)"))
    }

    @Test func prefixesAreComparedAsTheIdIsPrinted() {
        let id = Ident(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
        #expect(id.description == "01234567-89ab-cdef-fedc-ba9876543210")
        for length in 1..<36 {
            let text = String(id.description.prefix(length))
            let prefix = IdPrefix(text)
            #expect(prefix?.matches(id) == true, "\(text)")
        }
        #expect(IdPrefix("0123456789") == nil, "a digit where the dash is")
        #expect(IdPrefix("0123-4567") == nil, "a dash where a digit is")
        #expect(IdPrefix("01234567-89ab-cdef-fedc-ba9876543210x") == nil)
        #expect(IdPrefix("01234568")?.matches(id) == false)
    }
}
