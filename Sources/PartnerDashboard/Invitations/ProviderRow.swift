import Foundation
import PartnerCore
import TerminalKit

/// One line of Indirect providers: a provider the signed-in reseller has (or
/// had) a partnership with.
public struct ProviderRow: Equatable, Sendable {
    public let id: AccountID
    public let name: String
    public let mpnId: String
    public let isActive: Bool
    public let since: Date
    /// Customers the two share (rule 6); nil once the partnership has ended.
    public let sharedCustomers: Int?

    public var status: String { isActive ? "Active" : "Ended" }

    /// The reseller's partnerships, active first, then by name.
    public static func rows(model: PartnerModel, reseller: AccountID) -> [ProviderRow] {
        // One row per provider: an ended partnership may have been followed by a new one.
        var latest: [AccountID: Partnership] = [:]
        for p in model.partnerships(of: reseller) where p.resellerId == reseller {
            if let seen = latest[p.providerId], seen.status == .active || (p.status != .active && seen.since > p.since) { continue }
            latest[p.providerId] = p
        }
        return latest.values.compactMap { p in
            guard let provider = model.accounts[p.providerId] else { return nil }
            let active = p.status == .active
            return ProviderRow(id: provider.id, name: provider.legalName, mpnId: provider.mpnId, isActive: active,
                               since: p.since, sharedCustomers: active ? model.sharedCustomerIds(provider.id, reseller).count : nil)
        }
        .sorted { a, b in
            if a.isActive != b.isActive { return a.isActive }
            return a.name.localizedStandardCompare(b.name) == .orderedAscending
        }
    }
}
