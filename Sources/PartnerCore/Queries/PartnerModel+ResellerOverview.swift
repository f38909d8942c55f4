import Foundation

/// One row of the provider's Indirect resellers page.
public struct ResellerOverview: Equatable, Sendable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// In an active partnership.
        case active
        /// A partnership invitation is pending.
        case invited
        /// The partnership ended.
        case ended
        /// Enrolled and active, not connected yet.
        case none

        public var label: String {
            switch self {
            case .active: return "Active"
            case .invited: return "Invited"
            case .ended: return "Ended"
            case .none: return "—"
            }
        }
    }

    public var reseller: PartnerAccount
    public var state: State
    /// Customers the provider and the reseller share (rule 6).
    public var sharedCustomers: Int
    /// When the partnership began, or when the pending invitation was sent.
    public var since: Date?
    /// The pending invitation, for withdrawing it.
    public var invitationId: InvitationID?
}

extension PartnerModel {
    /// The provider's Indirect resellers page: partnered resellers, invited ones, and the
    /// enrolled, active resellers it could request a partnership with. Partners first,
    /// then invited, then the rest, each by name.
    public func resellerOverview(for provider: AccountID, at now: Date) -> [ResellerOverview] {
        let pending = pendingPartnershipRequests(from: provider, at: now)
        let rows = accounts.values.compactMap { overviewRow(provider, $0, pending: pending[$0.id]) }
        let order = Dictionary(uniqueKeysWithValues: ResellerOverview.State.allCases.enumerated().map { ($1, $0) })
        return rows.sorted {
            if $0.state != $1.state { return order[$0.state, default: 0] < order[$1.state, default: 0] }
            return $0.reseller.legalName.localizedStandardCompare($1.reseller.legalName) == .orderedAscending
        }
    }

    /// One reseller's row of that page, or nil when the page does not list it (not a
    /// reseller, or neither active nor ever connected to this provider).
    public func resellerOverview(of reseller: AccountID, for provider: AccountID, at now: Date) -> ResellerOverview? {
        guard let account = accounts[reseller] else { return nil }
        return overviewRow(provider, account, pending: pendingPartnershipRequests(from: provider, at: now)[reseller])
    }

    /// The newest pending partnership request the provider sent to each reseller.
    private func pendingPartnershipRequests(from provider: AccountID, at now: Date) -> [AccountID: Invitation] {
        var pending: [AccountID: Invitation] = [:]
        for invitation in invitations.values where invitation.kind == .partnership && invitation.fromAccountId == provider
            && invitation.effectiveStatus(at: now) == .pending {
            if let to = invitation.toAccountId, (pending[to]?.createdAt ?? .distantPast) < invitation.createdAt {
                pending[to] = invitation
            }
        }
        return pending
    }

    private func overviewRow(_ provider: AccountID, _ reseller: PartnerAccount, pending: Invitation?) -> ResellerOverview? {
        guard reseller.kind == .indirectReseller else { return nil }
        let partnership = partnershipByPair[PartnerPair(provider: provider, reseller: reseller.id)].flatMap { partnerships[$0] }
        let shared = sharedCustomerIds(provider, reseller.id).count
        if let partnership, partnership.status == .active {
            return ResellerOverview(reseller: reseller, state: .active, sharedCustomers: shared, since: partnership.since)
        } else if let pending {
            return ResellerOverview(reseller: reseller, state: .invited, sharedCustomers: shared,
                                    since: pending.createdAt, invitationId: pending.id)
        } else if let partnership {
            return ResellerOverview(reseller: reseller, state: .ended, sharedCustomers: shared, since: partnership.since)
        } else if reseller.isActive {
            return ResellerOverview(reseller: reseller, state: .none, sharedCustomers: shared, since: nil)
        }
        return nil
    }
}
