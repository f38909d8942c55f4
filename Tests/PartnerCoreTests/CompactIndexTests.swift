import Foundation
import HashTreeCollections
import PropertyBased
import Testing
@testable import PartnerCore

/// The model's compact indexes (issue 11, item 3) answer exactly as a plain reference does,
/// for random operation sequences, and a copy taken in between (a snapshot's frozen model)
/// keeps answering as the reference did when it was taken.
struct CompactIndexTests {
    // MARK: Taken domains

    static func customer(_ n: UInt64, domain: String) -> Customer {
        var customer = CustomerSetSharingTests.customer(Int(n))
        customer.companyProfile.domain = domain
        return customer
    }

    /// From a few hundred names, some upper-case, so that domains repeat and change back.
    static func randomDomain(_ random: inout SeededFreshValues) -> String {
        let name = "d\(random.next() % 300).example"
        return random.next() % 6 == 0 ? name.uppercased() : name
    }

    /// Tags that collide on purpose: every domain of one length shares one, or all share one.
    static let collidingTaggings: [TakenDomains.Tagging] = [{ UInt32($0.count % 3) }, { _ in 42 }]

    /// Customers added and changed (domains replaced, so some are left behind but stay
    /// taken) and accounts' domains, against a plain set of every domain ever used.
    func expectDomainsAsPlainSet(seed: UInt64, tagging: @escaping TakenDomains.Tagging) {
        var random = SeededFreshValues(seed: seed)
        var index = TakenDomains(tagging: tagging)
        var customers = EntityTable<Customer>()
        var plain: Set<String> = []
        var frozen: (index: TakenDomains, customers: EntityTable<Customer>, plain: Set<String>)?
        let probes = (0..<60).map { _ in PartnerModel.folded(Self.randomDomain(&random)) }
        func expectAnswers(_ index: TakenDomains, _ customers: EntityTable<Customer>, _ plain: Set<String>, _ what: String) {
            for domain in probes + Array(plain) {
                #expect(index.contains(domain, among: customers) == plain.contains(domain), "seed \(seed), \(what): \(domain)")
            }
            #expect(Set(index.all(among: customers)) == plain, "seed \(seed), \(what)")
        }
        for step in 0..<Int(40 + seed % 200) {
            let domain = Self.randomDomain(&random)
            switch random.next() % 4 {
            case 0:
                index.insert(domain.lowercased())
            case 1 where !customers.isEmpty:
                var changed = customers.values[Int(random.next() % UInt64(customers.count))]
                let old = changed
                changed.companyProfile.domain = domain
                customers.insert(changed)
                index.insert(changed, at: customers.slot(of: changed.id)!, replacing: old)
            default:
                let added = Self.customer(UInt64(step), domain: domain)
                customers.insert(added)
                index.insert(added, at: customers.slot(of: added.id)!, replacing: nil)
            }
            plain.insert(PartnerModel.folded(domain))
            if frozen == nil, random.next() % 20 == 0 { frozen = (index, customers, plain) }
        }
        expectAnswers(index, customers, plain, "after the changes")
        if let frozen { expectAnswers(frozen.index, frozen.customers, frozen.plain, "a copy taken in between") }
    }

    @Test func takenDomainsAnswerAsAPlainSetWithTheRealHash() async {
        await propertyCheck(count: 40, input: Gen<UInt64>.value()) { seed in
            expectDomainsAsPlainSet(seed: seed, tagging: TakenDomains.hashTag)
        }
    }

    /// Hashes that collide never refuse a free domain and never admit a taken one: each hit
    /// is confirmed against the customer's own domain.
    @Test func collidingHashesNeitherRefuseAFreeDomainNorAdmitATakenOne() async {
        for tagging in Self.collidingTaggings {
            await propertyCheck(count: 20, input: Gen<UInt64>.value()) { seed in
                expectDomainsAsPlainSet(seed: seed, tagging: tagging)
            }
        }
    }

