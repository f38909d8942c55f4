import Foundation

/// The refusals a page shows for a key that does nothing in the state it is in (`r` on a
/// reseller already partnered): the same checks the commands make, asked beforehand.
extension PartnerModel {
    /// Why `provider` may not request a partnership with `reseller` now (rule 1, or an
    /// invitation already pending); nil when it may.
    public func partnershipRequestRefusal(provider: AccountID, reseller: AccountID, at now: Date) -> DomainError? {
        guard let account = accounts[provider] else { return DomainError(.notFound, field: "account", "no such account") }
        do {
            _ = try partnershipCandidate(reseller, for: account)
            try requireNoPendingPartnershipInvitation(from: provider, to: reseller, at: now)
            return nil
        } catch {
            return error
        }
    }

    /// Why `provider` may not act for `reseller` (add its customers, order, end the
    /// partnership): rule 2. Nil when it may.
    public func actingForResellerRefusal(provider: AccountID, reseller: AccountID) -> DomainError? {
        guard let account = accounts[provider] else { return DomainError(.notFound, field: "account", "no such account") }
        do {
            _ = try activeReseller(reseller, of: account)
            return nil
        } catch {
            return error
        }
    }

    /// Why the invitation may not be withdrawn now (rule 7); nil when it may.
    public func withdrawalRefusal(_ invitation: Invitation, at now: Date) -> DomainError? {
        do {
            try requirePending(invitation, at: now)
            return nil
        } catch {
            return error
        }
    }

    /// One partnership invitation pending per pair: a second would leave two live links.
    func requireNoPendingPartnershipInvitation(from provider: AccountID, to reseller: AccountID, at now: Date) throws(DomainError) {
        if invitations.values.contains(where: { $0.kind == .partnership && $0.fromAccountId == provider
            && $0.toAccountId == reseller && $0.effectiveStatus(at: now) == .pending }) {
            throw .conflict("reseller", "a partnership invitation to \(partnerName(reseller)) is already pending; withdraw it first")
        }
    }

    /// Rule 7: only a pending invitation is withdrawn.
    func requirePending(_ invitation: Invitation, at now: Date) throws(DomainError) {
        let status = invitation.effectiveStatus(at: now)
        guard status == .pending else {
            throw .conflict("invitation", "is \(status.rawValue); only a pending invitation can be withdrawn", rule: 7)
        }
    }
}
