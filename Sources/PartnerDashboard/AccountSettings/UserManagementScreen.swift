import PartnerCore
import TerminalKit

/// Account settings › User management: the account's users and their roles.
/// Enter opens a user's roles (the Admin agent toggle and Update, step 9 of
/// the reseller enrollment); `a` adds a user.
@MainActor
public final class UserManagementScreen: Screen {
    enum Action: Hashable, Sendable { case roles, add }

    static let keymap = Keymap<Action>("User management", [
        KeyBinding([.enter], .roles, hint: "roles", help: "see and change the selected user's roles"),
        KeyBinding([.character("a")], .add, hint: "add user", help: "add a user to the account"),
    ])

    private let session: DashboardSession
    private var list = FilteredTable<UserID>(columns: [
        TableColumn("Name", .flexible(min: 12)),
        TableColumn("Sign-in name", .flexible(min: 22), hiddenBelow: 64),
        TableColumn("Roles", .flexible(min: 18)),
    ], emptyText: "No users match the filter.")
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        reload()
    }

    public var title: String { "User management" }
    /// Account settings stays lit in the menu when the `:` palette opens this page directly.
    public var menuItemID: String? { DashboardPage.accountSettings.rawValue }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard !list.isTyping else { return false }
            return action == .add || list.selectedID != nil
        }
    }

    public var keyHints: [KeyHint] { list.keyHints + available.hints }

    /// Rows follow the model, so roles changed on the next page show on return.
    public func modelDidChange() { reload() }

    private func reload() {
        guard let account = session.account else { return }
        let users = session.model.users(of: account.id)
        list.setRows(users.map(\.id)) { [model = session.model] id in
            model.users[id].map { "\($0.displayName) \($0.userPrincipalName) \($0.rolesLabel)" } ?? ""
        }
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if list.handle(key) { return .handled }
        switch available.action(for: key) {
        case .roles:
            guard let id = list.selectedID else { return nil }
            notice = nil
            return .push(UserRolesScreen(session: session, user: id))
        case .add:
            notice = nil
            return .push(AddUserScreen(session: session) { [weak self] id, message in
                self?.reload()
                self?.list.select(id)
                self?.notice = message
            })
        case nil:
            return nil
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var y = area.row
        if let user = session.user, let remedy = session.model.adminAgentRemedy(for: user.id) {
            y = Paragraph.write(remedy.hint, into: &grid, area: area, row: y, style: .warning)
        }
        if let notice { y = Paragraph.write(notice, into: &grid, area: area, row: y, style: .bold) }
        let me = session.user?.id
        let model = session.model
        list.render(into: &grid, area: Rect(row: y, col: area.col, height: area.bottom - y, width: area.width), focused: true) { id in
            guard let user = model.users[id] else { return TableRow([]) }
            return TableRow([user.displayName + (id == me ? " (you)" : ""), user.userPrincipalName,
                             user.roles.isEmpty ? "no roles" : user.rolesLabel])
        }
    }
}
