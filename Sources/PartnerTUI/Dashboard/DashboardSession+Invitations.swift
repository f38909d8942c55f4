import PartnerCore

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
