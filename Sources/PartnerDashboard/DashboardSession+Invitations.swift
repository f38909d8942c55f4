import PartnerCore
import TerminalKit

extension DashboardSession {
    /// "Withdraw invitation?", then the withdrawal and what came of it (Indirect resellers,
    /// Invitations). The pages read the change back when the app tells them of it.
    func confirmWithdrawal(of id: InvitationID, sentTo recipient: String) -> ScreenAction {
        .confirm(title: "Withdraw invitation?", message: ["The link sent to \(recipient) will stop working."],
                 choices: ConfirmChoices(keep: "Keep it", proceed: "Withdraw")) { [self] in
            .message(withdrawInvitation(id, sentTo: recipient))
        }
    }

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
