import Foundation
import PartnerCore
import PartnerResources

/// Worlds built through real commands, as the program builds them.
enum TestWorlds {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func names() throws -> WorldNames {
        try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    }

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    static func demo(seed: UInt64 = 1) throws -> WorldBuilder {
        try DemoWorld.build(names: names(), catalog: catalog(), now: now, fresh: SeededFreshValues(seed: seed))
    }

    static func synthetic(resellers: Int, customers: Int, seed: UInt64 = 7) throws -> WorldBuilder {
        try SyntheticWorld.build(
            resellers: resellers, customers: customers, seed: seed, names: names(), catalog: catalog(), now: now)
    }
}
