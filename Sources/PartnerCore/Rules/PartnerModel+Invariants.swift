import Foundation

extension PartnerModel {
    /// The structural rules every model reachable through `decide` + `apply` keeps. Empty
    /// when all hold; otherwise one line per broken rule, naming the record. For tests, and
    /// for a store or `partnerdash check` to verify a loaded workspace. With a catalog, also
    /// checks that every subscription's offer exists and its quantity is in range (rule 8).
    /// Linear in the size of the model. Without `includingAuditLog` the audit log's own
    /// rules are left out (a model opened without the snapshot's audit records checks
    /// them once it has them: `auditLogViolations`).
    /// `inParallel` false keeps it on the calling thread: a snapshot's lowered thread, which
    /// must not hand half the work to Dispatch's threads at the dashboard's priority.
    public func invariantViolations(catalog: OfferCatalog? = nil, includingAuditLog: Bool = true,
                                    inParallel: Bool = true) -> [String] {
        // Two halves of about equal cost at 200,000 customers, on two threads: every open
        // runs this after the model is whole, when nothing else is using the cores.
        let halves = InvariantHalves()
        let checkHalf: @Sendable (Int) -> Void = { half in
            var out: [String] = []
            if half == 0 {
                checkAccountsAndUsers(&out)
                checkPartnershipsAndInvitations(&out)
                checkCustomers(&out)
                checkOrdersAndSubscriptions(catalog, &out)
                halves.first = out
            } else {
                if includingAuditLog { out += auditLogViolations() }
                checkIndexes(&out)
                halves.second = out
            }
        }
        if inParallel {
            DispatchQueue.concurrentPerform(iterations: 2, execute: checkHalf)
        } else {
            (0..<2).forEach(checkHalf)
        }
        return halves.first + halves.second
    }

    private func checkAccountsAndUsers(_ out: inout [String]) {
        var domains: [String: Int] = [:]
        var liveMpn: [String: Int] = [:]
        let withGlobalAdmin = Set(users.values.filter { $0.roles.contains(.globalAdmin) }.map(\.accountId))
        for account in accounts.values {
            var name: String { "account \(account.id.short)" }
            if Validate.mpnId(account.mpnId) != nil { out.append("\(name): malformed MPN ID \(account.mpnId)") }
            domains[account.tenantDomain.lowercased(), default: 0] += 1
            if case .rejected = account.enrollment {} else { liveMpn[account.mpnId, default: 0] += 1 }
            if account.kind == .indirectProvider, !account.isActive { out.append("\(name): provider is not active") }
            if Validate.email(account.primaryContact.email) != nil || Validate.email(account.supportContact.email) != nil {
                out.append("\(name): a contact email is malformed (invitations to it could never be sent)")
            }
            if (account.enrollment == .pendingEmailVerification) != (account.verificationCodeHash != nil) {
                out.append("\(name): a verification code hash exists exactly while email verification is pending")
            }
            if !withGlobalAdmin.contains(account.id) { out.append("\(name): has no global admin") }
        }
        for customer in customers.values { domains[customer.companyProfile.domain.lowercased(), default: 0] += 1 }
        reportDomainsUsedTwice(domains, &out)
        for (mpn, n) in liveMpn where n > 1 { out.append("MPN ID \(mpn) belongs to \(n) accounts that are not rejected") }
        var principals: [String: Int] = [:]
        for user in users.values {
            if let account = accounts[user.accountId] {
                if Validate.inTenant(user.userPrincipalName, account.tenantDomain) != nil {
                    out.append("user \(user.userPrincipalName): not in its account's tenant \(account.tenantDomain)")
                }
            } else {
                out.append("user \(user.userPrincipalName): no account \(user.accountId.short)")
            }
            principals[user.userPrincipalName.lowercased(), default: 0] += 1
        }
        for (upn, n) in principals where n > 1 { out.append("user principal \(upn) is used \(n) times") }
    }

    private func reportDomainsUsedTwice(_ uses: [String: Int], _ out: inout [String]) {
        for (domain, n) in uses where n > 1 { out.append("domain \(domain) is used \(n) times") }
    }

