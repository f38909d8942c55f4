import Foundation
import PartnerCore
import TerminalKit

/// Invitations still open for an account: the ones it sent, and the
/// partnership invitations waiting for its answer. The top bar's badge and
/// Home count the same thing.
public struct PendingInvitations: Equatable, Sendable {
    public var sent = 0
    /// Partnership invitations sent to it.
    public var sentPartnerships = 0
    public var received = 0

    public init(model: PartnerModel, account: AccountID, now: Date) {
        for invitation in model.invitations(involving: account) where invitation.effectiveStatus(at: now) == .pending {
            if invitation.fromAccountId == account {
                sent += 1
                if invitation.kind == .partnership { sentPartnerships += 1 }
            } else if invitation.kind == .partnership && invitation.toAccountId == account {
                received += 1
            }
        }
    }

    public var total: Int { sent + received }
}
