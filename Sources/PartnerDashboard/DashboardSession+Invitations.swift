import PartnerCore
import TerminalKit

extension Dialog {
    /// "Withdraw invitation?", asked before `DashboardSession.withdrawInvitation`.
    static func withdrawInvitation(sentTo recipient: String, keep: ID, withdraw: ID) -> Dialog {
        Dialog(title: "Withdraw invitation?", message: ["The link sent to \(recipient) will stop working."],
               buttons: [Button(keep, "Keep it"), Button(withdraw, "Withdraw")], cancel: keep)
    }
}

extension DashboardSession {
    /// Withdraws a pending invitation the account sent (Indirect resellers, Invitations);
    /// what to show, done or not.
    func withdrawInvitation(_ id: InvitationID, sentTo recipient: String) -> String {
        do {
            try execute(.withdrawInvitation(id))
            return "Invitation to \(recipient) withdrawn"
        } catch {
            return CommandFailure.message(error, doing: "Not withdrawn")
        }
    }
}
