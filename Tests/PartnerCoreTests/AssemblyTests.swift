import Foundation
import PartnerResources
import Testing
@testable import PartnerCore

/// `init(assembling:)` (tables filled on several threads while a snapshot is read) must
/// give the model `init(accounts:…)` gives from the same entities, derived indexes
/// included, whatever order the entities come in, duplicates included.
struct AssemblyTests {
    /// The demo world: every kind of entity and state, built command by command.
    static func world() throws -> PartnerModel {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
        return try DemoWorld.build(names: names, catalog: catalog, now: Date(timeIntervalSince1970: 1_795_000_000),
                                   fresh: SeededFreshValues(seed: 1)).model
    }

    static func synthetic() throws -> PartnerModel {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
        return try SyntheticWorld.build(resellers: 6, customers: 400, seed: 3, names: names, catalog: catalog,
                                        now: Date(timeIntervalSince1970: 1_795_000_000)).model
    }

    static func assembled(_ m: PartnerModel, customers: [Customer], subscriptions: [Subscription], orders: [Order]) -> PartnerModel {
        var customerTable = PartnerModel.CustomerTable(capacity: customers.count)
        for c in customers { customerTable.insert(c) }
        var subscriptionTable = PartnerModel.SubscriptionTable(capacity: subscriptions.count, customers: customers.count)
        for s in subscriptions { subscriptionTable.insert(s) }
        var orderTable = EntityTable<Order>()
        for o in orders { orderTable[o.id] = o }
        return PartnerModel(
            assembling: Array(m.accounts.values), users: Array(m.users.values),
            membershipProfiles: Array(m.membershipProfiles.values), listings: m.listings,
            changeRequests: Array(m.changeRequests.values), invitations: Array(m.invitations.values),
            partnerships: Array(m.partnerships.values), customers: customerTable, orders: orderTable,
            subscriptions: subscriptionTable, auditLog: m.auditLog, lastSequence: m.lastSequence)
    }

    static func fromArrays(_ m: PartnerModel, customers: [Customer], subscriptions: [Subscription], orders: [Order]) -> PartnerModel {
        PartnerModel(
            accounts: Array(m.accounts.values), users: Array(m.users.values),
            membershipProfiles: Array(m.membershipProfiles.values), listings: m.listings,
            changeRequests: Array(m.changeRequests.values), invitations: Array(m.invitations.values),
            partnerships: Array(m.partnerships.values), customers: customers, orders: orders,
            subscriptions: subscriptions, auditLog: m.auditLog, lastSequence: m.lastSequence)
    }

