import Foundation

/// What a user without the Admin agent role is told (rule 9): adding customers and ordering
/// need it, and the way to it depends on who they are. A global admin gives it to itself
/// (docs/WORKFLOWS.md R12); anyone else asks a global admin, whom Partner Center says to find
/// in User management, so the hint names them.
public enum AdminAgentRemedy: Equatable, Sendable {
    /// The user may change roles: it adds itself to the admin agent group.
    case giveYourself
    /// Only a global admin can give it the role: their display names.
    case askAGlobalAdmin([String])

    /// One sentence for Home, the order wizard and User management.
    public var hint: String {
        let need = "You are not an admin agent, which adding customers and placing orders need"
        switch self {
        case .giveYourself:
            return need + ": Account settings › User management, select your name, then Admin agent and Update."
        case .askAGlobalAdmin(let names) where names.isEmpty:
            return need + "; only a global admin can give you the role."
        case .askAGlobalAdmin(let names):
            return need + "; only a global admin can give you the role: ask \(names.joined(separator: " or "))."
        }
    }
}

extension PartnerModel {
    /// An account's global admins, by name: who may give its users roles.
    public func globalAdmins(of account: AccountID) -> [User] {
        users(of: account).filter { $0.roles.contains(.globalAdmin) }
    }

    /// Nil for an admin agent (or an unknown user); otherwise how this user gets the role.
    /// Follows `decideSetRoles`: global admins and admin agents change roles.
    public func adminAgentRemedy(for userId: UserID) -> AdminAgentRemedy? {
        guard let user = users[userId], !user.isAdminAgent else { return nil }
        if user.isAdmin { return .giveYourself }
        return .askAGlobalAdmin(globalAdmins(of: user.accountId).map(\.displayName))
    }
}
