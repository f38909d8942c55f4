import Foundation
import PartnerCore

/// One line of Indirect resellers: a reseller and where its partnership with
/// the signed-in provider stands.
public struct ResellerRow: Equatable, Sendable {
    public enum Partnership: Equatable, Sendable {
        case none
        case invited(InvitationID, sent: Date)
        case active(since: Date)
        case ended(since: Date)

        public var label: String {
            switch self {
            case .none: return "—"
            case .invited: return "Invited"
            case .active: return "Active"
            case .ended: return "Ended"
            }
        }
    }

    public let id: AccountID
    public let name: String
    public let mpnId: String
    public let partnership: Partnership
    /// Customers the two share (rule 6); nil without an active partnership.
    public let customers: Int?

    public var pendingInvitation: InvitationID? {
        if case .invited(let id, _) = partnership { return id }
        return nil
    }

    /// Every enrolled, active reseller the provider could work with, plus any
    /// it has a partnership or a pending invitation with, sorted by name.
    public static func rows(model: PartnerModel, provider: AccountID, now: Date) -> [ResellerRow] {
        var invited: [AccountID: Invitation] = [:]
        for invitation in model.invitations(involving: provider, at: now)
        where invitation.kind == .partnership && invitation.fromAccountId == provider && invitation.effectiveStatus(at: now) == .pending {
            if let to = invitation.toAccountId { invited[to] = invitation }
        }
        var partnerships: [AccountID: PartnerCore.Partnership] = [:]
        for p in model.partnerships(of: provider) where p.providerId == provider { partnerships[p.resellerId] = p }

        let candidates = model.accounts.values.filter {
            $0.kind == .indirectReseller && ($0.isActive || partnerships[$0.id] != nil || invited[$0.id] != nil)
        }
        return candidates.map { reseller in
            let state: Partnership
            var customers: Int?
            if let p = partnerships[reseller.id], p.status == .active {
                state = .active(since: p.since)
                customers = model.sharedCustomerIds(provider, reseller.id).count
            } else if let invitation = invited[reseller.id] {
                state = .invited(invitation.id, sent: invitation.createdAt)
            } else if let p = partnerships[reseller.id] {
                state = .ended(since: p.since)
            } else {
                state = .none
            }
            return ResellerRow(id: reseller.id, name: reseller.legalName, mpnId: reseller.mpnId, partnership: state, customers: customers)
        }
        .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }
}
