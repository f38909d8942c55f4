import Foundation

extension PartnerModel {
    /// Subscription detail › Submit: licenses, suspend/reactivate, partner of record,
    /// designated support contact.
    func decideUpdateSubscription(_ id: SubscriptionID, _ change: SubscriptionChange, as actor: Actor,
                                  context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try adminAgent(actor)
        guard let old = subscriptions[id], let customer = customer(old.customerId, visibleTo: account.id) else {
            throw .notFound("subscription", "no such subscription among your customers'")
        }
        guard old.status != .deleted, old.status != .expired else {
            throw .conflict("subscription", "is \(old.status.rawValue) and can no longer change")
        }
        var new = old
        let isProvider = account.kind == .indirectProvider
        if let quantity = change.quantity {
            guard let offer = context.catalog[old.offerId] else { throw .notFound("offerId", "\(old.offerId) left the catalog") }
            if let refusal = quantityChangeRefusal(old, to: quantity, offer: offer, by: account) { throw refusal }
            new.quantity = quantity
        }
        if let status = change.status {
            guard status == .active || status == .suspended else {
                throw .invalid(.subscription(.status), "can be set to active or suspended")
            }
            new.status = status
        }
        if let partner = change.partnerOfRecord {
            guard isProvider else { throw .forbidden(.subscription(.partnerOfRecord), "only the indirect provider sets the partner of record", rule: 2) }
            new.partnerId = try partner.map { (p: AccountID) throws(DomainError) in
                try resellerActing(for: customer, p, of: account, field: "partnerOfRecord").mpnId
            }
        }
        if let support = change.supportContact {
            guard isProvider else { throw .forbidden(.subscription(.supportContact), "only the indirect provider designates the support contact", rule: 2) }
            new.supportContact = try support.map { (p: AccountID) throws(DomainError) in
                let reseller = try resellerActing(for: customer, p, of: account, field: "supportContact")
                return SupportContact(supportTenantId: reseller.id, supportMpnId: reseller.mpnId, name: reseller.legalName)
            }
        }
        if let renew = change.autoRenewEnabled { new.autoRenewEnabled = renew }
        if let name = change.friendlyName {
            try FieldRef.subscription(.friendlyName).check(name)
            new.friendlyName = name
        }
        guard new != old else { throw .invalid("change", "nothing to change") }
        return decision(context, by: user, account: account.id, events: [.subscriptionUpdated(new)],
                        audit: AuditEntry(operationType: .update_subscription, resourceName: "\(customer.name) · \(old.friendlyName)",
                                          customerId: customer.id, changes: FieldChanges(old.auditFields, new.auditFields),
                                          involvedAccounts: customer.relationships.map(\.partnerId)),
                        receipt: Receipt(message: "Updated \(old.friendlyName)"))
    }
}