    private func checkPartnershipsAndInvitations(_ out: inout [String]) {
        var activePairs: [PartnerPair: Int] = [:]
        for p in partnerships.values {
            var name: String { "partnership \(p.id.short)" }
            if accounts[p.providerId]?.kind != .indirectProvider { out.append("\(name): provider is not an indirect provider") }
            if accounts[p.resellerId]?.kind != .indirectReseller { out.append("\(name): reseller is not an indirect reseller") }
            guard p.status == .active else { continue }
            activePairs[PartnerPair(provider: p.providerId, reseller: p.resellerId), default: 0] += 1
            if accounts[p.resellerId]?.isActive != true { out.append("\(name): active with a reseller that is not active") }
            if let invitationId = p.invitationId {
                let inv = invitations[invitationId]
                if inv?.kind != .partnership || inv?.status != .accepted || inv?.fromAccountId != p.providerId
                    || inv?.toAccountId != p.resellerId {
                    out.append("\(name): not backed by an accepted partnership invitation from its provider to its reseller")
                }
            }
        }
        for (pair, n) in activePairs where n > 1 {
            out.append("\(n) active partnerships between \(pair.provider.short) and \(pair.reseller.short)")
        }
        for inv in invitations.values {
            var name: String { "invitation \(inv.id.short)" }
            let hex = inv.tokenHash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
            if inv.tokenHash.utf8.count != 64 || !hex { out.append("\(name): token hash is not 64 lower-case hex digits") }
            guard let from = accounts[inv.fromAccountId] else { out.append("\(name): no sender account"); continue }
            switch inv.kind {
            case .partnership:
                if from.kind != .indirectProvider { out.append("\(name): partnership invitation not sent by a provider") }
                if inv.toAccountId.flatMap({ accounts[$0] })?.kind != .indirectReseller {
                    out.append("\(name): partnership invitation not addressed to a reseller")
                }
                if inv.customerId != nil || inv.providerId != nil { out.append("\(name): partnership invitation names a customer or provider") }
            case .indirectResellerRelationship:
                if from.kind != .indirectReseller { out.append("\(name): reseller + provider invitation not sent by a reseller") }
                if inv.providerId.flatMap({ accounts[$0] })?.kind != .indirectProvider {
                    out.append("\(name): reseller + provider invitation names no provider")
                }
                if inv.toAccountId != nil { out.append("\(name): customer invitation addressed to a partner account") }
            case .resellerRelationship:
                if inv.toAccountId != nil || inv.providerId != nil {
                    out.append("\(name): reseller relationship invitation names a partner account or provider")
                }
            }
            if !InvitationExpiry.allows(inv.expiresAt.timeIntervalSince(inv.createdAt)) {
                out.append("\(name): expiry is not creation + an allowed lifetime (InvitationExpiry.limits days)")
            }
            if (inv.status == .pending) != (inv.respondedAt == nil) { out.append("\(name): respondedAt does not match its status") }
            if let customerId = inv.customerId, customers[customerId] == nil { out.append("\(name): no customer \(customerId.short)") }
        }
    }

    private func checkCustomers(_ out: inout [String]) {
        for customer in customers.values { check(customer, &out) }
    }

    private func check(_ customer: Customer, _ out: inout [String]) {
        var name: String { "customer \(customer.id.short)" }
        let partners = customer.relationships.map(\.partnerId)
        if Set(partners).count != partners.count { out.append("\(name): a partner is reseller of record twice") }
        for p in partners where accounts[p]?.isActive != true {
            out.append("\(name): reseller of record \(p.short) is not an active partner account")
        }
        if let associated = customer.associatedPartnerId, accounts[associated]?.kind != .indirectReseller {
            out.append("\(name): associated partner \(associated.short) is not an indirect reseller")
        }
        if customer.adminUserName != "admin@\(customer.companyProfile.domain)" {
            out.append("\(name): admin user is not admin@<domain>")
        }
    }

    private func checkOrdersAndSubscriptions(_ catalog: OfferCatalog?, _ out: inout [String]) {
        let mpns = PartnerMpns(accounts.values)
        for order in orders.values { check(order, mpns, &out) }
        for sub in subscriptions.values { check(sub, catalog, mpns, &out) }
    }

    private func check(_ order: Order, _ mpns: PartnerMpns, _ out: inout [String]) {
        var name: String { "order \(order.id.short)" }
        if !customers.contains(order.customerId) { out.append("\(name): no customer \(order.customerId.short)") }
        if accounts[order.placedByAccount]?.kind != .indirectProvider { out.append("\(name): not placed by a provider") }
        if order.lineItems.map(\.lineItemNumber) != Array(order.lineItems.indices) {
            out.append("\(name): line items are not numbered 0, 1, 2…")
        }
        if order.lineItems.isEmpty { out.append("\(name): has no line items") }
        for item in order.lineItems {
            if let mpn = item.partnerIdOnRecord, !mpns.isReseller(mpn) {
                out.append("\(name): partner on record \(mpn) is not an indirect reseller's MPN ID")
            }
        }
    }

