import PartnerCore
import TerminalKit

/// User management › Add user: a name, a sign-in name in the account's
/// tenant, and roles (`.addUser`). Back on the list the new user is focused.
@MainActor
public final class AddUserScreen: Screen {
    /// The user table's fields, then a checkbox per role and the button.
    enum Row: FieldRow {
        case field(UserField)
        case role(User.Role)
        case add

        init?(_ field: FieldRef) {
            guard case .user(let field) = field else { return nil }
            self = .field(field)
        }
    }

    private let session: DashboardSession
    private let onAdded: @MainActor (UserID, String) -> Void
    private var form: Form<Row>
    private var notice: String?

    public init(session: DashboardSession, onAdded: @escaping @MainActor (UserID, String) -> Void = { _, _ in }) {
        self.session = session
        self.onAdded = onAdded
        let domain = session.account?.tenantDomain ?? "tenant"
        form = Form(fields: [
            .text(.field(.displayName), UserField.displayName.spec),
            .text(.field(.userPrincipalName), UserField.userPrincipalName.spec, placeholder: "name, before @\(domain)"),
        ] + User.Role.allCases.map { role in
            .init(.role(role), .checkbox(Checkbox(label: "\(role.label) — \(UserRolesScreen.about(role))")))
        }, buttons: [Button(.add, "Add user")])
    }

    public var title: String { "Add user" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    private var tenantDomain: String { session.account?.tenantDomain ?? "" }

    /// The user table's check, then the model's: a user name of this tenant, not taken.
    private func problem(_ row: Row, _ text: String) -> String? {
        guard case .field(let field) = row else { return nil }
        let value = trimmed(text)
        if let problem = field.problem(value) { return problem }
        return field == .userPrincipalName ? session.model.newUserProblem(value, tenantDomain: tenantDomain) : nil
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        form.handleSubmitting(key, checking: problem).map { $0 ? add() : .handled }
    }

    /// The button, with every field right.
    private func add() -> ScreenAction {
        let roles = Set(User.Role.allCases.filter { form.isChecked(.role($0)) })
        let principal = Validate.principal(trimmed(form.text(.field(.userPrincipalName))), in: tenantDomain)
        let command = Command.addUser(displayName: trimmed(form.text(.field(.displayName))), userPrincipalName: principal, roles: roles)
        let outcome = session.submit(command, doing: "Not added", placing: &form)
        guard let receipt = outcome.receipt(notice: &notice) else { return .handled }
        if let id = receipt.createdId { onAdded(id, receipt.message) }
        form.markSaved()
        return .pop
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        FormPage.render("The user signs in as name@\(session.account?.tenantDomain ?? "tenant").", notice: notice, form: &form,
                        into: &grid, area: area)
    }
}
