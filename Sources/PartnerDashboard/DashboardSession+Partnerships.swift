import PartnerCore
import TerminalKit

extension DashboardSession {
    /// What ending a partnership takes off the subscriptions of the customers the two share,
    /// asked of the model before anything changes (issue 10 item 14): "" when nothing, else
    /// the clause the confirmation adds.
    func partnerOfRecordLoss(provider: AccountID?, reseller: AccountID?) -> String {
        guard let provider, let reseller else { return "" }
        let count = model.subscriptionsReleasedByEnding(provider: provider, reseller: reseller).count
        guard count > 0 else { return "" }
        return ", but \(count) of their subscription(s) that credit the reseller as partner of record or name it "
            + "support contact will have none"
    }

    /// Ends the partnership with `partner` (either side's page); what to show, done or not.
    func endPartnership(with partner: AccountID) -> String {
        do {
            return try execute(.endPartnership(partner: partner)).message
        } catch {
            return CommandFailure.message(error, doing: "Not ended")
        }
    }
}
