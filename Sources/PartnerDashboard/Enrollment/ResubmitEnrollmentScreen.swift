import PartnerCore
import TerminalKit

/// Enrollment status › Correct and resubmit (docs/WORKFLOWS.md R11): a rejected enrollment's
/// MPN ID, and the legal name and address that go with it (issue 13 item 2), sent together
/// with `.resubmitEnrollment`. Another MPN ID is another organization profile: leaving the
/// field fills in its company, unless the name or address was edited here.
@MainActor
public final class ResubmitEnrollmentScreen: Screen {
    /// The MPN ID (the account setup table's row), the legal profile's rows, the button.
    enum Row: FieldRow {
        case field(AccountSetupField)
        case profile(AccountProfileField)
        case resubmit

        init?(_ field: FieldRef) {
            switch field {
            case .accountSetup(let field): self = .field(field)
            case .accountProfile(let field) where Self.legalProfile.contains(field): self = .profile(field)
            default: return nil
            }
        }

        /// What a resubmission corrects besides the MPN ID: the company it names.
        static let legalProfile: [AccountProfileField] = [.legalName] + AccountProfileField.address
    }

    private let session: DashboardSession
    private let onResubmitted: @MainActor (String) -> Void
    private var form: Form<Row>
    private var notice: String?
    /// The legal name and address the form was last filled with: what tells a value typed
    /// here from one to replace when another MPN ID is chosen.
    private var filled: [AccountProfileField: String] = [:]

    public init(session: DashboardSession, onResubmitted: @escaping @MainActor (String) -> Void = { _ in }) {
        self.session = session
        self.onResubmitted = onResubmitted
        form = Form(fields: [], buttons: [Button(.resubmit, "Resubmit")])
        if let account = session.account { form = filledForm(mpnId: account.mpnId, company: { account[$0] }) }
    }

    public var title: String { "Correct and resubmit" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    /// The form filled from `company`: the account's, or the organization profile's just chosen.
    private func filledForm(mpnId: String, company: (AccountProfileField) -> String) -> Form<Row> {
        filled = Dictionary(uniqueKeysWithValues: Row.legalProfile.map { ($0, company($0)) })
        return Form(fields: [.text(.field(.mpnId), AccountSetupField.mpnId.spec, mpnId)]
                        + Row.legalProfile.map { .text(.profile($0), $0.spec, filled[$0] ?? "", placeholder: "") },
                    buttons: [Button(.resubmit, "Resubmit")])
    }

    /// The table's rows and the model's check of an MPN ID linked to another account.
    private func problem(_ row: Row, _ text: String) -> String? {
        let value = trimmed(text)
        switch row {
        case .field(let field):
            return field.problem(value) ?? session.account.flatMap { session.model.resubmittedMpnIdProblem(value, for: $0.id) }
        case .profile(let field): return field.problem(value)
        case .resubmit: return nil
        }
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        let outcome = form.handleSubmitting(key, checking: problem)
        if form.focusedID != .field(.mpnId) { adoptProfile(of: trimmed(form.text(.field(.mpnId)))) }
        return outcome.map { $0 ? resubmit() : .handled }
    }

    /// Another MPN ID brings its profile's name and address, and the account's own MPN ID
    /// the account's, unless they were edited here.
    private func adoptProfile(of mpnId: String) {
        guard let account = session.account, Row.legalProfile.allSatisfy({ form.text(.profile($0)) == filled[$0] }) else { return }
        let company: (AccountProfileField) -> String
        if mpnId == account.mpnId {
            company = { account[$0] }
        } else if let profile = session.model.membershipProfiles[mpnId] {
            company = { $0 == .legalName ? profile.organizationName : profile.address[$0] ?? "" }
        } else {
            return
        }
        guard Row.legalProfile.contains(where: { company($0) != filled[$0] }) else { return }
        var adopted = filledForm(mpnId: form.text(.field(.mpnId)), company: company)
        adopted.focus(on: form.focusedID)
        form = adopted
    }

    /// The MPN ID with the legal name and address as shown: a resubmission takes them all.
    private func resubmit() -> ScreenAction {
        guard let account = session.account else { return .handled }
        let v = { (field: AccountProfileField) in trimmed(self.form.text(.profile(field))) }
        let command = Command.resubmitEnrollment(
            account: account.id, mpnId: trimmed(form.text(.field(.mpnId))), legalName: v(.legalName),
            address: PostalAddress(v, country: account.country))
        let outcome = session.submit(command, doing: "Not resubmitted", placing: &form)
        guard let receipt = outcome.receipt(notice: &notice) else { return .handled }
        form.markSaved()
        onResubmitted(receipt.message)
        return .pop
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var reason = "The enrollment was rejected."
        if case .rejected(let why)? = session.account?.enrollment { reason = "Rejected: \(why)." }
        FormPage.render(reason + " Give the MPN ID to review, and the legal name and address of the company it belongs to.",
                        notice: notice, form: &form, into: &grid, area: area)
    }
}
