import Foundation

extension PartnerModel {
    /// What must hold in any model built by `decide` and `apply`: references resolve, the
    /// derived indexes agree with the entities, unique things are unique, the audit log
    /// runs in sequence. Returns one line per violation; empty when the model is sound.
    /// `partnerdash check` reports these; a non-empty list means a bug or a damaged file.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        func fail(_ s: String) { problems.append(s) }

        for user in users.values where accounts[user.accountId] == nil {
            fail("user \(user.userPrincipalName) belongs to a missing account \(user.accountId)")
        }
        for account in accounts.values where !users.values.contains(where: { $0.accountId == account.id && $0.roles.contains(.globalAdmin) }) {
            fail("account \(account.legalName) has no global admin")
        }
        var mpns: [String: AccountID] = [:], domains: [String: String] = [:]
        for account in accounts.values {
            if case .rejected = account.enrollment {} else {
                if let other = mpns[account.mpnId] { fail("MPN ID \(account.mpnId) is used by \(other) and \(account.id)") }
                mpns[account.mpnId] = account.id
            }
            let domain = account.tenantDomain.lowercased()
            if let other = domains[domain] { fail("tenant domain \(domain) is used by \(other) and account \(account.id)") }
            domains[domain] = "account \(account.id)"
        }
        for customer in customers.values {
            let domain = customer.companyProfile.domain.lowercased()
            if let other = domains[domain] { fail("tenant domain \(domain) is used by \(other) and customer \(customer.id)") }
            domains[domain] = "customer \(customer.id)"
            let partners = customer.relationships.map(\.partnerId)
            if Set(partners).count != partners.count { fail("customer \(customer.id) lists a reseller of record twice") }
            for partner in partners where accounts[partner] == nil {
                fail("customer \(customer.id) has a missing reseller of record \(partner)")
            }
            if let associated = customer.associatedPartnerId, accounts[associated] == nil {
                fail("customer \(customer.id) is associated with a missing partner \(associated)")
            }
        }
        var expectedByPartner: [AccountID: Set<CustomerID>] = [:]
        for customer in customers.values {
            for relationship in customer.relationships { expectedByPartner[relationship.partnerId, default: []].insert(customer.id) }
        }
        if expectedByPartner != customersByPartner.filter({ !$0.value.isEmpty }) {
            fail("the customers-by-partner index disagrees with the customers' relationships")
        }
        var expectedSubscriptions: [CustomerID: Set<SubscriptionID>] = [:]
        for subscription in subscriptions.values {
            expectedSubscriptions[subscription.customerId, default: []].insert(subscription.id)
            if customers[subscription.customerId] == nil {
                fail("subscription \(subscription.id) belongs to a missing customer \(subscription.customerId)")
            }
            if orders[subscription.orderId] == nil { fail("subscription \(subscription.id) has a missing order \(subscription.orderId)") }
            if let mpn = subscription.partnerId, account(mpnId: mpn)?.kind != .indirectReseller {
                fail("subscription \(subscription.id) names \(mpn) as partner of record, which is not an indirect reseller")
            }
            if let support = subscription.supportContact, accounts[support.supportTenantId]?.kind != .indirectReseller {
                fail("subscription \(subscription.id) names a support contact that is not an indirect reseller")
            }
        }
        if expectedSubscriptions != subscriptionsByCustomer.mapValues(Set.init).filter({ !$0.value.isEmpty }) {
            fail("the subscriptions-by-customer index disagrees with the subscriptions")
        }
        for order in orders.values where customers[order.customerId] == nil {
            fail("order \(order.id) belongs to a missing customer \(order.customerId)")
        }
        for invitation in invitations.values {
            if accounts[invitation.fromAccountId] == nil { fail("invitation \(invitation.id) was sent by a missing account") }
            if invitation.tokenHash.utf8.count != 64 { fail("invitation \(invitation.id) does not hold a SHA-256 token hash") }
        }
        var activePairs: Set<PartnerPair> = []
        for partnership in partnerships.values {
            guard accounts[partnership.providerId]?.kind == .indirectProvider,
                  accounts[partnership.resellerId]?.kind == .indirectReseller else {
                fail("partnership \(partnership.id) does not join an indirect provider and an indirect reseller")
                continue
            }
            if partnership.status == .active,
               !activePairs.insert(PartnerPair(provider: partnership.providerId, reseller: partnership.resellerId)).inserted {
                fail("two active partnerships join \(partnership.providerId) and \(partnership.resellerId)")
            }
        }
        for (previous, record) in zip(auditLog, auditLog.dropFirst()) where record.sequence <= previous.sequence {
            fail("audit record \(record.sequence) follows \(previous.sequence): out of sequence")
        }
        if let last = auditLog.last, last.sequence != lastSequence {
            fail("the last audit record is \(last.sequence) but the model applied \(lastSequence)")
        }
        return problems
    }
}