    /// The rule's question on a whole model whose index collides on every domain.
    @Test func aModelWhoseDomainHashesAllCollideAnswersExactly() throws {
        var model = try AssemblyTests.world()
        let taken = Set(model.customers.values.map { PartnerModel.folded($0.companyProfile.domain) }
            + model.accounts.values.map { PartnerModel.folded($0.tenantDomain) })
        model.domains = TakenDomains(tagging: { _ in 7 })
        for (slot, customer) in model.customers.values.enumerated() { model.domains.insert(customer, at: UInt32(slot), replacing: nil) }
        for account in model.accounts.values { model.domains.insert(PartnerModel.folded(account.tenantDomain)) }
        for domain in taken { #expect(model.isDomainTaken(domain), "\(domain)") }
        for domain in taken.map({ "x" + $0 }) + ["example.com", ""] { #expect(!model.isDomainTaken(domain), "\(domain)") }
        #expect(model.invariantViolations().isEmpty)
    }

    /// The decode's index (built in bulk from the customers' tags) is the one inserts make.
    @Test func domainsBuiltInBulkAnswerAsInserted() throws {
        let model = try AssemblyTests.world()
        let bulk = TakenDomains(customerTags: model.customers.values.map { TakenDomains.tag(of: $0) })
        var inserted = TakenDomains()
        for (slot, customer) in model.customers.values.enumerated() { inserted.insert(customer, at: UInt32(slot), replacing: nil) }
        #expect(bulk.all(among: model.customers) == inserted.all(among: model.customers))
        for customer in model.customers.values {
            #expect(bulk.contains(PartnerModel.folded(customer.companyProfile.domain), among: model.customers))
        }
    }

    // MARK: Each customer's subscriptions

    /// Subscriptions bought and changed through `apply` (from a snapshot's model, whose
    /// runs are slots, and from an empty one), against the plain answer: each customer's
    /// subscriptions sorted by (creationDate, id). A copy taken in between keeps its answer.
    @Test func eachCustomersSubscriptionsAreThePlainSortedList() async throws {
        let world = try AssemblyTests.synthetic()
        let customers = Array(world.customers.keys)
        await propertyCheck(count: 25, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            var initial = (0..<Int(seed % 400)).map { _ in
                BulkBuildTests.randomSubscription(&random, customers: customers, farApart: false)
            }
            initial.sort { ($0.customerId, $0.creationDate, $0.id) < ($1.customerId, $1.creationDate, $1.id) }
            var model = AssemblyTests.assembled(world, customers: Array(world.customers.values), subscriptions: initial, orders: [])
            var frozen: (model: PartnerModel, plain: [CustomerID: [SubscriptionID]])?
            for step in 0..<80 {
                var s = step % 3 == 0 && !initial.isEmpty ? initial[Int(random.next() % UInt64(initial.count))]
                                                          : BulkBuildTests.randomSubscription(&random, customers: customers, farApart: false)
                s.quantity += 1
                model.apply(model.subscriptions[s.id] == nil ? .subscriptionCreated(s) : .subscriptionUpdated(s))
                if frozen == nil, random.next() % 25 == 0 { frozen = (model, Self.plainIndex(model)) }
            }
            #expect(model.subscriptionIdsByCustomer == Self.plainIndex(model), "seed \(seed)")
            for customer in customers {
                #expect(model.subscriptions(of: customer).map(\.id) == Self.plainIndex(model)[customer] ?? [], "seed \(seed)")
            }
            #expect(model.invariantViolations(includingAuditLog: false).allSatisfy { !$0.contains("index:") })
            if let frozen { #expect(frozen.model.subscriptionIdsByCustomer == frozen.plain, "seed \(seed), frozen") }
        }
    }

    static func plainIndex(_ model: PartnerModel) -> [CustomerID: [SubscriptionID]] {
        Dictionary(grouping: model.subscriptions.values, by: \.customerId)
            .mapValues { $0.sorted { ($0.creationDate, $0.id) < ($1.creationDate, $1.id) }.map(\.id) }
    }

    /// A snapshot's customers' subscriptions are read as runs of slots, and a run grows in
    /// place only when the new subscription takes the next slot and sorts last.
    @Test func slotsStayARunOnlyWhileConsecutive() {
        let run = SubscriptionSlots([4, 5, 6])
        #expect(run == .run(start: 4, count: 3))
        if case .run = run.inserting(7, at: 3) {} else { Issue.record("the next slot at the end extends the run") }
        #expect(Array(run.inserting(9, at: 3)) == [4, 5, 6, 9])
        #expect(Array(run.inserting(7, at: 0)) == [7, 4, 5, 6])
        #expect(SubscriptionSlots([3, 1]) == .listed([3, 1]))
        #expect(SubscriptionSlots([]).isEmpty)
    }
}
