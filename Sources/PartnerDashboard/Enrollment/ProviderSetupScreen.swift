import PartnerCore
import TerminalKit

/// Sign in › `n` › Provider setup: a new indirect provider account and its
/// first global admin, active at once (`.setUpProvider`). Esc leaves (the app
/// asks first once something was typed).
@MainActor
public final class ProviderSetupScreen: Screen {
    private let session: DashboardSession
    private var form: Form<AccountRow>
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        let rows: [AccountRow] = [.profile(.legalName), .setup(.mpnId), .setup(.country), .setup(.domainPrefix)]
            + ([.line1, .city, .state, .postalCode] + AccountProfileField.contacts).map { .profile($0) }
            + [.setup(.adminDisplayName), .setup(.adminUserName)]
        form = Form(fields: rows.map { AccountRow.text($0, label: $0 == .setup(.domainPrefix) ? "Tenant" : nil) },
                    buttons: [Button(.create, "Create provider")])
    }

    public var title: String { "Provider setup" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    /// The account tables' checks and the model's, with the admin's tenant as typed so far.
    private var problem: RowCheck<AccountRow> {
        let domain = Validate.tenantDomain(prefix: form.value(.setup(.domainPrefix)))
        let model = session.model
        return { row, text in AccountRow.problem(row, text, model: model, tenantDomain: domain) }
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        form.handleSubmitting(key, checking: problem).map { $0 ? create() : .handled }
    }

    /// The button, with every field right.
    private func create() -> ScreenAction {
        let v = { (field: AccountProfileField) in self.form.value(.profile(field)) }
        let country = form.value(.setup(.country))
        let setup = ProviderSetup(
            legalName: v(.legalName), mpnId: form.value(.setup(.mpnId)), country: country,
            domainPrefix: form.value(.setup(.domainPrefix)),
            address: PostalAddress(line1: v(.line1), city: v(.city), state: v(.state), postalCode: v(.postalCode), country: country),
            primaryContact: PrimaryContact(name: v(.contactName), email: v(.contactEmail), phone: v(.contactPhone)),
            supportContact: SupportInfo(email: v(.supportEmail), phone: v(.supportPhone), url: v(.supportURL)),
            adminDisplayName: form.value(.setup(.adminDisplayName)), adminUserName: form.value(.setup(.adminUserName)))
        let outcome = session.submit(.setUpProvider(setup), as: .enrollee, doing: "Not created", placing: &form)
        guard let receipt = outcome.receipt(notice: &notice)
        else { return .handled }
        guard let account = receipt.createdId, let admin = session.model.users(of: account).first else {
            notice = "Created, but the new account has no user to sign in as."
            return .handled
        }
        session.signIn(admin.id)
        return .reset(DashboardShell.homeScreen(for: session))
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        FormPage.render("A new indirect provider and its first global admin. You are signed in as that admin when it is created.",
                        notice: notice.map { "! " + $0 }, form: &form, into: &grid, area: area)
    }
}
