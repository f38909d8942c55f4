#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerResources
import PartnerStore

/// Worlds built through real commands, as the program builds them (the demo world, and
/// customers added by Ana, the provider's admin agent).
enum StoreWorlds {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let ana = DemoWorld.providerAdmin

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    static func demo() throws -> WorldBuilder {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        return try DemoWorld.build(names: names, catalog: catalog(), now: now, fresh: SeededFreshValues(seed: 1))
    }

    /// Ana adds a customer whose tenant is `<prefix>.onmicrosoft.com`, decided on `model`:
    /// the transaction, and the temporary password that must never be stored.
    static func addCustomer(_ prefix: String, on model: PartnerModel, catalog: OfferCatalog) throws
        -> (transaction: Transaction, password: String)
    {
        guard let ana = model.user(principal: ana)?.id else { throw DomainError(.notFound, field: "user", "no Ana") }
        var context = CommandContext(now: now, fresh: SeededFreshValues(seed: .random(in: 0...UInt64.max)), catalog: catalog)
        let decision = try model.decide(.addCustomer(NewCustomer(
            companyName: "Race \(prefix)", domainPrefix: prefix, firstName: "Kim", lastName: "Park", email: "it@\(prefix).example",
            phone: "+1 425 555 0101",
            address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US")),
            reseller: nil, cart: [CartLine(offerId: "m365-business-basic", quantity: 3)]), as: .user(ana), context: &context)
        return (decision.transaction, decision.receipt.customerAdmin?.temporaryPassword ?? "")
    }

    static func customers(withPrefix prefix: String, in model: PartnerModel) -> Int {
        model.customers.values.filter { $0.companyProfile.domain == Validate.tenantDomain(prefix: prefix) }.count
    }
}

/// A private temporary directory (the local snapshot caches), removed at the end.
final class TemporaryCache {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "partnerdash-pgcache-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.io(operation: "mkdtemp", path: "", errno: errno) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Another cache directory under this one (a second client's).
    func other(_ name: String) -> String { path + "/" + name }
}

extension Array {
    /// The elements in slices of `size`.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
