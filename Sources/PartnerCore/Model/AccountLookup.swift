/// Accounts by what people type to find one (`findAccount`): the MPN ID as typed, the
/// tenant domain and the legal name lowercased. A command line names its reseller
/// (`--reseller 4000027`, `--reseller "Fabrikam Solutions"`), and a batch of a thousand
/// such commands compared every account's three texts each time.
struct AccountLookup: Sendable, Equatable {
    enum Field: UInt8, Sendable { case mpnId, domain, name }

    struct Key: Hashable, Sendable {
        var field: Field
        var text: String
    }

    private var ids: [Key: [AccountID]] = [:]

    static func keys(of account: PartnerAccount) -> [Key] {
        [Key(field: .mpnId, text: account.mpnId), Key(field: .domain, text: account.tenantDomain.lowercased()),
         Key(field: .name, text: account.legalName.lowercased())]
    }

    mutating func insert(_ account: PartnerAccount) {
        for key in Self.keys(of: account) where !(ids[key]?.contains(account.id) ?? false) {
            ids[key, default: []].append(account.id)
        }
    }

    mutating func remove(_ account: PartnerAccount) {
        for key in Self.keys(of: account) {
            ids[key]?.removeAll { $0 == account.id }
            if ids[key]?.isEmpty == true { ids[key] = nil }
        }
    }

    /// The accounts whose `field` is `text` (lowercased already for a domain or a name).
    func accounts(_ field: Field, _ text: String) -> [AccountID] { ids[Key(field: field, text: text)] ?? [] }

    /// The lookup `accounts` make, to check one kept up to date against (the invariants).
    init(_ accounts: some Sequence<PartnerAccount>) {
        for account in accounts { insert(account) }
    }

    init() {}

    /// Equal when every key names the same accounts, in whatever order they were added.
    static func == (a: AccountLookup, b: AccountLookup) -> Bool {
        a.ids.count == b.ids.count && a.ids.allSatisfy { key, ids in Set(ids) == Set(b.ids[key] ?? []) }
    }
}