    private func check(_ sub: Subscription, _ catalog: OfferCatalog?, _ mpns: PartnerMpns, _ out: inout [String]) {
        var name: String { "subscription \(sub.id.short)" }
        if !customers.contains(sub.customerId) { out.append("\(name): no customer \(sub.customerId.short)") }
        if let order = orders[sub.orderId] {
            if order.customerId != sub.customerId { out.append("\(name): its order is another customer's") }
        } else {
            out.append("\(name): no order \(sub.orderId.short)")
        }
        if let catalog {
            if let offer = catalog[sub.offerId] {
                if !offer.quantityRange.contains(sub.quantity) {
                    out.append("\(name): quantity \(sub.quantity) outside \(offer.minimumQuantity)–\(offer.maximumQuantity)")
                }
            } else {
                out.append("\(name): offer \(sub.offerId) is not in the catalog")
            }
        }
        if let mpn = sub.partnerId, !mpns.isReseller(mpn) {
            out.append("\(name): partner of record \(mpn) is not an indirect reseller's MPN ID")
        }
        if let support = sub.supportContact {
            let account = accounts[support.supportTenantId]
            if account?.kind != .indirectReseller || account?.mpnId != support.supportMpnId {
                out.append("\(name): support contact \(support.name) is not an indirect reseller")
            }
        }
    }

    /// Rule 2 as `partnerdash check` verifies it: the reseller a subscription credits or names
    /// as support contact can act for its customer, since ending a partnership or removing a
    /// relationship clears it. Not part of `invariantViolations`, which every open runs:
    /// workspaces written before this rule kept the credit when a partnership ended, and
    /// must still open.
    public func namedResellerViolations() -> [String] {
        var out: [String] = []
        for sub in subscriptions.values { checkNamedResellersCanAct(sub, &out) }
        return out
    }

    private func checkNamedResellersCanAct(_ sub: Subscription, _ out: inout [String]) {
        guard let customer = customers[sub.customerId] else { return }
        let named: [(String, AccountID?)] = [("partner of record", sub.partnerId.flatMap { account(mpnId: $0)?.id }),
                                             ("support contact", sub.supportContact?.supportTenantId)]
        for (role, reseller) in named {
            guard let reseller, accounts[reseller]?.kind == .indirectReseller, !canActFor(customer, reseller: reseller) else { continue }
            out.append("subscription \(sub.id.short): \(role) \(partnerName(reseller)) cannot act for its customer "
                + "(not a reseller of record, or no provider of the customer is partnered with it)")
        }
    }

    /// The audit log's part of `invariantViolations`: records in sequence order, the last one the model's.
    public func auditLogViolations() -> [String] {
        // Records of one journal record (an import's) share its sequence.
        auditLogViolations(ofTheLast: auditLog.count)
    }

