import Foundation

/// How many of a customer's subscriptions are active, said the same way on the Customers
/// page and by `customers list`: "2" when all are, else "1/2 active".
public struct SubscriptionTally: Equatable, Sendable {
    public var active: Int
    public var total: Int

    public init(active: Int, total: Int) {
        self.active = active
        self.total = total
    }

    public var label: String { active == total ? "\(active)" : "\(active)/\(total) active" }

    /// `subscription` counted in (`step` 1) or taken out (-1): the one place that says
    /// which subscriptions a tally counts as active.
    public mutating func count(_ subscription: Subscription, step: Int = 1) {
        total += step
        if subscription.status == .active { active += step }
    }
}

extension PartnerModel {
    /// The Customers page for an account (rule 6: only customers it is reseller of record
    /// for), optionally narrowed to those it shares with one reseller and to those whose
    /// company name, domain, contact or email contains `text`: the Customers page's own
    /// filter and order (`CustomerSearchIndex`), so the command line lists what the page does.
    public func customerList(visibleTo account: AccountID, sharedWith reseller: AccountID? = nil,
                             matching text: String = "") -> [Customer] {
        let ids = reseller.map { sharedCustomerIds(account, $0) } ?? customerIds(visibleTo: account)
        let index = CustomerSearchIndex(model: self, ids: ids)
        return index.positions(matching: text.trimmingCharacters(in: .whitespaces)).compactMap { customers[index.ids[$0]] }
    }

    public func subscriptionTally(of customer: CustomerID) -> SubscriptionTally {
        var tally = SubscriptionTally(active: 0, total: 0)
        for subscription in subscriptions(of: customer) { tally.count(subscription) }
        return tally
    }
}
