import Foundation
import PartnerCore
import PartnerResources
import Testing

/// The demo and synthetic worlds are built through real commands; these check that every
/// page of the dashboard has something to show.
@Suite struct DemoWorldTests {
    static func names() throws -> WorldNames {
        try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    }

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func catalogHasRealisticOffers() throws {
        let catalog = try Self.catalog()
        #expect(catalog.offers.count >= 15)
        #expect(Set(catalog.offers.map(\.id)).count == catalog.offers.count)
        #expect(catalog.offers.contains { $0.isAzure })
        #expect(Set(catalog.offers.map(\.termDuration)) == Set(Offer.TermDuration.allCases))
        for offer in catalog.offers { #expect(offer.minimumQuantity >= 1 && offer.minimumQuantity <= offer.maximumQuantity) }
    }

    @Test func demoShowsEveryState() throws {
        let world = try DemoWorld.build(names: Self.names(), catalog: Self.catalog(), now: now, fresh: SeededFreshValues(seed: 1))
        let m = world.model
        let resellers = m.accounts.values.filter { $0.kind == .indirectReseller }
        let provider = try #require(m.accounts.values.first { $0.kind == .indirectProvider })
        #expect(resellers.count >= 4)
        let statuses = Set(resellers.map(\.enrollment.label))
        #expect(statuses.contains("Active") && statuses.contains("Under review") && statuses.contains("Pending email verification"))
        #expect(m.activeResellers(of: provider.id).count == 3)
        #expect(!m.pendingPartnershipInvitations(for: try #require(m.account(mpnId: "4719000")).id, at: now).isEmpty)
        let unpartnered = try #require(m.account(mpnId: "4700112"))
        #expect(unpartnered.isActive && m.partnerships(of: unpartnered.id).isEmpty)
        #expect(m.customers.count >= 30)
        #expect(Set(m.subscriptions.values.map(\.status)).isSuperset(of: [.active, .suspended]))
        #expect(m.invitations.values.contains { $0.kind.isForCustomer && $0.status == .pending })
        #expect(m.subscriptions.values.contains { $0.supportContact != nil })
        #expect(m.subscriptions.values.contains { $0.commitmentEndDate > now && $0.commitmentEndDate < now.addingTimeInterval(30 * 86_400) })
        #expect(m.customers.values.contains { $0.name.unicodeScalars.contains { $0.value > 0x3000 } })
        #expect(world.transactions.count == m.auditLog.count)
    }

    @Test func syntheticWorldIsTheSameForTheSameSeed() throws {
        let a = try SyntheticWorld.build(resellers: 5, customers: 200, seed: 7, names: Self.names(), catalog: Self.catalog(), now: now)
        let b = try SyntheticWorld.build(resellers: 5, customers: 200, seed: 7, names: Self.names(), catalog: Self.catalog(), now: now)
        let c = try SyntheticWorld.build(resellers: 5, customers: 200, seed: 8, names: Self.names(), catalog: Self.catalog(), now: now)
        #expect(a.model == b.model)
        #expect(a.model != c.model)
        #expect(a.model.customers.count == 200)
        #expect(a.model.accounts.count == 6)
    }
}
