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

    mutating func apply(_ event: Event) {
        switch event {
        case .accountCreated(let account), .accountUpdated(let account):
            if let old = accounts[account.id], old.mpnId != account.mpnId || old.enrollment != account.enrollment {
                if accountByMpn[old.mpnId] == old.id { accountByMpn[old.mpnId] = nil }
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
            if let old = customers[customer.id] { unindexCustomerRelationships(old) }
            customers[customer.id] = customer
            indexCustomer(customer)
        case .orderPlaced(let order):
            orders[order.id] = order
        case .subscriptionCreated(let subscription):
            subscriptions[subscription.id] = subscription
            indexSubscription(subscription)
        case .subscriptionUpdated(let subscription):
            subscriptions[subscription.id] = subscription
        }
    }
}
