import PartnerCore
import TerminalKit

/// Account settings (menu page): the account's profile, its users and their
/// roles, and, for a provider, its listing on Microsoft's indirect providers
/// list; for a reseller, its enrollment status.
@MainActor
public final class AccountSettingsScreen: Screen {
    enum Section: Hashable, Sendable {
        case profile, users, listing, enrollment, membership

        var title: String {
            switch self {
            case .profile: return "Profile"
            case .users: return "User management"
            case .listing: return "Provider listing"
            case .enrollment: return "Enrollment status"
            case .membership: return "Membership Center profile"
            }
        }

        var about: String {
            switch self {
            case .profile: return "Legal name, address, primary contact and customer support contact."
            case .users: return "The account's users and their roles. Admin agents act for customers and manage users."
            case .listing: return "Your entry on Microsoft's official indirect providers list, and the support requests that change it (two to three weeks)."
            case .enrollment: return "Where the account's enrollment as an indirect reseller stands."
            case .membership: return "Register an organization profile with the Partner Membership Center, for a reseller to enroll with."
            }
        }
    }

    enum Action: Hashable, Sendable { case open }

    static let keymap = Keymap<Action>("Account settings", [
        KeyBinding([.enter], .open, hint: "open", help: "open the selected settings page"),
    ])

    private let session: DashboardSession
    private var sections: SelectList<Section>

    public init(session: DashboardSession) {
        self.session = session
        sections = SelectList(options: Self.sections(for: session.account?.kind).map { .init($0, $0.title) })
    }

    /// The settings pages an account of this kind has, in the order listed here and in the
    /// `:` palette.
    static func sections(for kind: PartnerAccount.Kind?) -> [Section] {
        [.profile, .users, kind == .indirectProvider ? .listing : .enrollment, .membership]
    }

    public var title: String { DashboardPage.accountSettings.title }
    public var menuItemID: String? { DashboardPage.accountSettings.rawValue }
    public var keyHints: [KeyHint] { sections.keyHints + Self.keymap.hints }

    /// Opens a settings page directly (the `:` palette's way in).
    static func screen(_ section: Section, session: DashboardSession) -> any Screen {
        switch section {
        case .profile: return ProfileScreen(session: session)
        case .users: return UserManagementScreen(session: session)
        case .listing: return ProviderListingScreen(session: session)
        case .enrollment: return EnrollmentStatusScreen(session: session, page: .accountSettings)
        case .membership: return MembershipProfileScreen(session: session)
        }
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if sections.handle(key) { return .handled }
        switch Self.keymap.action(for: key) {
        case .open:
            guard let section = sections.selected?.id else { return .handled }
            return .push(Self.screen(section, session: session))
        case nil:
            return nil
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let account = session.account, let user = session.user else { return }
        var y = area.row
        grid.write(account.legalName, row: y, col: area.col, maxWidth: area.width, style: .title)
        y = Paragraph.write("\(account.kind.label) · MPN ID \(account.mpnId) · \(account.tenantDomain)",
                            into: &grid, area: area, row: y + 1)
        y = Paragraph.write("You: \(user.displayName) (\(user.rolesLabel))", into: &grid, area: area, row: y)
        y += 1
        let count = sections.options.count
        sections.render(into: &grid, area: Rect(row: y, col: area.col, height: count, width: min(area.width, 28)), focused: true)
        y += count + 1
        if let section = sections.selected?.id {
            Paragraph.write(section.about, into: &grid, area: area, row: y, style: .dim)
        }
    }
}
