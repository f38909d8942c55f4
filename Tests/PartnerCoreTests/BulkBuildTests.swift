import Foundation
import PropertyBased
import Testing
@testable import PartnerCore

/// What a snapshot's decode builds in bulk at a section's end (each entity table's id map,
/// the term-end index, each customer's subscriptions) must be what inserting the same
/// entities one at a time builds, for random data, and must go on answering alike as
/// entities are added, changed and removed afterwards.
struct BulkBuildTests {
    typealias Item = EntityTableTests.Item
    typealias ClashingItem = EntityTableTests.ClashingItem

    /// The table inserting `values` one at a time makes, and the first value whose id an
    /// earlier one had.
    static func oneByOne<Value: Identifiable>(_ values: [Value]) -> (EntityTable<Value>, Value.ID?) {
        var table = EntityTable<Value>(), firstDuplicate: Value.ID?
        for value in values where !table.insert(value) && firstDuplicate == nil { firstDuplicate = value.id }
        return (table, firstDuplicate)
    }

    static func bulk<Value: Identifiable>(_ values: [Value]) -> (table: EntityTable<Value>, firstDuplicate: Value.ID?) {
        var builder = EntityTable<Value>.Builder(capacity: values.count)
        for value in values { builder.append(value) }
        return builder.finish()
    }

    /// Both tables hold the same ids and values, in the same slots, and stay alike through
    /// the same random inserts, updates and removals.
    static func expectAlike<Value: Identifiable & Equatable>(
        _ values: [Value], later: Int, _ random: inout SeededFreshValues, item: (UInt64) -> Value,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let fromBuilder = bulk(values), fromInserts = oneByOne(values)
        var built = fromBuilder.table, inserted = fromInserts.0
        #expect(fromBuilder.firstDuplicate == fromInserts.1, "the first duplicate", sourceLocation: sourceLocation)
        #expect(built.count == inserted.count, sourceLocation: sourceLocation)
        #expect(Array(built.keys) == Array(inserted.keys), "the same slots", sourceLocation: sourceLocation)
        for value in values { #expect(built[value.id] == inserted[value.id], sourceLocation: sourceLocation) }
        for _ in 0..<later {
            let value = item(random.next())
            if random.next() % 4 == 0 {
                #expect(built.removeValue(forKey: value.id) == inserted.removeValue(forKey: value.id), sourceLocation: sourceLocation)
            } else {
                #expect(built.insert(value) == inserted.insert(value), sourceLocation: sourceLocation)
            }
            #expect(built[value.id] == inserted[value.id], sourceLocation: sourceLocation)
        }
        #expect(built == inserted, sourceLocation: sourceLocation)
        #expect(Array(built.keys) == Array(inserted.keys), "the same slots after the changes", sourceLocation: sourceLocation)
        for value in built.values { #expect(inserted[value.id] == value, sourceLocation: sourceLocation) }
    }

    @Test func aBulkBuiltTableIsTheOneInsertsMake() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            // From empty to several pages of the id map (a page is filled to 600 on average),
            // distinct ids, and in one case of four a few ids that come twice.
            let count = Int(seed % 5_000)
            var values = (0..<count).shuffled(using: &random).map { Item(id: $0 * 3, payload: random.next()) }
            if seed % 4 == 0, !values.isEmpty {
                for _ in 0..<3 { values.insert(Item(id: values.randomElement(using: &random)!.id, payload: 0), at: Int(random.next() % UInt64(values.count))) }
            }
            Self.expectAlike(values, later: 400, &random) { Item(id: Int($0 % UInt64(3 * count + 100)), payload: $0 >> 8) }
        }
    }

    /// Ids whose hashes are equal in groups: the bulk build tells them apart by the id, and
    /// a page whose bucket is over full (every id in one page) takes the rest one at a time.
    @Test func idsThatShareTheirHashAreToldApartInBulk() async {
        await propertyCheck(count: 12, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            for hashes in [3, 700, 4_000] {
                let values = (0..<2_500).shuffled(using: &random).map {
                    ClashingItem(id: .init(number: $0, hashes: hashes), payload: random.next())
                }
                Self.expectAlike(values, later: 300, &random) {
                    ClashingItem(id: .init(number: Int($0 % 3_500), hashes: hashes), payload: $0 >> 8)
                }
            }
        }
    }