    /// The derived indexes say what the entities say.
    private func checkIndexes(_ out: inout [String]) {
        // Each index holds every pair the records make and no more (as many entries as pairs),
        // checked without building a second copy of it: at 200,000 customers that copy was
        // most of the open's invariant check.
        checkRelationshipIndex(&out)
        checkSubscriptionIndex(&out)
        var mpns: [String: AccountID] = [:]
        for account in accounts.values {
            if case .rejected = account.enrollment {} else { mpns[account.mpnId] = account.id }
        }
        if mpns != accountByMpn { out.append("index: accountByMpn differs from the accounts") }
        if AccountLookup(accounts.values) != accountLookup { out.append("index: accountLookup differs from the accounts") }
        let principals = Dictionary(users.values.map { ($0.userPrincipalName.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        if principals != userByPrincipal { out.append("index: userByPrincipal differs from the users") }
        // Asked domain by domain, as `checkDomainsOf` does: `takenDomains` would make one set of every domain.
        let taken = accounts.values.allSatisfy { isDomainTaken($0.tenantDomain.lowercased()) }
            && customers.values.allSatisfy { isDomainTaken($0.companyProfile.domain.lowercased()) }
        if !taken { out.append("index: takenDomains misses a domain in use") }
        checkPartnershipIndexes(&out)
    }

    /// Every relationship is in `customersByPartner`, and the index holds as many entries as
    /// all customers have relationships (so none that no customer makes).
    private func checkRelationshipIndex(_ out: inout [String]) {
        var relationshipMissing = false
        for customer in customers.values {
            for r in customer.relationships where customersByPartner[r.partnerId]?.contains(customer.id) != true {
                relationshipMissing = true
            }
        }
        let relationships = customers.values.reduce(0) { $0 + $1.relationships.count }
        if relationshipMissing || customersByPartner.values.reduce(0, { $0 + $1.count }) != relationships {
            out.append("index: customersByPartner differs from the customers' relationships")
        }
    }

    /// Every subscription's slot is under its customer in `subscriptionSlotsByCustomer`, and
    /// the index holds as many entries as there are subscriptions.
    private func checkSubscriptionIndex(_ out: inout [String]) {
        let missing = subscriptions.values.enumerated().contains { slot, subscription in
            subscriptionSlotsByCustomer[subscription.customerId]?.contains(UInt32(slot)) != true
        }
        if missing || subscriptionSlotsByCustomer.values.reduce(0, { $0 + $1.count }) != subscriptions.count {
            out.append("index: subscriptionsByCustomer differs from the subscriptions")
        }
    }

    private func checkPartnershipIndexes(_ out: inout [String]) {
        let activePairs = Set(partnerships.values.filter { $0.status == .active }.map { PartnerPair(provider: $0.providerId, reseller: $0.resellerId) })
        for (pair, id) in partnershipByPair {
            guard let p = partnerships[id], p.providerId == pair.provider, p.resellerId == pair.reseller else {
                out.append("index: partnershipByPair names a partnership of another pair"); continue
            }
            if activePairs.contains(pair), p.status != .active {
                out.append("index: partnershipByPair hides the active partnership of a pair")
            }
        }
        for p in partnerships.values {
            if partnershipByPair[PartnerPair(provider: p.providerId, reseller: p.resellerId)] == nil {
                out.append("index: partnership \(p.id.short) has no pair entry")
            }
            for side in [p.providerId, p.resellerId] where partnershipsByAccount[side]?.contains(p.id) != true {
                out.append("index: partnership \(p.id.short) missing from partnershipsByAccount")
            }
        }
    }
}

/// The MPN IDs of resellers and of providers: a partner named on an order line or a
/// subscription must be a reseller's, and not also a provider's.
private struct PartnerMpns {
    let resellers: Set<String>
    let providers: Set<String>

    init(_ accounts: some Sequence<PartnerAccount>) {
        var resellers: Set<String> = []
        var providers: Set<String> = []
        for account in accounts {
            switch account.kind {
            case .indirectReseller: resellers.insert(account.mpnId)
            case .indirectProvider: providers.insert(account.mpnId)
            }
        }
        self.resellers = resellers
        self.providers = providers
    }

    func isReseller(_ mpn: String) -> Bool { resellers.contains(mpn) && !providers.contains(mpn) }
}

/// Where the two threads of `invariantViolations` leave their lines: each writes only its
/// own property, and both are read only after `concurrentPerform` has returned.
private final class InvariantHalves: @unchecked Sendable {
    var first: [String] = []
    var second: [String] = []
}

extension PartnerModel {
    /// Rule 11 as `partnerdash check` verifies it: no subscription is active or suspended
    /// with a term that ended at or before the last recorded change other than a term end
    /// (every change renews or expires the terms due first; a run of term ends cut short,
    /// by `repair` say, is finished by the next change), and what is scheduled for a
    /// renewal has one to wait for. Not part of `invariantViolations`, which every open runs: a workspace written
    /// before terms renewed must still open, and its first change renews them.
    /// Throws when the audit log's newest chunks cannot be read (`AuditChunkSource`).
    public func termEndViolations() throws -> [String] {
        var out: [String] = []
        let termEnds: Set<OperationType> = [.renew_subscription, .expire_subscription]
        let lastChange = try auditLog.lastRecord { !termEnds.contains($0.operationType) }?.operationDate ?? .distantPast
        for sub in subscriptions.values.sorted(by: { ($0.commitmentEndDate, $0.id) < ($1.commitmentEndDate, $1.id) }) {
            var name: String { "subscription \(sub.id.short)" }
            if sub.isLive, sub.commitmentEndDate <= lastChange {
                out.append("\(name): \(sub.status.rawValue) although its term ended \(CalendarMinute(sub.commitmentEndDate)), before the last change "
                    + "(\(CalendarMinute(lastChange))); it should have \(sub.autoRenewEnabled ? "renewed" : "expired") (rule 11)")
            }
            if sub.effectiveStartDate >= sub.commitmentEndDate { out.append("\(name): its term starts after it ends") }
            if sub.scheduledNextTerm != nil, !(sub.isLive && sub.autoRenewEnabled) {
                out.append("\(name): a change is scheduled for a renewal that will not happen")
            }
        }
        return out
    }
}

extension PartnerModel {
    /// `invariantViolations(catalog:includingAuditLog:)` for a model that held every
    /// invariant before the transactions `footprint` noted were applied (a checked
    /// snapshot and the records replayed after it, or a store's model since its last
    /// check): empty exactly when the whole check is. Entities and index entries no
    /// transaction named are as they were, so only the named ones, what refers to them and
    /// the index entries they may have had are looked at again, each through the model's
    /// indexes: the cost follows the footprint, not the book. An account or user change
    /// falls back to the whole check (`inParallel` as there).
    public func invariantViolations(after footprint: ReplayFootprint, catalog: OfferCatalog? = nil,
                                    includingAuditLog: Bool = true, inParallel: Bool = true) -> [String] {
        if footprint.needsWholeCheck {
            return invariantViolations(catalog: catalog, includingAuditLog: includingAuditLog, inParallel: inParallel)
        }
        var out: [String] = []
        if footprint.partners {
            checkPartnershipsAndInvitations(&out)
            checkPartnershipIndexes(&out)
        }
        let named = footprint.customerPartners.keys.compactMap { customers[$0] }
        for customer in named { check(customer, &out) }
        checkDomainsOf(named, contested: footprint.contestedDomains, &out)
        if !footprint.orders.isEmpty || !footprint.subscriptionCustomers.isEmpty {
            let mpns = PartnerMpns(accounts.values)
            for id in footprint.orders { if let order = orders[id] { check(order, mpns, &out) } }
            for id in footprint.subscriptionCustomers.keys { if let sub = subscriptions[id] { check(sub, catalog, mpns, &out) } }
        }
        checkRelationshipEntries(footprint.customerPartners, &out)
        checkSubscriptionEntries(footprint.subscriptionCustomers, &out)
        if includingAuditLog { out += auditLogViolations(ofTheLast: footprint.auditRecords) }
        return out
    }

    /// The domains of `named` customers are in `takenDomains`, and each `contested` one is
    /// used once among accounts and customers (no other can be used twice: `ReplayFootprint`).
    private func checkDomainsOf(_ named: [Customer], contested: Set<String>, _ out: inout [String]) {
        // Asked domain by domain: `takenDomains` would make one set of every domain taken.
        if !named.allSatisfy({ isDomainTaken($0.companyProfile.domain.lowercased()) }) {
            out.append("index: takenDomains misses a domain in use")
        }
        guard !contested.isEmpty else { return }
        var uses: [String: Int] = [:]
        for account in accounts.values where contested.contains(account.tenantDomain.lowercased()) {
            uses[account.tenantDomain.lowercased(), default: 0] += 1
        }
        for customer in customers.values {
            let domain = customer.companyProfile.domain.lowercased()
            if contested.contains(domain) { uses[domain, default: 0] += 1 }
        }
        reportDomainsUsedTwice(uses, &out)
    }

    /// Each named customer is under exactly its partners of record among the partners it
    /// has had (the only entries of `customersByPartner` a transaction could have touched).
    private func checkRelationshipEntries(_ named: [CustomerID: Set<AccountID>], _ out: inout [String]) {
        let differs = named.contains { id, partners in
            let current = Set(customers[id]?.relationships.map(\.partnerId) ?? [])
            return partners.union(current).contains { (customersByPartner[$0]?.contains(id) == true) != current.contains($0) }
        }
        if differs { out.append("index: customersByPartner differs from the customers' relationships") }
    }

    /// Each named subscription is listed once under its customer and under none of the
    /// other customers it has had (the only entries of `subscriptionSlotsByCustomer` it could have).
    private func checkSubscriptionEntries(_ named: [SubscriptionID: Set<CustomerID>], _ out: inout [String]) {
        let differs = named.contains { id, owners in
            let owner = subscriptions[id]?.customerId
            return owners.union([owner].compactMap { $0 }).contains { customer in
                let listed = subscriptionIds(of: customer).count { $0 == id }
                return listed != (customer == owner ? 1 : 0)
            }
        }
        if differs { out.append("index: subscriptionsByCustomer differs from the subscriptions") }
    }

    /// `auditLogViolations` for a log whose records before the last `count` were in order.
    func auditLogViolations(ofTheLast count: Int) -> [String] {
        var out = auditLog.sequenceDescents(inTheLast: count).map { "audit: sequence \($0.later) follows \($0.earlier)" }
        if lastSequence != (auditLog.lastSequence ?? 0) {
            out.append("audit: last sequence \(lastSequence) but the last record is \(auditLog.lastSequence ?? 0)")
        }
        return out
    }
}
