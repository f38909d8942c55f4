import PartnerCore
import TerminalKit

/// Account settings › Profile: legal name, address, primary contact and
/// customer support contact, saved with `.updateAccountProfile`.
@MainActor
public final class ProfileScreen: Screen {
    private let session: DashboardSession
    private var form: Form<AccountRow>
    private var notice: String?

    /// The profile as it was when the form was filled: what tells an edit made here from
    /// a value another process changed since.
    private var original: [AccountProfileField: String]

    public init(session: DashboardSession) {
        self.session = session
        original = Self.values(of: session.account)
        form = Self.form(original)
    }

    /// Every profile field's value as the account holds it now.
    static func values(of account: PartnerAccount?) -> [AccountProfileField: String] {
        var values: [AccountProfileField: String] = [:]
        for field in AccountProfileField.allCases { values[field] = account?[field] ?? "" }
        return values
    }

    private static func form(_ values: [AccountProfileField: String]) -> Form<AccountRow> {
        // The values are there to edit: no examples in the empty ones.
        Form(fields: AccountProfileField.allCases.map { AccountRow.text(.profile($0), values[$0] ?? "", placeholder: "") },
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
        let v = valueToSave
        let change = AccountProfileChange(
            legalName: v(.legalName),
            address: PostalAddress(line1: v(.line1), line2: v(.line2), city: v(.city), state: v(.state),
                                   postalCode: v(.postalCode), country: account.address.country),
            primaryContact: PrimaryContact(name: v(.contactName), email: v(.contactEmail), phone: v(.contactPhone)),
            supportContact: SupportInfo(email: v(.supportEmail), phone: v(.supportPhone), url: v(.supportURL)))
        let outcome = session.submit(.updateAccountProfile(change), doing: "Not saved", placing: &form)
        if outcome.receipt(notice: &notice) != nil {
            reload()
            notice = "Profile saved"
        }
    }

    /// What Save sends for a field: the value typed here when it was edited, else the
    /// account's value now, so a change another process made to a field left alone here
    /// is never undone by the old value the form still shows.
    private func valueToSave(_ field: AccountProfileField) -> String {
        let typed = form.value(.profile(field))
        return typed != original[field] ? typed : session.account?[field] ?? typed
    }

    /// Fills the form with the account as it is now, keeping the focus.
    private func reload() {
        let focused = form.focusedID
        original = Self.values(of: session.account)
        form = Self.form(original)
        form.focus(on: focused)
    }

    // MARK: Changes made elsewhere

    /// Another process changed the profile. Untouched, the page shows it as it now is;
    /// with edits in progress it keeps them and says which fields changed under it.
    public func modelDidChange() {
        let now = Self.values(of: session.account)
        let changed = AccountProfileField.allCases.filter { now[$0] != original[$0] }
        guard !changed.isEmpty else { return }
        let what = changed.map { $0.label.lowercased() }.joined(separator: ", ")
        if form.isDirty {
            notice = "Changed elsewhere since you opened it: \(what). Your edits are kept; Save sends only them."
        } else {
            reload()
            notice = "Changed elsewhere: \(what). Shown as it is now."
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
            y = Paragraph.write(notice, into: &grid, area: area, row: y, style: notice.hasPrefix("Not") || notice.hasPrefix("Changed") ? .warning : .bold)
        }
        form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width))
    }
}
