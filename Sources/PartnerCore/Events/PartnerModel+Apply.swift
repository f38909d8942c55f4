import Foundation

extension PartnerModel {
    /// Applies a committed transaction. Never fails: the decision already validated it.
    public mutating func apply(_ transaction: Transaction, sequence: UInt64) {
        for event in transaction.events { apply(event) }
        let a = transaction.audit
        auditLog.append(AuditRecord(
            sequence: sequence, operationDate: transaction.date, userPrincipalName: transaction.userPrincipalName,
            accountId: transaction.accountId, operationType: a.operationType, resourceName: a.resourceName,
            customerId: a.customerId, oldValue: a.oldValue, newValue: a.newValue, involvedAccounts: a.involvedAccounts))
        lastSequence = sequence
    }

    /// Applies the transactions of one journal record, all at its sequence (several when
    /// they were journaled as one record: their audit records then share the sequence).
    public mutating func apply(_ transactions: [Transaction], sequence: UInt64) {
        for transaction in transactions { apply(transaction, sequence: sequence) }
    }

    mutating func apply(_ event: Event) {
        switch event {
        case .accountCreated(let account), .accountUpdated(let account):
            if let old = accounts[account.id] {
                if old.mpnId != account.mpnId || old.enrollment != account.enrollment, accountByMpn[old.mpnId] == old.id {
                    accountByMpn[old.mpnId] = nil
                }
                accountLookup.remove(old)
            }
            accounts[account.id] = account
            indexAccount(account)
        case .userAdded(let user), .userUpdated(let user):
            users[user.id] = user
            userByPrincipal[user.userPrincipalName.lowercased()] = user.id
        case .membershipProfileRegistered(let profile):
            membershipProfiles[profile.mpnId] = profile
        case .listingUpdated(let accountId, let locations):
            listings[accountId] = locations
        case .profileChangeRequestUpdated(let request):
            changeRequests[request.id] = request
        case .invitationUpdated(let invitation):
            invitations[invitation.id] = invitation
        case .partnershipUpdated(let partnership):
            partnerships[partnership.id] = partnership
            indexPartnership(partnership)
        case .customerCreated(let customer), .customerUpdated(let customer):
            let old = customers[customer.id]
            if let old { unindexCustomerRelationships(old) } else { customerShortIds.add(customer.id) }
            customers[customer.id] = customer
            indexCustomer(customer, replacing: old)
        case .orderPlaced(let order):
            orders[order.id] = order
        case .subscriptionCreated(let subscription):
            if subscriptions[subscription.id] == nil { subscriptionShortIds.add(subscription.id) }
            subscriptions[subscription.id] = subscription
            indexSubscription(subscription)
        case .subscriptionUpdated(let subscription):
            let old = subscriptions[subscription.id]
            if old == nil { subscriptionShortIds.add(subscription.id) }
            subscriptions[subscription.id] = subscription
            if let slot = subscriptions.slot(of: subscription.id) { termEnds.replace(old, with: subscription, slot: slot) }
        }
    }
}

extension PartnerModel {
    /// The part of `apply` that concerns accounts, users, membership profiles, listings,
    /// change requests, invitations and partnerships; events about customers, orders and
    /// subscriptions, and the audit record, are left out. Those small collections depend
    /// on no other, so a model holding only them (a large workspace's first moments, while
    /// its customers are read) gets exactly what the whole model gets.
    public mutating func applyToSmallCollections(_ transaction: Transaction, sequence: UInt64) {
        for event in transaction.events where !event.concernsLargeCollections { apply(event) }
        lastSequence = sequence
    }
}

extension Event {
    /// Whether the event changes customers, orders or subscriptions (the collections that
    /// grow with the business rather than with the number of partners).
    public var concernsLargeCollections: Bool {
        switch self {
        case .customerCreated, .customerUpdated, .orderPlaced, .subscriptionCreated, .subscriptionUpdated:
            return true
        case .accountCreated, .accountUpdated, .userAdded, .userUpdated, .membershipProfileRegistered, .listingUpdated,
             .profileChangeRequestUpdated, .invitationUpdated, .partnershipUpdated:
            return false
        }
    }
}
