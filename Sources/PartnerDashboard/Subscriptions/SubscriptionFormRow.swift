import PartnerCore

/// The rows of the forms that change one subscription (Upgrade, At renewal): a field of
/// the subscription table, or a button.
enum SubscriptionFormRow: FieldRow {
    case field(SubscriptionField)
    case upgrade, schedule, clear

    init?(_ field: FieldRef) {
        guard case .subscription(let field) = field else { return nil }
        self = .field(field)
    }
}
