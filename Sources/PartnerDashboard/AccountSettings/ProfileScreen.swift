import PartnerCore
import TerminalKit

/// Account settings › Profile: legal name, address, primary contact and
/// customer support contact, saved with `.updateAccountProfile`.
@MainActor
public final class ProfileScreen: Screen {
    private let session: DashboardSession
    private var form: Form<String>
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        let account = session.account
        let values: [(String, String, String?)] = [
            ("legalName", "Legal name", account?.legalName),
            ("address.line1", "Address", account?.address.line1),
            ("address.line2", "Address line 2", account?.address.line2),
            ("address.city", "City", account?.address.city),
            ("address.state", "State/province", account?.address.state),
            ("address.postalCode", "Postal code", account?.address.postalCode),
            ("primaryContact.name", "Primary contact", account?.primaryContact.name),
            ("primaryContact.email", "Contact email", account?.primaryContact.email),
            ("primaryContact.phone", "Contact phone", account?.primaryContact.phone),
            ("supportContact.email", "Support email", account?.supportContact.email),
            ("supportContact.phone", "Support phone", account?.supportContact.phone),
            ("supportContact.url", "Support website", account?.supportContact.url),
        ]
        form = Form(fields: values.map { .init($0.0, .text(TextField(label: $0.1, text: $0.2 ?? ""))) },
                    buttons: [Button("save", "Save")])
    }

    public var title: String { "Profile" }
    /// Account settings stays lit in the menu when the `:` palette opens this page directly.
    public var menuItemID: String? { DashboardPage.accountSettings.rawValue }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored: return nil
        case .left(let id): form.check(id, AccountRules.profile)
        case .pressed: save()
        case .handled, .edited: break
        }
        return .handled
    }

    private func save() {
        guard let account = session.account else { return }
        guard form.checkAll(AccountRules.profile) else {
            notice = "Not saved: correct the fields marked !"
            return
        }
        let t = { (id: String) in AccountRules.trim(self.form.text(id)) }
        let change = AccountProfileChange(
            legalName: t("legalName"),
            address: PostalAddress(line1: t("address.line1"), line2: t("address.line2"), city: t("address.city"),
                                   state: t("address.state"), postalCode: t("address.postalCode"), country: account.address.country),
            primaryContact: PrimaryContact(name: t("primaryContact.name"), email: t("primaryContact.email"), phone: t("primaryContact.phone")),
            supportContact: SupportInfo(email: t("supportContact.email"), phone: t("supportContact.phone"), url: t("supportContact.url")))
        do {
            try session.execute(.updateAccountProfile(change))
            form.markSaved()
            notice = "Profile saved"
        } catch let refusal as DomainError {
            notice = form.show(refusal) ? nil : "Not saved: \(refusal.message)"
        } catch {
            notice = CommandFailure.message(error, doing: "Not saved")
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let account = session.account, let user = session.user else { return }
        var y = Paragraph.write("MPN ID \(account.mpnId) · \(account.tenantDomain) · country/region \(account.country)",
                                into: &grid, area: area, row: area.row)
        if !user.isAdmin {
            y = Paragraph.write("Only global admins and admin agents can change the profile.", into: &grid, area: area, row: y, style: .dim)
        }
        if let notice {
            y = Paragraph.write(notice, into: &grid, area: area, row: y, style: notice.hasPrefix("Not") ? .warning : .bold)
        }
        form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width))
    }
}
