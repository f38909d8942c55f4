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
        var pending: [AccountID: Invitation] = [:]
        for invitation in invitations.values where invitation.kind == .partnership && invitation.fromAccountId == provider
            && invitation.effectiveStatus(at: now) == .pending {
            if let to = invitation.toAccountId, (pending[to]?.createdAt ?? .distantPast) < invitation.createdAt {
                pending[to] = invitation
            }
        }
        var rows: [ResellerOverview] = []
        for reseller in accounts.values where reseller.kind == .indirectReseller {
            let partnership = partnershipByPair[PartnerPair(provider: provider, reseller: reseller.id)].flatMap { partnerships[$0] }
            let shared = sharedCustomerIds(provider, reseller.id).count
            if let partnership, partnership.status == .active {
                rows.append(ResellerOverview(reseller: reseller, state: .active, sharedCustomers: shared, since: partnership.since))
            } else if let invitation = pending[reseller.id] {
                rows.append(ResellerOverview(reseller: reseller, state: .invited, sharedCustomers: shared,
                                             since: invitation.createdAt, invitationId: invitation.id))
            } else if let partnership {
                rows.append(ResellerOverview(reseller: reseller, state: .ended, sharedCustomers: shared, since: partnership.since))
            } else if reseller.isActive {
                rows.append(ResellerOverview(reseller: reseller, state: .none, sharedCustomers: shared, since: nil))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: ResellerOverview.State.allCases.enumerated().map { ($1, $0) })
        return rows.sorted {
            if $0.state != $1.state { return order[$0.state, default: 0] < order[$1.state, default: 0] }
            return $0.reseller.legalName.localizedStandardCompare($1.reseller.legalName) == .orderedAscending
        }
    }
}
