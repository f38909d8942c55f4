import PartnerCore
import TerminalKit

/// Enroll as a new indirect reseller (docs/WORKFLOWS.md R2–R8):
/// Welcome → Azure AD tenant → MPN ID (Partner Membership Center user) →
/// organization profile → business profile → Enroll now. Enrolling runs as
/// `.enrollee`, then signs the new global admin in and shows the status page
/// (email verification, review, active or rejected).
///
/// One screen walks the steps over one `EnrollmentDraft`, so Back and Next
/// keep what was typed. Esc leaves the wizard (the app asks first once
/// something was typed).
@MainActor
public final class EnrollmentScreen: Screen {
    enum Step: Int, CaseIterable {
        case welcome, tenant, membership, profile, business

        var title: String {
            switch self {
            case .welcome: return "Welcome"
            case .tenant: return "Azure AD tenant"
            case .membership: return "MPN ID"
            case .profile: return "Organization profile"
            case .business: return "Business profile"
            }
        }

        var previous: Step { Step(rawValue: rawValue - 1) ?? .welcome }
    }

    enum ProfileAction: Hashable, Sendable { case choose, signInAgain }

    static let profileKeymap = Keymap<ProfileAction>("Organization profile", [
        KeyBinding([.enter], .choose, hint: "continue", help: "continue with the selected organization profile"),
        KeyBinding([.character("c")], .signInAgain, hint: "sign in again",
                   help: "cancel and sign in again as another Partner Membership Center user"),
    ])


    static let tenantFields: Set<AccountRow> = [.tenantMode, .setup(.domainPrefix), .setup(.tenant), .setup(.tenantCountry),
                                                .setup(.adminDisplayName), .setup(.adminUserName)]

