import PartnerCore
import TerminalKit

/// One user's roles: a checkbox per role, Admin agent among them, and
/// Update (`.setUserRoles`). Refusals (the last global admin keeping the
/// role, a user who may not manage users) are shown on the page.
@MainActor
public final class UserRolesScreen: Screen {
    private let session: DashboardSession
    private let userID: UserID
    private var form: Form<String>
    private(set) var notice: (text: String, isRefusal: Bool)?

    static func about(_ role: User.Role) -> String {
        switch role {
        case .globalAdmin: return "manages the account and its users"
        case .adminAgent: return "acts for customers, manages users"
        case .salesAgent: return "customers and orders, read-only"
        case .helpdeskAgent: return "service requests"
        }
    }

    /// The roles the checkboxes started from: what tells a choice made here from a change
    /// another process made since.
    private var original: Set<User.Role>

    public init(session: DashboardSession, user: UserID) {
        self.session = session
        userID = user
        original = session.model.users[user]?.roles ?? []
        form = Self.form(original)
        // Step 9's one change is Admin agent: start there.
        form.focus(on: User.Role.adminAgent.rawValue)
    }

    private static func form(_ roles: Set<User.Role>) -> Form<String> {
        Form(fields: User.Role.allCases.map { role in
            .init(role.rawValue, .checkbox(Checkbox(label: "\(role.label) — \(Self.about(role))", isChecked: roles.contains(role))))
        }, buttons: [Button("update", "Update")])
    }

    public var title: String { session.model.users[userID]?.displayName ?? "User" }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored: return nil
        case .pressed: update()
        case .handled, .edited, .left: break
        }
        return .handled
    }

    private var chosenRoles: Set<User.Role> { Set(User.Role.allCases.filter { form.isChecked($0.rawValue) }) }

    private func update() {
        do {
            let receipt = try session.execute(.setUserRoles(user: userID, roles: chosenRoles))
            original = chosenRoles
            form.markSaved()
            notice = ("Updated: " + receipt.message, false)
        } catch let refusal as DomainError {
            notice = ("Not updated: \(refusal.message)", true)
        } catch {
            notice = (CommandFailure.message(error, doing: "Not updated"), true)
        }
    }

    // MARK: Changes made elsewhere

    /// Another process changed this user's roles. Untouched, the checkboxes show them as
    /// they now are; with choices in progress they stay, and the page says so: Update sets
    /// exactly the roles checked here.
    public func modelDidChange() {
        // Users are never removed, only their roles change.
        guard let user = session.model.users[userID], user.roles != original else { return }
        let now = user.roles.isEmpty ? "none" : user.rolesLabel
        if form.isDirty {
            notice = ("Changed elsewhere since you opened it: roles now \(now). Your choices are kept; Update sets exactly the roles checked here.", true)
        } else {
            let focused = form.focusedID
            original = user.roles
            form = Self.form(original)
            form.focus(on: focused)
            notice = ("Changed elsewhere: roles now \(now). Shown as they are now.", true)
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let user = session.model.users[userID] else { return }
        var y = area.row
        grid.write(user.userPrincipalName, row: y, col: area.col, maxWidth: area.width, style: .bold)
        y = Paragraph.write("Roles now: " + (user.roles.isEmpty ? "none" : user.rolesLabel), into: &grid, area: area, row: y + 1)
        y = Paragraph.write("Space checks or unchecks a role; Update saves them.", into: &grid, area: area, row: y, style: .dim)
        if let notice {
            y = Paragraph.write(notice.text, into: &grid, area: area, row: y + 1, style: notice.isRefusal ? .warning : .bold)
        }
        form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width))
    }
}
