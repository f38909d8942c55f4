import PartnerCore
import TerminalKit

/// The Dashboard menu's pages, in menu order. Which appear depends on the
/// signed-in account's kind, and on which pages have been built.
public enum DashboardPage: String, CaseIterable, Sendable {
    case home
    case indirectResellers
    case indirectProviders
    case customers
    case invitations
    case activityLog
    case accountSettings
    case openInvitationLink
    /// Back to Sign in to be someone else (both sides of an invitation).
    case switchUser

    public var title: String {
        switch self {
        case .home: return "Home"
        case .indirectResellers: return "Indirect resellers"
        case .indirectProviders: return "Indirect providers"
        case .customers: return "Customers"
        case .invitations: return "Invitations"
        case .activityLog: return "Activity log"
        case .accountSettings: return "Account settings"
        case .openInvitationLink: return "Open invitation link"
        case .switchUser: return "Switch user"
        }
    }

    /// A provider works with resellers; a reseller with providers.
    public func applies(to kind: PartnerAccount.Kind) -> Bool {
        switch self {
        case .indirectResellers: return kind == .indirectProvider
        case .indirectProviders: return kind == .indirectReseller
        default: return true
        }
    }

    /// Whether the page reads customers, orders, subscriptions or the activity log (so
    /// waits for them while a large workspace loads). Home counts what it has and says
    /// "counting…" for the rest; Switch user needs only the users.
    public var needsWholeModel: Bool { self != .home && self != .switchUser }

    /// The menu's name for the page, where "Open invitation link" would not fit 80 columns.
    public var menuTitle: String { self == .openInvitationLink ? "Invitation link" : title }

    public var menuItem: MenuItem { MenuItem(id: rawValue, title: menuTitle) }
}
