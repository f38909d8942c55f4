import PartnerCore

extension OfferCatalog {
    /// The catalog's short name for a subscription still called by its offer's name;
    /// nil for one its customer or partner renamed, whose own name is kept whatever the width.
    func shortName(of subscription: Subscription) -> String? {
        guard let offer = self[subscription.offerId], offer.name == subscription.friendlyName else { return nil }
        return offer.shortName
    }
}
