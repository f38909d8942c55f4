import PartnerCore
import TerminalKit

/// One line of the Customers tree, by identity: a customer, or a line of an expanded
/// customer's record. Focus follows this identity through filters, refreshes and resizes.
public enum CustomerTreeRow: Hashable, Sendable {
    case customer(CustomerID)
    /// The column titles above an expanded customer's subscriptions (not focusable).
    case subscriptionsHeader(CustomerID)
    /// "No subscriptions" under a customer that has none (not focusable).
    case noSubscriptions(CustomerID)
    case subscription(CustomerID, SubscriptionID)
    case action(CustomerID, CustomerRecordAction)

    public var customer: CustomerID {
        switch self {
        case .customer(let id), .subscriptionsHeader(let id), .noSubscriptions(let id),
             .subscription(let id, _), .action(let id, _):
            return id
        }
    }

    public var isCustomer: Bool {
        if case .customer = self { return true }
        return false
    }

    /// Header and note lines are read, never focused.
    public var isFocusable: Bool {
        switch self {
        case .subscriptionsHeader, .noSubscriptions: return false
        case .customer, .subscription, .action: return true
        }
    }
}

/// What an expanded record offers besides its subscriptions.
public enum CustomerRecordAction: Hashable, Sendable {
    /// Provider: a new subscription for this customer (New subscription page).
    case addSubscription
    /// Reseller: email the customer a reseller relationship request.
    case requestRelationship
    /// Remove a reseller of record (rule 8): the signed-in account itself, or (provider)
    /// one of its resellers. Its name is in the title.
    case removeResellerOfRecord(AccountID, name: String)

    public var title: String {
        switch self {
        case .addSubscription: return "Add subscription"
        case .requestRelationship: return "Request a reseller relationship"
        case .removeResellerOfRecord(_, let name): return "Remove \(name) as reseller of record"
        }
    }
}
