/// What of the model a command's decision reads besides the small collections (accounts,
/// users, membership profiles, listings, invitations, partnerships) and the catalog. A
/// store that has not read the rest may decide such a command on a model that holds only
/// what is named here (PartnerStore's `commit(reading:deciding:)`), and gets the decision
/// the whole model gives: the same transaction, the same refusal.
public enum DecisionScope: Equatable, Sendable {
    /// Anything: the whole model.
    case wholeModel
    /// The subscription and its customer (for rule 6's visibility and the audit entry), and
    /// nothing else; the decision changes that subscription alone, under the same customer.
    case subscription(SubscriptionID)
}

extension Command {
    /// What deciding this command reads (`DecisionScope`). A subscription's update,
    /// cancellation, upgrade and change at renewal are narrowed: each goes through
    /// `liveSubscription` and `subscriptionDecision`, so it reads the signed-in admin agent,
    /// the subscription, its customer, the catalog and the resellers (partner of record,
    /// support contact) among the small collections, and records one `subscriptionUpdated`
    /// of that subscription under that customer.
    public var decisionScope: DecisionScope {
        switch self {
        case .updateSubscription(let id, _), .cancelSubscription(let id), .upgradeSubscription(let id, _),
             .scheduleNextTerm(let id, _):
            .subscription(id)
        default: .wholeModel
        }
    }
}
