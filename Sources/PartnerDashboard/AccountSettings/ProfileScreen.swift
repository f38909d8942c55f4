import PartnerCore
import TerminalKit

/// Account settings › Profile: legal name, address, primary contact and
/// customer support contact, saved with `.updateAccountProfile`.
@MainActor
public final class ProfileScreen: Screen {
    private let session: DashboardSession
    private var form: Form<AccountRow>
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        let account = session.account
        let values: [AccountProfileField: String] = [
            .legalName: account?.legalName ?? "",
            .line1: account?.address.line1 ?? "", .line2: account?.address.line2 ?? "", .city: account?.address.city ?? "",
            .state: account?.address.state ?? "", .postalCode: account?.address.postalCode ?? "",
            .contactName: account?.primaryContact.name ?? "", .contactEmail: account?.primaryContact.email ?? "",
            .contactPhone: account?.primaryContact.phone ?? "", .supportEmail: account?.supportContact.email ?? "",
            .supportPhone: account?.supportContact.phone ?? "", .supportURL: account?.supportContact.url ?? "",
        ]
        // The values are there to edit: no examples in the empty ones.
        form = Form(fields: AccountProfileField.allCases.map { AccountRow.text(.profile($0), values[$0] ?? "", placeholder: "") },
                    buttons: [Button(.save, "Save")])
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
        case .left(let id): form.check(id, problem)
        case .pressed: save()
        case .handled, .edited: break
        }
        return .handled
    }

    private func problem(_ row: AccountRow, _ text: String) -> String? {
        AccountRow.problem(row, text, model: session.model, tenantDomain: session.account?.tenantDomain ?? "")
    }

    private func save() {
        guard let account = session.account else { return }
        guard form.checkAll(problem) else {
            notice = "Not saved: correct the fields marked !"
            return
        }
        let v = { (field: AccountProfileField) in self.form.value(.profile(field)) }
        let change = AccountProfileChange(
            legalName: v(.legalName),
            address: PostalAddress(line1: v(.line1), line2: v(.line2), city: v(.city), state: v(.state),
                                   postalCode: v(.postalCode), country: account.address.country),
            primaryContact: PrimaryContact(name: v(.contactName), email: v(.contactEmail), phone: v(.contactPhone)),
            supportContact: SupportInfo(email: v(.supportEmail), phone: v(.supportPhone), url: v(.supportURL)))
        let outcome = session.submit(.updateAccountProfile(change), doing: "Not saved", placing: &form)
        if outcome.receipt(notice: &notice) != nil {
            form.markSaved()
            notice = "Profile saved"
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
