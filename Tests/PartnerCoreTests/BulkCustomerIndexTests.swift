import Foundation
import PropertyBased
import Testing
@testable import PartnerCore

/// The customers' indexes a snapshot's decode makes in bulk (each partner's set built in
/// the trie's order, the domains kept as a list until a rule asks) must answer as those
/// made one customer at a time, for random customers, and go on doing so as customers are
/// added and change partners afterwards.
struct BulkCustomerIndexTests {
    /// Random partners (from a few, so each holds more than `TrieOrder.minimumCount`) and
    /// random domains (some upper-case, some repeated) on the synthetic world's customers.
    static func shuffled(_ customers: [Customer], partners: [AccountID], _ random: inout SeededFreshValues) -> [Customer] {
        customers.shuffled(using: &random).map { customer in
            var changed = customer
            changed.relationships = randomRelationships(partners, &random)
            changed.companyProfile.domain = randomDomain(&random)
            return changed
        }
    }

    static func randomRelationships(_ partners: [AccountID], _ random: inout SeededFreshValues) -> [CustomerRelationship] {
        partners.filter { _ in random.next() % 3 != 0 }
            .map { CustomerRelationship(partnerId: $0, since: Date(timeIntervalSince1970: 1_700_000_000)) }
    }

    static func randomDomain(_ random: inout SeededFreshValues) -> String {
        let name = "c\(random.next() % 600).onmicrosoft.com"
        return random.next() % 5 == 0 ? name.uppercased() : name
    }

    static func expectSameIndexes(_ bulk: PartnerModel, _ incremental: PartnerModel, probes: [String],
                                  _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bulk.customersByPartner == incremental.customersByPartner, "\(what): customersByPartner", sourceLocation: sourceLocation)
        #expect(bulk.takenDomains == incremental.takenDomains, "\(what): takenDomains", sourceLocation: sourceLocation)
        for domain in probes {
            #expect(bulk.isDomainTaken(domain) == incremental.takenDomains.contains(domain), "\(what): \(domain)", sourceLocation: sourceLocation)
        }
    }

    @Test func bulkBuiltIndexesAnswerAsIncrementalOnes() async throws {
        let world = try AssemblyTests.synthetic()
        let partners = Array(world.accounts.keys.sorted().prefix(4))
        await propertyCheck(count: 25, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            let customers = Self.shuffled(Array(world.customers.values), partners: partners, &random)
            var bulk = AssemblyTests.assembled(world, customers: customers, subscriptions: [], orders: [])
            var incremental = AssemblyTests.fromArrays(world, customers: customers, subscriptions: [], orders: [])
            let probes = (0..<40).map { _ in PartnerModel.folded(Self.randomDomain(&random)) }
            Self.expectSameIndexes(bulk, incremental, probes: probes, "as read")

            // Customers change partners (some lose all) and new ones come, with domains taken or not.
            for step in 0..<30 {
                var customer = step % 3 == 0 ? customers[Int(random.next() % UInt64(customers.count))] : customers[step]
                if step % 5 == 4 {
                    customer.id = CustomerID(high: random.next(), low: random.next())
                    customer.companyProfile.domain = Self.randomDomain(&random)
                }
                customer.relationships = Self.randomRelationships(partners, &random)
                let event: Event = bulk.customers[customer.id] == nil ? .customerCreated(customer) : .customerUpdated(customer)
                bulk.apply(event)
                incremental.apply(event)
            }
            Self.expectSameIndexes(bulk, incremental, probes: probes, "after changes")
        }
    }
}
