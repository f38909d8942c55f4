import PartnerCore
import TerminalKit

extension DashboardSession {
    /// Ends the partnership with `partner` (either side's page); what to show, done or not.
    func endPartnership(with partner: AccountID) -> String {
        do {
            return try execute(.endPartnership(partner: partner)).message
        } catch {
            return CommandFailure.message(error, doing: "Not ended")
        }
    }
}
