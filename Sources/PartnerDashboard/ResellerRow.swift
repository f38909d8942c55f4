import Foundation
import PartnerCore
import TerminalKit

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
    /// Customers the two share (rule 6): after a partnership ends they still share them;
    /// nil when they never shared any outside an active partnership.
    public let customers: Int?

    public var pendingInvitation: InvitationID? {
        if case .invited(let id, _) = partnership { return id }
        return nil
    }

    /// Every enrolled, active reseller the provider could work with, plus any it has a
    /// partnership or a pending invitation with, sorted by name: the rows of
    /// `PartnerModel.resellerOverview`, which the command line lists too.
    public static func rows(model: PartnerModel, provider: AccountID, now: Date) -> [ResellerRow] {
        model.resellerOverview(for: provider, at: now).map(ResellerRow.init)
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    /// The row of one reseller of that page.
    init(_ row: ResellerOverview) {
        let state: Partnership
        switch (row.state, row.since, row.invitationId) {
        case (.active, let since?, _): state = .active(since: since)
        case (.invited, let sent?, let invitation?): state = .invited(invitation, sent: sent)
        case (.ended, let since?, _): state = .ended(since: since)
        default: state = .none
        }
        id = row.reseller.id
        name = row.reseller.legalName
        mpnId = row.reseller.mpnId
        partnership = state
        customers = row.state == .active || row.sharedCustomers > 0 ? row.sharedCustomers : nil
    }
}