    /// No page splits while a large table is keyed: the map has the pages its size calls for.
    @Test func aBulkBuiltMapHasThePagesItsSizeCallsFor() {
        let count = 100_000
        let (table, duplicate) = Self.bulk((0..<count).map { Item(id: $0, payload: UInt64($0)) })
        #expect(duplicate == nil)
        #expect(table.mapPageCount == 256, "100,000 ids at 600 a page")
        #expect((0..<count).allSatisfy { table[$0]?.payload == UInt64($0) })
        #expect(table[count] == nil && table[-1] == nil)
    }

    // MARK: The term-end index

    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func randomSubscription(_ random: inout SeededFreshValues, customers: [CustomerID], farApart: Bool) -> Subscription {
        var s = SubscriptionStorageTests.subscription()
        s.id = SubscriptionID(high: random.next(), low: random.next())
        s.customerId = customers[Int(random.next() % UInt64(customers.count))]
        s.creationDate = start.addingTimeInterval(Double(random.next() % 4) * 86_400)
        // Ends within a year, many in the same hour; far apart, some a century away.
        let hours = farApart && random.next() % 10 == 0 ? 876_000 : 8_760
        s.commitmentEndDate = start.addingTimeInterval(Double(random.next() % UInt64(hours)) * 3_600 + Double(random.next() % 3_600))
        s.status = [.active, .active, .suspended, .deleted, .expired][Int(random.next() % 5)]
        return s
    }