    /// `partnershipsByAccount` of a model built command by command is in creation order,
    /// of a model read back in (since, id) order (ties differ in a synthetic world where
    /// many partnerships start at one moment): against a live model it is compared as sets.
    static func expectSameIndexes(_ a: PartnerModel, _ b: PartnerModel, _ what: String, live: Bool = false,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a == b, "\(what): stored state", sourceLocation: sourceLocation)
        #expect(a.customersByPartner == b.customersByPartner, "\(what): customersByPartner", sourceLocation: sourceLocation)
        #expect(a.subscriptionIdsByCustomer == b.subscriptionIdsByCustomer, "\(what): subscriptionsByCustomer", sourceLocation: sourceLocation)
        #expect(a.accountByMpn == b.accountByMpn, "\(what): accountByMpn", sourceLocation: sourceLocation)
        #expect(a.userByPrincipal == b.userByPrincipal, "\(what): userByPrincipal", sourceLocation: sourceLocation)
        #expect(a.partnershipByPair == b.partnershipByPair, "\(what): partnershipByPair", sourceLocation: sourceLocation)
        if live {
            #expect(a.partnershipsByAccount.mapValues(Set.init) == b.partnershipsByAccount.mapValues(Set.init),
                    "\(what): partnershipsByAccount", sourceLocation: sourceLocation)
        } else {
            #expect(a.partnershipsByAccount == b.partnershipsByAccount, "\(what): partnershipsByAccount", sourceLocation: sourceLocation)
        }
        #expect(a.takenDomains == b.takenDomains, "\(what): takenDomains", sourceLocation: sourceLocation)
    }

    @Test func inSnapshotOrderTheIndexesAreThoseOfTheLiveModel() throws {
        for m in [try Self.world(), try Self.synthetic()] {
            let customers = Array(m.customers.values), orders = Array(m.orders.values)
            let model = Self.assembled(m, customers: customers, subscriptions: m.subscriptionsInIndexOrder, orders: orders)
            Self.expectSameIndexes(model, Self.fromArrays(m, customers: customers, subscriptions: m.subscriptionsInIndexOrder, orders: orders), "index order")
            // And those the model had while it was being built command by command.
            Self.expectSameIndexes(model, m, "live model", live: true)
        }
    }

    @Test func anyOrderOfSubscriptionsGivesTheSameIndexes() throws {
        let m = try Self.synthetic()
        let customers = Array(m.customers.values), orders = Array(m.orders.values)
        var rng = SeededFreshValues(seed: 11)
        let inOrder = m.subscriptionsInIndexOrder
        let variants: [(String, [Subscription])] = [
            ("reversed", inOrder.reversed()),
            ("shuffled", inOrder.shuffled(using: &rng)),
            ("two swapped in one customer", {
                var s = inOrder
                if let i = s.indices.dropLast().first(where: { s[$0].customerId == s[$0 + 1].customerId }) { s.swapAt(i, i + 1) }
                return s
            }()),
            ("one customer split in two runs", {
                var s = inOrder
                if let i = s.indices.dropLast().first(where: { s[$0].customerId == s[$0 + 1].customerId }) {
                    let moved = s.remove(at: i)
                    s.append(moved)
                }
                return s
            }()),
        ]
        for (name, subscriptions) in variants {
            let assembled = Self.assembled(m, customers: customers, subscriptions: subscriptions, orders: orders)
            Self.expectSameIndexes(assembled, Self.fromArrays(m, customers: customers, subscriptions: subscriptions, orders: orders), name)
            Self.expectSameIndexes(assembled, m, name + " vs live model", live: true)
        }
    }

    @Test func duplicatesAreNotedAndTheIndexesStayWhole() throws {
        let m = try Self.synthetic()
        var customers = Array(m.customers.values)
        var subscriptions = m.subscriptionsInIndexOrder
        customers.append(customers[3])
        subscriptions.append(subscriptions[5])
        var customerTable = PartnerModel.CustomerTable(capacity: 0)
        for c in customers { customerTable.insert(c) }
        customerTable.finish()
        #expect(customerTable.firstDuplicate == customers[3].id)
        var subscriptionTable = PartnerModel.SubscriptionTable(capacity: 0, customers: 0)
        for s in subscriptions { subscriptionTable.insert(s) }
        subscriptionTable.finish()
        #expect(subscriptionTable.firstDuplicate == subscriptions[5].id)
        let assembled = Self.assembled(m, customers: customers, subscriptions: subscriptions, orders: Array(m.orders.values))
        // The same entities; the indexes are rebuilt from them.
        Self.expectSameIndexes(assembled, m, "duplicates", live: true)
    }
}


/// What a workspace shows while its customers load comes from applying only the events
/// about the small collections: they must end up as the whole model's.
struct SmallCollectionsTests {
    @Test func applyingOnlySmallEventsGivesTheSameSmallCollections() throws {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
        let world = try DemoWorld.build(names: names, catalog: catalog, now: Date(timeIntervalSince1970: 1_795_000_000),
                                        fresh: SeededFreshValues(seed: 1))
        var small = PartnerModel()
        for (index, transaction) in world.transactions.enumerated() {
            small.applyToSmallCollections(transaction, sequence: UInt64(index + 1))
        }
        let full = world.model
        #expect(small.accounts == full.accounts)
        #expect(small.users == full.users)
        #expect(small.membershipProfiles == full.membershipProfiles)
        #expect(small.listings == full.listings)
        #expect(small.changeRequests == full.changeRequests)
        #expect(small.invitations == full.invitations)
        #expect(small.partnerships == full.partnerships)
        #expect(small.accountByMpn == full.accountByMpn)
        #expect(small.userByPrincipal == full.userByPrincipal)
        #expect(small.partnershipByPair == full.partnershipByPair)
        #expect(small.partnershipsByAccount == full.partnershipsByAccount)
        #expect(small.lastSequence == full.lastSequence)
        #expect(small.customers.isEmpty && small.orders.isEmpty && small.subscriptions.isEmpty && small.auditLog.isEmpty)
    }
}
