import Foundation

/// Who may be credited as partner of record or designated support contact on a customer's
/// subscriptions (rule 2, docs/RULES.md): a reseller that can act for that customer. It must
/// see the customer (rule 6), or it could not support the subscription it is named on, and
/// a provider of that customer must still work with it, or nobody could have named it.
extension PartnerModel {
    /// The resellers `provider` may name on `customer`'s subscriptions: its resellers in an
    /// active partnership that are also resellers of record for the customer, by name. The
    /// dashboard's lists and `decide` both ask this.
    public func resellersActingFor(customer: CustomerID, provider: AccountID) -> [PartnerAccount] {
        guard let customer = customers[customer] else { return [] }
        return resellersActingFor(resellersOfRecord: Set(customer.relationships.map(\.partnerId)), provider: provider)
    }

    /// The same for a customer not added yet, which will have `resellersOfRecord`.
    public func resellersActingFor(resellersOfRecord: Set<AccountID>, provider: AccountID) -> [PartnerAccount] {
        activeResellers(of: provider).filter { resellersOfRecord.contains($0.id) }
    }

    /// Whether `reseller` can act for `customer`: a reseller of record for it, in an active
    /// partnership with one of its providers of record, other than `ending` (the pair whose
    /// partnership is being ended).
    func canActFor(_ customer: Customer, reseller: AccountID, ending: PartnerPair? = nil) -> Bool {
        guard customer.isResellerOfRecord(reseller), accounts[reseller]?.kind == .indirectReseller else { return false }
        return customer.relationships.contains { relationship in
            let pair = PartnerPair(provider: relationship.partnerId, reseller: reseller)
            return pair != ending && activePartnership(provider: relationship.partnerId, reseller: reseller) != nil
        }
    }

    /// The customer's subscriptions that name a reseller which can no longer act for it once
    /// the customer has `customer`'s relationships and the `ending` partnership is over: each
    /// with that partner of record and support contact cleared to none, as the same decision
    /// must write them (issue 10 item 14), and the resellers they named.
    func subscriptionsReleased(_ customer: Customer, ending: PartnerPair? = nil) -> (subscriptions: [Subscription], resellers: [AccountID]) {
        var released: [Subscription] = []
        var resellers: [AccountID] = []
        func release(_ reseller: AccountID?) -> Bool {
            guard let reseller, !canActFor(customer, reseller: reseller, ending: ending) else { return false }
            if !resellers.contains(reseller) { resellers.append(reseller) }
            return true
        }
        for var subscription in subscriptions(of: customer.id) {
            let credited = release(subscription.partnerId.flatMap { account(mpnId: $0)?.id })
            let supports = release(subscription.supportContact?.supportTenantId)
            guard credited || supports else { continue }
            if credited { subscription.partnerId = nil }
            if supports { subscription.supportContact = nil }
            released.append(subscription)
        }
        return (released, resellers)
    }

    /// What ending the partnership between `provider` and `reseller` takes off the customers
    /// they share: the subscriptions that would no longer name the reseller. The ending's
    /// confirmation says how many before anything changes.
    public func subscriptionsReleasedByEnding(provider: AccountID, reseller: AccountID) -> [Subscription] {
        let pair = PartnerPair(provider: provider, reseller: reseller)
        return sharedCustomerIds(provider, reseller).sorted().flatMap { id in
            customers[id].map { subscriptionsReleased($0, ending: pair).subscriptions } ?? []
        }
    }
}