    /// Every slot the index holds, hour by hour, and the earliest end: all of what it answers.
    static func expectAlike(_ a: TermEndIndex, _ b: TermEndIndex, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.earliestEnd == b.earliestEnd, "\(what): earliestEnd", sourceLocation: sourceLocation)
        #expect(a.candidates(by: .distantFuture) == b.candidates(by: .distantFuture), "\(what): every hour", sourceLocation: sourceLocation)
        for days in [0.0, 30, 200, 400] {
            let now = start.addingTimeInterval(days * 86_400)
            #expect(a.candidates(by: now, atLeast: 50) == b.candidates(by: now, atLeast: 50), "\(what): \(days) days", sourceLocation: sourceLocation)
        }
    }

    @Test func aBulkBuiltTermEndIndexIsTheOneInsertsMake() async {
        await propertyCheck(count: 40, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            let customers = (0..<50).map { CustomerID(high: 7, low: UInt64($0)) }
            let farApart = seed % 2 == 0
            var subscriptions = (0..<Int(seed % 3_000)).map { _ in Self.randomSubscription(&random, customers: customers, farApart: farApart) }
            var builder = TermEndIndex.Builder()
            var inserted = TermEndIndex()
            for (slot, s) in subscriptions.enumerated() {
                builder.add(s, slot: UInt32(slot))
                inserted.insert(s, slot: UInt32(slot))
            }
            var built = builder.finish()
            Self.expectAlike(built, inserted, "as read")
            // Later: new subscriptions, renewals (a later end), cancellations.
            for step in 0..<200 {
                if step % 3 == 0 || subscriptions.isEmpty {
                    let s = Self.randomSubscription(&random, customers: customers, farApart: farApart)
                    subscriptions.append(s)
                    built.insert(s, slot: UInt32(subscriptions.count - 1))
                    inserted.insert(s, slot: UInt32(subscriptions.count - 1))
                } else {
                    let at = Int(random.next() % UInt64(subscriptions.count))
                    let old = subscriptions[at]
                    var new = old
                    if random.next() % 2 == 0 {
                        new.commitmentEndDate = old.commitmentEndDate.addingTimeInterval(Double(random.next() % 400) * 86_400)
                    } else {
                        new.status = .deleted
                    }
                    subscriptions[at] = new
                    built.replace(old, with: new, slot: UInt32(at))
                    inserted.replace(old, with: new, slot: UInt32(at))
                }
            }
            Self.expectAlike(built, inserted, "after changes")
        }
    }

    /// `candidates` looks the hours up one by one when few have passed, and walks them all
    /// otherwise: either way the answer is the plain one, the live subscriptions of every
    /// hour up to now's, hour by hour in the order added, whole hours until `atLeast`.
    @Test func termEndCandidatesAreThePlainAnswerForAnyNow() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            let customers = [CustomerID(high: 7, low: 1)]
            let subscriptions = (0..<Int(seed % 2_000)).map { _ in Self.randomSubscription(&random, customers: customers, farApart: seed % 2 == 0) }
            var index = TermEndIndex()
            for (slot, s) in subscriptions.enumerated() { index.insert(s, slot: UInt32(slot)) }
            let live = subscriptions.indices.filter { subscriptions[$0].isLive }
            let byHour = Dictionary(grouping: live) { TermEndIndex.hour(subscriptions[$0].commitmentEndDate) }
            for _ in 0..<20 {
                let now = Self.start.addingTimeInterval(Double(random.next() % 10_000) * 3_600 - 3_600)
                let wanted = [1, 50, Int.max][Int(random.next() % 3)]
                var plain: [UInt32] = []
                for hour in byHour.keys.sorted() where hour <= TermEndIndex.hour(now) && plain.count < wanted {
                    plain += byHour[hour]!.map { UInt32($0) }
                }
                #expect(index.candidates(by: now, atLeast: wanted) == plain, "seed \(seed), now \(now), at least \(wanted)")
            }
        }
    }

    // MARK: Each customer's subscriptions

    /// Subscriptions of random customers in any order (runs split, interleaved, out of
    /// creation order): the model assembled in bulk and the one indexed one at a time list
    /// the same subscriptions for every customer in the same order, and keep doing so as
    /// subscriptions are bought and changed.
    @Test func eachCustomersSubscriptionsBuiltInBulkAreThoseInsertsMake() async throws {
        let world = try AssemblyTests.synthetic()
        let customers = Array(world.customers.keys)
        await propertyCheck(count: 25, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            var subscriptions = (0..<Int(200 + seed % 2_000)).map { _ in
                Self.randomSubscription(&random, customers: customers, farApart: false)
            }
            // Mostly customer by customer, as a snapshot lists them, with some out of place.
            subscriptions.sort { ($0.customerId, $0.creationDate, $0.id) < ($1.customerId, $1.creationDate, $1.id) }
            for _ in 0..<Int(seed % 40) {
                subscriptions.swapAt(Int(random.next() % UInt64(subscriptions.count)), Int(random.next() % UInt64(subscriptions.count)))
            }
            var bulk = AssemblyTests.assembled(world, customers: Array(world.customers.values), subscriptions: subscriptions, orders: [])
            var incremental = AssemblyTests.fromArrays(world, customers: Array(world.customers.values), subscriptions: subscriptions, orders: [])
            #expect(bulk.subscriptionIdsByCustomer == incremental.subscriptionIdsByCustomer, "as read")
            Self.expectAlike(bulk.termEnds, incremental.termEnds, "as read")
            for step in 0..<60 {
                var s = step % 2 == 0 ? Self.randomSubscription(&random, customers: customers, farApart: false)
                                      : subscriptions[Int(random.next() % UInt64(subscriptions.count))]
                s.quantity += 1
                let event: Event = bulk.subscriptions[s.id] == nil ? .subscriptionCreated(s) : .subscriptionUpdated(s)
                bulk.apply(event)
                incremental.apply(event)
            }
            #expect(bulk.subscriptionIdsByCustomer == incremental.subscriptionIdsByCustomer, "after changes")
            #expect(bulk.subscriptions == incremental.subscriptions)
            Self.expectAlike(bulk.termEnds, incremental.termEnds, "after changes")
        }
    }
}
