extension PartnerModel {
    /// Rule 8's message for a quantity outside the offer's range, or nil: what an order line
    /// is refused with, and what New subscription shows beside a count.
    public static func quantityProblem(_ quantity: Int, _ offer: Offer) -> String? {
        offer.quantityRange.contains(quantity) ? nil
            : "\(quantity) is outside \(offer.name)'s range \(offer.minimumQuantity)–\(offer.maximumQuantity)"
    }

    /// The licenses `account` may set on `subscription`: the offer's range (rule 8), and for a
    /// reseller no more than it has, since adding licenses is an order the provider submits
    /// (rule 6). Nil when no quantity is allowed. Subscription detail shows it beside Licenses.
    public func allowedQuantities(for subscription: Subscription, offer: Offer, by account: PartnerAccount) -> ClosedRange<Int>? {
        let top = account.kind == .indirectProvider ? offer.maximumQuantity : min(offer.maximumQuantity, subscription.quantity)
        return top >= offer.minimumQuantity ? offer.minimumQuantity...top : nil
    }

    /// The refusal `.updateSubscription` makes for setting `subscription`'s licenses to
    /// `quantity`, or nil when it is allowed: what Subscription detail shows as Licenses is left.
    public func quantityChangeRefusal(_ subscription: Subscription, to quantity: Int, offer: Offer,
                                      by account: PartnerAccount) -> DomainError? {
        if let problem = Self.quantityProblem(quantity, offer) { return .invalid(.subscription(.quantity), problem, rule: 8) }
        if quantity > subscription.quantity, account.kind != .indirectProvider {
            return .forbidden(.subscription(.quantity), "adding licenses is an order; your indirect provider submits it", rule: 6)
        }
        return nil
    }
}
