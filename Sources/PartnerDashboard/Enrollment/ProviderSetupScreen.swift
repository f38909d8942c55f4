import PartnerCore
import TerminalKit

/// Sign in › `n` › Provider setup: a new indirect provider account and its
/// first global admin, active at once (`.setUpProvider`). Esc leaves (the app
/// asks first once something was typed).
@MainActor
public final class ProviderSetupScreen: Screen {
    private let session: DashboardSession
    private var form: Form<String>
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        func text(_ id: String, _ label: String, _ placeholder: String = "") -> Form<String>.Field {
            .init(id, .text(TextField(label: label, placeholder: placeholder)))
        }
        form = Form(fields: [
            text("legalName", "Legal name"),
            text("mpnId", "MPN ID", "6–7 digits"),
            text("country", "Country/region", "two letters, e.g. US"),
            text("domainPrefix", "Tenant", "prefix, before .onmicrosoft.com"),
            text("address.line1", "Address"),
            text("address.city", "City"),
            text("address.state", "State/province", "optional"),
            text("address.postalCode", "Postal code", "optional"),
            text("primaryContact.name", "Primary contact"),
            text("primaryContact.email", "Contact email"),
            text("primaryContact.phone", "Contact phone"),
            text("supportContact.email", "Support email"),
            text("supportContact.phone", "Support phone"),
            text("supportContact.url", "Support website", "https://… (optional)"),
            text("adminDisplayName", "Global admin name"),
            text("adminUserName", "Global admin user", "name before @ your tenant"),
        ], buttons: [Button("create", "Create provider")])
    }

    public var title: String { "Provider setup" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    private var domain: String { Validate.tenantDomain(prefix: AccountRules.trim(form.text("domainPrefix")).lowercased()) }

    private var rules: FieldRules {
        var rules = AccountRules.profile
        let model = session.model
        rules["mpnId"] = { value in
            let mpn = AccountRules.trim(value)
            if let problem = Validate.mpnId(mpn) { return problem }
            return model.account(mpnId: mpn).map { "\(mpn) is already used by \($0.legalName)" }
        }
        rules["country"] = AccountRules.country
        let domain = self.domain
        rules["domainPrefix"] = { value in model.newTenantProblem(prefix: AccountRules.trim(value).lowercased()) }
        rules["adminDisplayName"] = AccountRules.required
        rules["adminUserName"] = { value in
            let name = AccountRules.trim(value)
            if let problem = Validate.required(name) { return problem }
            let principal = name.contains("@") ? name : "\(name)@\(domain)"
            return model.user(principal: principal) != nil ? "\(principal) already exists" : nil
        }
        return rules
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored: return nil
        case .left(let id): form.checkOnLeave(id, rules)
        case .pressed: return create()
        case .handled, .edited: break
        }
        return .handled
    }

    private func create() -> ScreenAction {
        guard form.checkAll(rules) else { return .handled }
        let t = { (id: String) in AccountRules.trim(self.form.text(id)) }
        let country = t("country").uppercased()
        let setup = ProviderSetup(
            legalName: t("legalName"), mpnId: t("mpnId"), country: country, domainPrefix: t("domainPrefix").lowercased(),
            address: PostalAddress(line1: t("address.line1"), city: t("address.city"), state: t("address.state"),
                                   postalCode: t("address.postalCode"), country: country),
            primaryContact: PrimaryContact(name: t("primaryContact.name"), email: t("primaryContact.email"), phone: t("primaryContact.phone")),
            supportContact: SupportInfo(email: t("supportContact.email"), phone: t("supportContact.phone"), url: t("supportContact.url")),
            adminDisplayName: t("adminDisplayName"), adminUserName: t("adminUserName"))
        do {
            let receipt = try session.execute(.setUpProvider(setup), as: .enrollee)
            guard let account = receipt.createdId, let admin = session.model.users(of: account).first else {
                notice = "Created, but the new account has no user to sign in as."
                return .handled
            }
            session.signIn(admin.id)
            return .reset(DashboardShell.homeScreen(for: session))
        } catch let refusal as DomainError {
            if !form.show(refusal) { notice = "Not created: \(refusal.message)" }
        } catch {
            notice = CommandFailure.message(error, doing: "Not created")
        }
        return .handled
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var y = Paragraph.write("A new indirect provider and its first global admin. You are signed in as that admin when it is created.",
                                into: &grid, area: area, row: area.row)
        if let notice { y = Paragraph.write("! " + notice, into: &grid, area: area, row: y, style: .warning) }
        form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width))
    }
}