    private let session: DashboardSession
    private let draft: EnrollmentDraft
    private(set) var step: Step = .welcome
    private(set) var form: Form<AccountRow>
    private var profiles = TableView<String>(columns: [
        TableColumn("MPN ID", .fixed(7)),
        TableColumn("Organization", .flexible(min: 14)),
        TableColumn("Country", .fixed(7)),
        TableColumn("Status", .flexible(min: 16)),
    ], emptyText: "No organization profiles.")
    private var profileList: [String: MembershipProfile] = [:]
    /// A refusal or hint that belongs to the step rather than to one field.
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        draft = EnrollmentDraft()
        form = Self.makeForm(.welcome, draft)
    }

    public var title: String { "Enrollment" }
    public var pageNote: String? { "Step \(step.rawValue + 1) of \(Step.allCases.count) · \(step.title)" }
    public var hasUnsavedChanges: Bool { draft.hasInput }

    public var inputMode: InputMode {
        step != .profile && form.isEditingText ? .text : .navigation
    }

    private var profileKeys: Keymap<ProfileAction> {
        Self.profileKeymap.only { $0 == .signInAgain || profiles.selectedID != nil }
    }

    public var keyHints: [KeyHint] {
        if step == .profile { return profiles.keyHints + profileKeys.hints }
        return form.keyHints
    }

    // MARK: Steps

    private static func text(_ row: AccountRow, _ draft: EnrollmentDraft) -> Form<AccountRow>.Field {
        AccountRow.text(row, draft[row])
    }

    private static func makeForm(_ step: Step, _ draft: EnrollmentDraft) -> Form<AccountRow> {
        switch step {
        case .welcome, .profile:
            return Form(fields: [], buttons: [Button(.next, "Next")])
        case .tenant:
            let mode = Form<AccountRow>.Field(.tenantMode, .choice(ChoiceField(
                label: "Tenant", options: EnrollmentDraft.TenantMode.allCases.map(\.label), selectedIndex: draft.tenantMode.rawValue)))
            let domain = text(draft.tenantMode == .create ? .setup(.domainPrefix) : .setup(.tenant), draft)
            let admin = [AccountSetupField.tenantCountry, .adminDisplayName, .adminUserName].map { text(.setup($0), draft) }
            return Form(fields: [mode, domain] + admin, buttons: [Button(.next, "Next"), Button(.back, "Back")])
        case .membership:
            return Form(fields: [text(.setup(.pmcUserName), draft)], buttons: [Button(.signIn, "Sign in"), Button(.back, "Back")])
        case .business:
            let fields = draft.isAlreadyEnrolledInCSP ? AccountProfileField.contacts : AccountProfileField.allCases
            return Form(fields: fields.map { text(.profile($0), draft) }, buttons: [Button(.enroll, "Enroll now"), Button(.back, "Back")])
        }
    }

    private func problem(_ row: AccountRow, _ text: String) -> String? {
        AccountRow.problem(row, text, model: session.model, tenantDomain: draft.tenantDomain)
    }

    private func go(_ next: Step) {
        step = next
        notice = nil
        form = Self.makeForm(next, draft)
        if next == .profile { loadProfiles() }
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        if step == .profile { return handleProfile(key) }
        switch form.handle(key) {
        case .ignored:
            return nil
        case .handled:
            return .handled
        case .edited(let id):
            keep(id)
            if id == .tenantMode {
                form = Self.makeForm(.tenant, draft)
                form.focus(on: id)
            }
            return .handled
        case .left(let id):
            keep(id)
            form.checkOnLeave(id, problem)
            return .handled
        case .pressed(let id):
            return press(id)
        }
    }

    /// Copies a field into the draft as it changes, so any way out of the step keeps it.
    private func keep(_ id: AccountRow) {
        if id == .tenantMode {
            draft.tenantMode = EnrollmentDraft.TenantMode(rawValue: form.choice(id) ?? 0) ?? .create
        } else {
            draft[id] = form.text(id)
        }
    }

    private func press(_ id: AccountRow) -> ScreenAction {
        switch id {
        case .back:
            go(step.previous)
        case .next:
            if step == .welcome || form.checkAll(problem) { go(Step(rawValue: step.rawValue + 1) ?? step) }
        case .signIn:
            guard form.checkAll(problem) else { break }
            let user = draft.value(.setup(.pmcUserName))
            if session.model.membershipProfiles(pmcUser: user).isEmpty {
                // The Membership Center is outside this program; the command line stands in for it.
                form.setMessage("\(user) has no organization profile in the Partner Membership Center "
                    + "(register one with `partnerdash membership add`)", for: .setup(.pmcUserName))
            } else {
                go(.profile)
            }
        case .enroll:
            if form.checkAll(problem) { return enroll() }
        default:
            break
        }
        return .handled
    }

    // MARK: Organization profile (step 7)

    private var selectedProfile: MembershipProfile? { profiles.selectedID.flatMap { profileList[$0] } }

    private func loadProfiles() {
        let list = session.model.membershipProfiles(pmcUser: draft.value(.setup(.pmcUserName)))
        profileList = Dictionary(uniqueKeysWithValues: list.map { ($0.mpnId, $0) })
        profiles.setRows(list.map(\.mpnId))
        if let chosen = draft.profile { profiles.select(chosen.mpnId) }
    }

    /// Why a profile would not do, in the words of step 7's "Important" note.
    private func warnings(_ profile: MembershipProfile) -> [String] {
        var problems: [String] = []
        if !profile.isActive { problems.append("not active") }
        if profile.country != draft.tenantCountry { problems.append("in \(profile.country), tenant in \(draft.tenantCountry)") }
        return problems
    }

    private func linkedAccount(_ profile: MembershipProfile) -> PartnerAccount? {
        session.model.account(mpnId: profile.mpnId)
    }

    private func handleProfile(_ key: KeyEvent) -> ScreenAction? {
        if profiles.handle(key) { return .handled }
        switch profileKeys.action(for: key) {
        case .choose:
            guard let profile = selectedProfile else { return nil }
            if let linked = linkedAccount(profile) {
                notice = "MPN ID \(profile.mpnId) is already linked to \(linked.legalName); choose another profile or sign in again."
                return .handled
            }
            let problems = warnings(profile)
            guard problems.isEmpty else {
                return .confirm(title: "Use this profile?",
                                message: ["The profile of MPN ID \(profile.mpnId) is " + problems.joined(separator: " and ") + ".",
                                          "The profile must be active and in the tenant's country/region;",
                                          "the review will reject the enrollment otherwise."],
                                choices: ConfirmChoices(keep: "Choose another", proceed: "Continue anyway")) { [self] in
                    adopt(profile)
                    return .handled
                }
            }
            adopt(profile)
            return .handled
        case .signInAgain:
            draft[.setup(.pmcUserName)] = ""
            draft.profile = nil
            go(.membership)
            return .handled
        case nil:
            return nil
        }
    }

    private func adopt(_ profile: MembershipProfile) {
        draft.adopt(profile)
        go(.business)
    }

    // MARK: Enroll now

    private func enroll() -> ScreenAction {
        var placing = PlacedBy { [self] refusal in place(refusal) }
        let outcome = session.submit(.enrollReseller(draft.enrollment), as: .enrollee, doing: "Not enrolled", placing: &placing)
        guard let receipt = outcome.receipt(notice: &notice) else { return .handled }
        guard let account = receipt.createdId, let admin = session.model.users(of: account).first else {
            notice = "Enrolled, but the new account has no user to sign in as."
            return .handled
        }
        session.signIn(admin.id)
        return .reset(EnrollmentStatusScreen(session: session, page: .home))
    }

    /// Takes the person to the step a refusal's field is on, then shows it there; false
    /// when the field is on no form (the chosen MPN ID, a refusal about the account).
    private func place(_ refusal: DomainError) -> Bool {
        guard var row = refusal.fieldRef.flatMap(AccountRow.init) else { return false }
        // A new tenant's domain is refused as the tenant; it is typed as its prefix.
        if row == .setup(.tenant) && draft.tenantMode == .create { row = .setup(.domainPrefix) }
        let target: Step
        switch row {
        case _ where Self.tenantFields.contains(row): target = .tenant
        case .setup(.pmcUserName): target = .membership
        case .setup(.mpnId): target = .profile
        default: target = .business
        }
        if target != step { go(target) }
        guard target != .profile, case .text? = form.control(row) else { return false }
        form.setMessage(refusal.message, for: row)
        form.focus(on: row)
        return true
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        var y = area.row
        for line in intro {
            y = Paragraph.write(line, into: &grid, area: area, row: y, hanging: line.hasPrefix("• ") ? 2 : 0)
        }
        if let notice {
            y = Paragraph.write("! " + notice, into: &grid, area: area, row: y + 1, style: .warning)
        }
        let rest = Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width)
        if step == .profile {
            renderProfiles(into: &grid, area: rest)
        } else {
            form.render(into: &grid, area: rest)
        }
    }

    private var intro: [String] {
        switch step {
        case .welcome:
            return [
                "Enroll your organization as an indirect reseller in the Cloud Solution Provider program. Have these at hand:",
                "• Global administrator credentials for your organization's Azure AD tenant (or create a tenant now)",
                "• The user name you use to sign in to the Partner Membership Center, to link your MPN ID",
                "• Your organization's legal business name, address, primary contact and support details",
                "Reviewing your enrollment can take several days; we email your primary contact when it is done.",
            ]
        case .tenant:
            let domain = draft.tenantMode == .create
                ? "Your new tenant: " + (draft[.setup(.domainPrefix)].isEmpty ? "prefix.onmicrosoft.com" : draft.tenantDomain)
                : "Enter your tenant's domain and its global admin's name and user."
            return ["Sign in to your organization's Azure AD tenant as a global administrator, or create a new tenant.", domain]
        case .membership:
            return ["We link your organization's MPN ID to the new account. Enter the user name you use to sign in to the Partner Membership Center (PMC), then Sign in."]
        case .profile:
            return ["Select the organization profile with the MPN ID linked to your incentives, benefits and competencies. It must be active and in the same country/region as your tenant (\(draft.tenantCountry))."]
        case .business:
            if draft.isAlreadyEnrolledInCSP, let profile = draft.profile {
                return ["\(profile.organizationName) (MPN ID \(profile.mpnId)) is already enrolled in CSP: only your primary contact and customer support information are needed."]
            }
            return ["Your organization's legal business profile, primary contact and customer support information. We email the primary contact a code to verify the address."]
        }
    }

    private func renderProfiles(into grid: inout CellGrid, area: Rect) {
        let (tableArea, footer) = area.splitBottom(2)
        let rows = profileList
        profiles.render(into: &grid, area: tableArea, focused: true) { [self] mpn in
            guard let profile = rows[mpn] else { return TableRow([]) }
            var status = warnings(profile).map { "! " + $0 }
            if let linked = linkedAccount(profile) { status.append("! linked to \(linked.legalName)") }
            if status.isEmpty { status = [profile.isCSPEnrolled ? "active · in CSP" : "active"] }
            return TableRow([profile.mpnId, profile.organizationName, profile.country, status.joined(separator: "; ")],
                            style: status.first?.hasPrefix("!") == true ? .warning : .plain)
        }
        Paragraph.write("Not listed? Press c to cancel and sign in again with the user of the profile you want.",
                        into: &grid, area: footer, row: footer.row, style: .dim)
    }
}
