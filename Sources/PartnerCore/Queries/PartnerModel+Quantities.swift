import Foundation

extension PartnerModel {
    /// Rule 8's message for a quantity outside the offer's range, or nil: what an order line
    /// is refused with, and what New subscription shows beside a count.
    public static func quantityProblem(_ quantity: Int, _ offer: Offer) -> String? {
        offer.quantityRange.contains(quantity) ? nil
            : "\(quantity) is outside \(offer.name)'s range \(offer.minimumQuantity)–\(offer.maximumQuantity)"
    }

    /// The licenses `account` may set on `subscription` at `now`: the offer's range (rule 8),
    /// for a reseller no more than it has, since adding licenses is an order the provider
    /// submits (rule 6), and no fewer once the cancellation window closed (rule 11). Nil
    /// when no quantity is allowed. Subscription detail shows it beside Licenses.
    public func allowedQuantities(for subscription: Subscription, offer: Offer, by account: PartnerAccount,
                                  at now: Date) -> ClosedRange<Int>? {
        let top = account.kind == .indirectProvider ? offer.maximumQuantity : min(offer.maximumQuantity, subscription.quantity)
        let bottom = subscription.isInCancellationWindow(at: now) ? offer.minimumQuantity
            : max(offer.minimumQuantity, subscription.quantity)
        return top >= bottom ? bottom...top : nil
    }

    /// The refusal `.updateSubscription` makes for setting `subscription`'s licenses to
    /// `quantity` at `now`, or nil when it is allowed: what Subscription detail shows as
    /// Licenses is left. Licenses may be added at any time, lowered only inside the
    /// cancellation window (rule 11).
    public func quantityChangeRefusal(_ subscription: Subscription, to quantity: Int, offer: Offer,
                                      by account: PartnerAccount, at now: Date) -> DomainError? {
        if let problem = Self.quantityProblem(quantity, offer) { return .invalid(.subscription(.quantity), problem, rule: 8) }
        if quantity > subscription.quantity, account.kind != .indirectProvider {
            return .forbidden(.subscription(.quantity), "adding licenses is an order; your indirect provider submits it", rule: 6)
        }
        if quantity < subscription.quantity, !subscription.isInCancellationWindow(at: now) {
            return .conflict(.subscription(.quantity), "licenses can be lowered only within 168 hours of the purchase or renewal; "
                + "that window closed \(CalendarMinute(subscription.cancellationWindowEnd)). "
                + "Schedule fewer licenses for the renewal on \(CalendarDay(subscription.commitmentEndDate))", rule: 11)
        }
        return nil
    }

    /// Rule 11's refusal to cancel `subscription` at `now`, or nil inside the window.
    public static func cancellationRefusal(_ subscription: Subscription, at now: Date) -> DomainError? {
        guard !subscription.isInCancellationWindow(at: now) else { return nil }
        return .conflict("subscription", "can be cancelled only within 168 hours of the purchase or renewal; "
            + "that window closed \(CalendarMinute(subscription.cancellationWindowEnd)). "
            + "Turn auto-renew off to let it expire on \(CalendarDay(subscription.commitmentEndDate))", rule: 11)
    }

    /// What cancelling inside the window refunds: the rest of the term, prorated.
    public static func refundNote(_ subscription: Subscription, at now: Date) -> String {
        let term = subscription.commitmentEndDate.timeIntervalSince(subscription.effectiveStartDate)
        let left = max(0, subscription.commitmentEndDate.timeIntervalSince(now))
        let percent = term > 0 ? Int((left / term * 100).rounded(.down)) : 0
        return "A prorated refund is credited for the unused \(percent)% of the term (to \(CalendarDay(subscription.commitmentEndDate)))."
    }
}

extension PartnerModel {
    /// The subscriptions of `account`'s customers whose term ends soon (`endsSoon`), the
    /// earliest end first: Home's "ends within 30 days" and `subscriptions ending`.
    public func subscriptionsEndingSoon(visibleTo account: AccountID, at now: Date) -> [Subscription] {
        customerIds(visibleTo: account).flatMap { subscriptions(of: $0) }
            .filter { $0.endsSoon(at: now) }
            .sorted { ($0.commitmentEndDate, $0.id) < ($1.commitmentEndDate, $1.id) }
    }
}
