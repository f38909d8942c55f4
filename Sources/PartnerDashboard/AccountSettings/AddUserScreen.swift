import PartnerCore
import TerminalKit

/// User management › Add user: a name, a sign-in name in the account's
/// tenant, and roles (`.addUser`). Back on the list the new user is focused.
@MainActor
public final class AddUserScreen: Screen {
    private let session: DashboardSession
    private let onAdded: @MainActor (UserID, String) -> Void
    private var form: Form<String>
    private var notice: String?

    public init(session: DashboardSession, onAdded: @escaping @MainActor (UserID, String) -> Void = { _, _ in }) {
        self.session = session
        self.onAdded = onAdded
        let domain = session.account?.tenantDomain ?? "tenant"
        form = Form(fields: [
            .init("displayName", .text(TextField(label: "Name"))),
            .init("userPrincipalName", .text(TextField(label: "User name", placeholder: "name, before @\(domain)"))),
        ] + User.Role.allCases.map { role in
            .init(role.rawValue, .checkbox(Checkbox(label: "\(role.label) — \(UserRolesScreen.about(role))")))
        }, buttons: [Button("add", "Add user")])
    }

    public var title: String { "Add user" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    private var principal: String {
        let name = AccountRules.trim(form.text("userPrincipalName"))
        return name.contains("@") ? name : "\(name)@\(session.account?.tenantDomain ?? "")"
    }

    private var rules: FieldRules {
        let model = session.model
        let principal = self.principal
        return FieldRules([
            "displayName": AccountRules.required,
            "userPrincipalName": { value in
                if let problem = Validate.required(value) { return problem }
                if Validate.email(principal) != nil { return "must be a user name such as ben" }
                return model.user(principal: principal) != nil ? "\(principal) already exists" : nil
            },
        ])
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored: return nil
        case .left(let id): form.checkOnLeave(id, rules)
        case .pressed: return add()
        case .handled, .edited: break
        }
        return .handled
    }

    private func add() -> ScreenAction {
        guard form.checkAll(rules) else { return .handled }
        let roles = Set(User.Role.allCases.filter { form.isChecked($0.rawValue) })
        do {
            let receipt = try session.execute(.addUser(displayName: AccountRules.trim(form.text("displayName")),
                                                       userPrincipalName: principal, roles: roles))
            if let id = receipt.createdId { onAdded(id, receipt.message) }
            form.markSaved()
            return .pop
        } catch let refusal as DomainError {
            notice = form.show(refusal) ? nil : "Not added: \(refusal.message)"
        } catch {
            notice = CommandFailure.message(error, doing: "Not added")
        }
        return .handled
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var y = Paragraph.write("The user signs in as name@\(session.account?.tenantDomain ?? "tenant").", into: &grid, area: area, row: area.row)
        if let notice { y = Paragraph.write(notice, into: &grid, area: area, row: y, style: .warning) }
        form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width))
    }
}
