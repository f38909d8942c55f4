import Foundation

extension PartnerModel {
    /// The signed-in user and their account, or a refusal.
    public func signedIn(_ actor: Actor) throws(DomainError) -> (User, PartnerAccount) {
        guard case .user(let userId) = actor else {
            throw .forbidden("user", "sign in as a user of a partner account first")
        }
        guard let user = users[userId], let account = accounts[user.accountId] else {
            throw .notFound("user", "no such user in this workspace")
        }
        return (user, account)
    }

    public func user(principal: String) -> User? {
        userByPrincipal[principal.lowercased()].flatMap { users[$0] }
    }

    public func account(mpnId: String) -> PartnerAccount? {
        accountByMpn[mpnId].flatMap { accounts[$0] }
    }

    public func activePartnership(provider: AccountID, reseller: AccountID) -> Partnership? {
        guard let id = partnershipByPair[PartnerPair(provider: provider, reseller: reseller)],
              let partnership = partnerships[id], partnership.status == .active else { return nil }
        return partnership
    }

    /// The partnerships an account is part of, oldest first.
    public func partnerships(of account: AccountID) -> [Partnership] {
        (partnershipsByAccount[account] ?? []).compactMap { partnerships[$0] }
    }

    /// Rule 2: the resellers a provider may act for.
    public func activeResellers(of provider: AccountID) -> [PartnerAccount] {
        partnerships(of: provider)
            .filter { $0.status == .active && $0.providerId == provider }
            .compactMap { accounts[$0.resellerId] }
            .sorted { $0.legalName.localizedStandardCompare($1.legalName) == .orderedAscending }
    }

    /// The resellers a provider works or worked with (active and ended partnerships), by
    /// name: after a partnership ends, the two still share the customers they had.
    public func partneredResellers(of provider: AccountID) -> [PartnerAccount] {
        PartnerAccount.byName(partneredResellersUnsorted(of: provider))
    }

    /// `partneredResellers` before sorting, which is most of its cost (`localizedStandardCompare`):
    /// the dashboard sorts again only when these change.
    public func partneredResellersUnsorted(of provider: AccountID) -> [PartnerAccount] {
        Set(partnerships(of: provider).filter { $0.providerId == provider }.map(\.resellerId))
            .compactMap { accounts[$0] }
    }

    /// The providers a reseller works with (active partnerships).
    public func activeProviders(of reseller: AccountID) -> [PartnerAccount] {
        partnerships(of: reseller)
            .filter { $0.status == .active && $0.resellerId == reseller }
            .compactMap { accounts[$0.providerId] }
            .sorted(by: PartnerAccount.nameOrder)
    }

    public func subscriptions(of customer: CustomerID) -> [Subscription] {
        (subscriptionSlotsByCustomer[customer] ?? .listed([])).compactMap {
            Int($0) < subscriptions.count ? subscriptions.value(atSlot: Int($0)) : nil
        }
    }

    /// Rule 6: the customers this account is reseller of record for.
    public func customerIds(visibleTo account: AccountID) -> CustomerIdSet {
        customersByPartner[account] ?? []
    }

    /// Rule 6: "View customers": the customers both partners are resellers of record for.
    public func sharedCustomerIds(_ a: AccountID, _ b: AccountID) -> CustomerIdSet {
        let x = customersByPartner[a] ?? [], y = customersByPartner[b] ?? []
        return x.count <= y.count ? x.intersection(y) : y.intersection(x)
    }

    /// A customer, only if the account may see it (rule 6).
    public func customer(_ id: CustomerID, visibleTo account: AccountID) -> Customer? {
        guard let customer = customers[id], customer.isResellerOfRecord(account) else { return nil }
        return customer
    }

    /// Every invitation the account sent, is addressed to, or is named in as provider, newest first.
    public func invitations(involving account: AccountID) -> [Invitation] {
        invitations.values
            .filter { $0.fromAccountId == account || $0.toAccountId == account || $0.providerId == account }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// Partnership invitations waiting for this reseller's answer.
    public func pendingPartnershipInvitations(for reseller: AccountID, at now: Date) -> [Invitation] {
        invitations.values
            .filter { $0.kind == .partnership && $0.toAccountId == reseller && $0.effectiveStatus(at: now) == .pending }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// Audit records the account may read, newest first (throws as the filtered one does).
    public func auditRecords(visibleTo account: AccountID) throws -> [AuditRecord] {
        try auditRecords(visibleTo: account, filter: AuditFilter())
    }

    public func users(of account: AccountID) -> [User] {
        users.values.filter { $0.accountId == account }
            .sorted { $0.displayName.localizedStandardCompare($1.displayName) == .orderedAscending }
    }

    public func partnerName(_ id: AccountID?) -> String {
        id.flatMap { accounts[$0]?.legalName } ?? "—"
    }
}

extension PartnerAccount {
    /// Partners listed by legal name as people read it ("Shop 2" before "Shop 10").
    public static func nameOrder(_ a: PartnerAccount, _ b: PartnerAccount) -> Bool {
        a.legalName.localizedStandardCompare(b.legalName) == .orderedAscending
    }

    public static func byName(_ accounts: [PartnerAccount]) -> [PartnerAccount] {
        accounts.sorted(by: nameOrder)
    }
}
