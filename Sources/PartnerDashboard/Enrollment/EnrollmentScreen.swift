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


    static let tenantFields: Set<String> = ["tenantMode", "domainPrefix", "tenant", "tenantCountry", "adminDisplayName", "adminUserName"]

    private let session: DashboardSession
    private let draft: EnrollmentDraft
    private(set) var step: Step = .welcome
    private var form: Form<String>
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

    private static func text(_ id: String, _ label: String, _ draft: EnrollmentDraft, placeholder: String = "") -> Form<String>.Field {
        .init(id, .text(TextField(label: label, text: draft[id], placeholder: placeholder)))
    }

    private static func makeForm(_ step: Step, _ draft: EnrollmentDraft) -> Form<String> {
        switch step {
        case .welcome, .profile:
            return Form(fields: [], buttons: [Button("next", "Next")])
        case .tenant:
            let mode = Form<String>.Field("tenantMode", .choice(ChoiceField(
                label: "Tenant", options: EnrollmentDraft.TenantMode.allCases.map(\.label), selectedIndex: draft.tenantMode.rawValue)))
            let domain = draft.tenantMode == .create
                ? text("domainPrefix", "New tenant", draft, placeholder: "prefix, before .onmicrosoft.com")
                : text("tenant", "Tenant domain", draft, placeholder: "contoso.onmicrosoft.com")
            return Form(fields: [
                mode, domain,
                text("tenantCountry", "Country/region", draft, placeholder: "two letters, e.g. US"),
                text("adminDisplayName", "Global admin name", draft),
                text("adminUserName", "Global admin user", draft, placeholder: "name before @ your tenant"),
            ], buttons: [Button("next", "Next"), Button("back", "Back")])
        case .membership:
            return Form(fields: [text("pmcUserName", "PMC user name", draft, placeholder: "you@yourcompany.example")],
                        buttons: [Button("signIn", "Sign in"), Button("back", "Back")])
        case .business:
            let support = [
                text("supportContact.email", "Support email", draft),
                text("supportContact.phone", "Support phone", draft),
                text("supportContact.url", "Support website", draft, placeholder: "https://… (optional)"),
            ]
            let full = [
                text("legalName", "Legal name", draft),
                text("address.line1", "Address", draft),
                text("address.line2", "Address line 2", draft, placeholder: "optional"),
                text("address.city", "City", draft),
                text("address.state", "State/province", draft, placeholder: "optional"),
                text("address.postalCode", "Postal code", draft, placeholder: "optional"),
                text("primaryContact.name", "Primary contact", draft),
                text("primaryContact.email", "Contact email", draft),
                text("primaryContact.phone", "Contact phone", draft),
            ]
            return Form(fields: draft.isAlreadyEnrolledInCSP ? support : full + support,
                        buttons: [Button("enroll", "Enroll now"), Button("back", "Back")])
        }
    }

    private var rules: FieldRules {
        var rules = AccountRules.profile
        let model = session.model
        let draft = self.draft
        rules["domainPrefix"] = { value in model.newTenantProblem(prefix: AccountRules.trim(value).lowercased()) }
        rules["tenant"] = { value in
            let domain = AccountRules.trim(value).lowercased()
            let suffix = ".onmicrosoft.com"
            guard domain.hasSuffix(suffix), Validate.domainPrefix(String(domain.dropLast(suffix.count))) == nil else {
                return "must be an Azure AD tenant domain such as contoso.onmicrosoft.com"
            }
            return model.takenDomains.contains(domain) ? "\(domain) already belongs to another account or customer" : nil
        }
        rules["tenantCountry"] = AccountRules.country
        rules["adminDisplayName"] = AccountRules.required
        rules["adminUserName"] = { value in
            let name = AccountRules.trim(value)
            if let problem = Validate.required(name) { return problem }
            let principal = name.contains("@") ? name : "\(name)@\(draft.tenantDomain)"
            if Validate.email(principal) != nil { return "must be a user name such as admin" }
            return model.user(principal: principal) != nil ? "\(principal) already exists" : nil
        }
        rules["pmcUserName"] = AccountRules.required
        return rules
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
            if id == "tenantMode" {
                form = Self.makeForm(.tenant, draft)
                form.focus(on: id)
            }
            return .handled
        case .left(let id):
            keep(id)
            form.checkOnLeave(id, rules)
            return .handled
        case .pressed(let id):
            return press(id)
        }
    }

    /// Copies a field into the draft as it changes, so any way out of the step keeps it.
    private func keep(_ id: String) {
        if id == "tenantMode" {
            draft.tenantMode = EnrollmentDraft.TenantMode(rawValue: form.choice(id) ?? 0) ?? .create
        } else {
            draft[id] = form.text(id)
        }
    }

    private func press(_ id: String) -> ScreenAction {
        switch id {
        case "back":
            go(step.previous)
        case "next":
            if step == .welcome || form.checkAll(rules) { go(Step(rawValue: step.rawValue + 1) ?? step) }
        case "signIn":
            guard form.checkAll(rules) else { break }
            let user = AccountRules.trim(draft["pmcUserName"])
            if session.model.membershipProfiles(pmcUser: user).isEmpty {
                // The Membership Center is outside this program; the command line stands in for it.
                form.setMessage("\(user) has no organization profile in the Partner Membership Center "
                    + "(register one with `partnerdash membership add`)", for: "pmcUserName")
            } else {
                go(.profile)
            }
        case "enroll":
            if form.checkAll(rules) { return enroll() }
        default:
            break
        }
        return .handled
    }

    // MARK: Organization profile (step 7)

    private var selectedProfile: MembershipProfile? { profiles.selectedID.flatMap { profileList[$0] } }

    private func loadProfiles() {
        let list = session.model.membershipProfiles(pmcUser: AccountRules.trim(draft["pmcUserName"]))
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
            draft["pmcUserName"] = ""
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
        do {
            let receipt = try session.execute(.enrollReseller(draft.enrollment), as: .enrollee)
            guard let account = receipt.createdId, let admin = session.model.users(of: account).first else {
                notice = "Enrolled, but the new account has no user to sign in as."
                return .handled
            }
            session.signIn(admin.id)
            return .reset(EnrollmentStatusScreen(session: session, page: .home))
        } catch let refusal as DomainError {
            place(refusal)
        } catch {
            notice = CommandFailure.message(error, doing: "Not enrolled")
        }
        return .handled
    }

    /// Takes the person to the step and field a refusal names.
    private func place(_ refusal: DomainError) {
        var field = refusal.field
        if field == "tenant" && draft.tenantMode == .create { field = "domainPrefix" }
        let target: Step
        if Self.tenantFields.contains(field) {
            target = .tenant
        } else if field == "pmcUserName" {
            target = .membership
        } else if field == "mpnId" {
            target = .profile
        } else {
            target = .business
        }
        if target != step { go(target) }
        var placed = refusal
        placed.field = field
        if !form.show(placed) || target == .profile { notice = "Not enrolled: \(refusal.message)" }
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
                ? "Your new tenant: " + (draft["domainPrefix"].isEmpty ? "prefix.onmicrosoft.com" : draft.tenantDomain)
                : "Enter your tenant's domain and its global admin's name and user."
            return ["Sign in to your organization's Azure AD tenant as a global administrator, or create a new tenant.", domain]
        case .membership:
            return ["We link your organization's MPN ID to the new account. Enter the user name you use to sign in to the Partner Membership Center (PMC), then Sign in."]
        case .profile:
            return ["Select the organization profile with the MPN ID linked to your incentives, benefits and competencies. It must be active and in the same country/region as your tenant (\(draft.tenantCountry))."]
        case .business:
            if draft.isAlreadyEnrolledInCSP, let profile = draft.profile {
                return ["\(profile.organizationName) (MPN ID \(profile.mpnId)) is already enrolled in CSP: only your customer support information is needed."]
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
