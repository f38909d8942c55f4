import Foundation

/// A catalog entry (shipped in Resources/catalog/offers.json).
public struct Offer: Equatable, Sendable, Codable, Identifiable {
    public enum TermDuration: String, Sendable, Codable, CaseIterable {
        case P1M, P1Y, P3Y

        public var label: String {
            switch self {
            case .P1M: return "1 month"
            case .P1Y: return "1 year"
            case .P3Y: return "3 years"
            }
        }

        public func end(from start: Date) -> Date {
            let days: Double
            switch self {
            case .P1M: days = 30
            case .P1Y: days = 365
            case .P3Y: days = 3 * 365
            }
            return start.addingTimeInterval(days * 86_400)
        }
    }

    public enum BillingCycle: String, Sendable, Codable, CaseIterable { case monthly, annual }

    public var id: String
    public var name: String
    /// The catalog's `shortName`, which it may leave out (`shortName` is then the name).
    private var shortNameInCatalog: String?
    public var minimumQuantity: Int
    public var maximumQuantity: Int
    public var termDuration: TermDuration
    public var billingCycle: BillingCycle
    /// Illustrative price per license per billing period, in the catalog currency.
    public var unitPrice: Decimal
    /// The product family an upgrade stays within (rule 11); nil when the offer has no
    /// upgrade path. Absent from older catalogs, so it decodes as nil.
    public var productFamily: String?
    /// The offer's place in its family: an upgrade goes to a higher rank.
    public var upgradeRank: Int?
    public var isAzure: Bool

    public init(id: String, name: String, shortName: String? = nil, minimumQuantity: Int, maximumQuantity: Int,
                termDuration: TermDuration, billingCycle: BillingCycle, unitPrice: Decimal,
                productFamily: String? = nil, upgradeRank: Int? = nil, isAzure: Bool) {
        self.id = id
        self.name = name
        self.shortNameInCatalog = shortName
        self.minimumQuantity = minimumQuantity
        self.maximumQuantity = maximumQuantity
        self.termDuration = termDuration
        self.billingCycle = billingCycle
        self.unitPrice = unitPrice
        self.productFamily = productFamily
        self.upgradeRank = upgradeRank
        self.isAzure = isAzure
    }

    public var quantityRange: ClosedRange<Int> { minimumQuantity...maximumQuantity }

    /// The name where space is tight ("M365 Premium"): the full names of the three
    /// Business plans differ only after 23 columns.
    public var shortName: String { shortNameInCatalog ?? name }

    private enum CodingKeys: String, CodingKey {
        case id, name, shortNameInCatalog = "shortName", minimumQuantity, maximumQuantity, termDuration, billingCycle
        case unitPrice, productFamily, upgradeRank, isAzure
    }
}

/// The offers a workspace sells, in catalog order.
public struct OfferCatalog: Equatable, Sendable {
    public let offers: [Offer]
    private let byId: [String: Int]

    public init(_ offers: [Offer]) {
        self.offers = offers
        var index: [String: Int] = [:]
        for (i, offer) in offers.enumerated() { index[offer.id] = i }
        self.byId = index
    }

    public subscript(id: String) -> Offer? { byId[id].map { offers[$0] } }

    /// The offers a renewal of `offer` may take (rule 11): its product family in rank
    /// order, or the offer alone when it has none.
    public func family(of offer: Offer) -> [Offer] {
        guard let family = offer.productFamily else { return [offer] }
        return offers.filter { $0.productFamily == family }.sorted { ($0.upgradeRank ?? 0) < ($1.upgradeRank ?? 0) }
    }

    /// The offers `offer` may be upgraded to (rule 11): the same product family, a higher
    /// rank, lowest rank first.
    public func upgrades(from offer: Offer) -> [Offer] {
        guard let family = offer.productFamily, let rank = offer.upgradeRank else { return [] }
        return offers.filter { $0.productFamily == family && ($0.upgradeRank ?? Int.min) > rank }
            .sorted { ($0.upgradeRank ?? 0) < ($1.upgradeRank ?? 0) }
    }
}
