import PartnerCore
import TerminalKit

/// Account settings › Membership Center profile: registers an organization profile with
/// the Partner Membership Center stand-in (`.registerMembershipProfile`, as `membership
/// add` does), so a reseller can be enrolled with it from the dashboard alone. The rows are
/// the membership profile's table, and the address the account profile's, which checks it
/// because enrollment copies it there.
@MainActor
public final class MembershipProfileScreen: Screen {
    enum Row: FieldRow {
        case field(MembershipProfileField)
        case address(AccountProfileField)
        case active, cspEnrolled
        case register

        init?(_ field: FieldRef) {
            switch field {
            case .membershipProfile(let field): self = .field(field)
            case .accountProfile(let field) where AccountProfileField.address.contains(field): self = .address(field)
            default: return nil
            }
        }

        var spec: FieldSpec? {
            switch self {
            case .field(let field): return field.spec
            case .address(let field): return field.spec
            default: return nil
            }
        }
    }

    private let session: DashboardSession
    private var form: Form<Row>
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        form = Self.emptyForm()
    }

    private static func emptyForm() -> Form<Row> {
        let texts: [Row] = MembershipProfileField.allCases.map(Row.field) + AccountProfileField.address.map(Row.address)
        var fields = texts.map { row in Form<Row>.Field.text(row, row.spec ?? FieldSpec("", max: 0, .choice)) }
        fields.append(.init(.active, .checkbox(Checkbox(label: "Active",
                                                        isChecked: true))))
        fields.append(.init(.cspEnrolled, .checkbox(Checkbox(label: "Already enrolled in CSP"))))
        return Form(fields: fields, buttons: [Button(.register, "Register profile")])
    }

    public var title: String { "Membership Center profile" }
    /// Account settings stays lit in the menu when the `:` palette opens this page directly.
    public var menuItemID: String? { DashboardPage.accountSettings.rawValue }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    /// The table's check, then the model's: an MPN ID without a profile yet.
    private func problem(_ row: Row, _ text: String) -> String? {
        let value = Self.value(row, text)
        if let problem = row.spec?.problem(value) { return problem }
        return row == .field(.mpnId) ? session.model.newMembershipProfileProblem(mpnId: value) : nil
    }

    /// A value as the command carries it: trimmed, a country in upper case.
    private static func value(_ row: Row, _ text: String) -> String {
        row == .field(.country) ? trimmed(text).uppercased() : trimmed(text)
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        form.handleSubmitting(key, checking: problem).map { $0 ? register() : .handled }
    }

    /// The button, with every field right; the form empties for the next profile.
    private func register() -> ScreenAction {
        let v = { (row: Row) in Self.value(row, self.form.text(row)) }
        let country = v(.field(.country))
        let profile = MembershipProfile(
            mpnId: v(.field(.mpnId)), organizationName: v(.field(.organizationName)), country: country,
            pmcUserName: v(.field(.pmcUserName)), isActive: form.isChecked(.active), isCSPEnrolled: form.isChecked(.cspEnrolled),
            address: PostalAddress({ v(.address($0)) }, country: country))
        let outcome = session.submit(.registerMembershipProfile(profile), doing: "Not registered", placing: &form)
        guard outcome.receipt(notice: &notice) != nil else { return .handled }
        form = Self.emptyForm()
        notice = "Registered \(profile.organizationName) (MPN ID \(profile.mpnId)) for PMC user \(profile.pmcUserName)"
        return .handled
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        FormPage.render("An organization profile in the Partner Membership Center: enrolling as a reseller links one "
                        + "by its MPN ID, through its PMC user name.", notice: notice, form: &form, into: &grid, area: area)
    }
}
