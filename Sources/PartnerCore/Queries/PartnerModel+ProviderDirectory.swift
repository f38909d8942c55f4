/// One location on the official list of indirect providers, where a reseller without a
/// provider looks for one (docs/WORKFLOWS.md R14, "search the list of official Microsoft
/// providers"): what each provider's completed listing shows.
public struct ProviderDirectoryEntry: Equatable, Sendable, Encodable {
    public var providerId: AccountID
    public var country: String
    public var companyName: String
    public var logoURL: String
    public var targetURL: String
}

extension PartnerModel {
    /// Every active provider's listed locations (public, like the real list), by country
    /// and then company name; only one country's when `country` is given.
    public func providerDirectory(country: String? = nil) -> [ProviderDirectoryEntry] {
        let wanted = country?.uppercased()
        var entries: [ProviderDirectoryEntry] = []
        for (providerId, locations) in listings {
            guard let provider = accounts[providerId], provider.kind == .indirectProvider, provider.isActive else { continue }
            for location in locations where wanted == nil || location.country == wanted {
                entries.append(ProviderDirectoryEntry(providerId: providerId, country: location.country,
                                                      companyName: location.companyName, logoURL: location.logoURL,
                                                      targetURL: location.targetURL))
            }
        }
        return entries.sorted {
            if $0.country != $1.country { return $0.country < $1.country }
            return $0.companyName.localizedStandardCompare($1.companyName) == .orderedAscending
        }
    }
}
