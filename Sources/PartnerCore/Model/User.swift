import Foundation

/// A person who signs in as one account. What they may do follows their roles.
public struct User: Equatable, Sendable, Codable, Identifiable {
    public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
        case globalAdmin, adminAgent, salesAgent, helpdeskAgent

        public var label: String {
            switch self {
            case .globalAdmin: return "Global admin"
            case .adminAgent: return "Admin agent"
            case .salesAgent: return "Sales agent"
            case .helpdeskAgent: return "Helpdesk agent"
            }
        }

        public static func < (a: Role, b: Role) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var id: UserID
    public var accountId: AccountID
    public var displayName: String
    /// Sign-in name, e.g. `ana@contoso.onmicrosoft.com`; unique in the workspace.
    public var userPrincipalName: String
    public var roles: Set<Role>

    public init(id: UserID, accountId: AccountID, displayName: String, userPrincipalName: String, roles: Set<Role>) {
        self.id = id
        self.accountId = accountId
        self.displayName = displayName
        self.userPrincipalName = userPrincipalName
        self.roles = roles
    }

    public var isAdminAgent: Bool { roles.contains(.adminAgent) }
    /// Global admins and admin agents may manage users and partnerships.
    public var isAdmin: Bool { roles.contains(.adminAgent) || roles.contains(.globalAdmin) }
    public var rolesLabel: String { roles.sorted().map(\.label).joined(separator: ", ") }
}
