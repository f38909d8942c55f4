import Foundation
import PartnerCore
import PartnerWorkspace
import TerminalKit

/// Where a reseller's enrollment stands, and the one thing to do next:
/// enter the code mailed to the primary contact, check the review, or (once
/// active) add yourself to the admin agent group (docs/WORKFLOWS.md
/// R9–R12); a rejected one is corrected and resubmitted on the next page. Home and Account settings show this page until the account is active.
@MainActor
public final class EnrollmentStatusScreen: Screen {
    /// The one field a state asks for (the account setup table's), or the button.
    enum Row: FieldRow {
        case field(AccountSetupField)
        case verify, check, correct, users

        init?(_ field: FieldRef) {
            guard case .accountSetup(let field) = field else { return nil }
            self = .field(field)
        }
    }

    private let session: DashboardSession
    private let page: DashboardPage
    private var form: Form<Row>?
    /// The outcome of the last action, or the enrollment's receipt.
    private var notice: String?
    /// The outbox file holding the verification code, while one is awaited.
    private var mailFile: String?

    public init(session: DashboardSession, page: DashboardPage = .home, notice: String? = nil) {
        self.session = session
        self.page = page
        self.notice = notice
        rebuild()
    }

    public var title: String { "Enrollment status" }
    public var menuItemID: String? { page.rawValue }
    public var inputMode: InputMode { form?.isEditingText == true ? .text : .navigation }
    public var keyHints: [KeyHint] { form?.keyHints ?? [] }

    private var account: PartnerAccount? { session.account }

    /// The form follows the state: a code to enter, a review to check, or the way to User management.
    private func rebuild() {
        mailFile = nil
        switch account?.enrollment {
        case .pendingEmailVerification:
            form = Form(fields: [.text(.field(.verificationCode), AccountSetupField.verificationCode.spec)],
                        buttons: [Button(.verify, "Verify")])
            if let email = account?.primaryContact.email {
                mailFile = Self.verificationMail(in: session.outbox, to: email)
            }
        case .underReview:
            form = Form(fields: [], buttons: [Button(.check, "Check status")])
        case .active:
            form = Form(fields: [], buttons: [Button(.users, "Open User management")])
        case .rejected:
            form = Form(fields: [], buttons: [Button(.correct, "Correct and resubmit")])
        case nil:
            form = nil
        }
    }

    /// The newest message in the outbox that carries a verification code for `email`.
    static func verificationMail(in outbox: Outbox, to email: String) -> String? {
        for url in outbox.messages().reversed() {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            if text.contains("To: \(email)\r\n") && text.contains("Subject: Verify your email") { return url.lastPathComponent }
        }
        return nil
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        guard var form else { return nil }
        let outcome = form.handle(key)
        self.form = form
        switch outcome {
        case .ignored: return nil
        case .pressed(.verify): verify()
        case .pressed(.check): check()
        case .pressed(.correct):
            return .push(ResubmitEnrollmentScreen(session: session) { [weak self] message in
                self?.notice = message
                self?.rebuild()
            })
        case .pressed(.users): return .push(UserManagementScreen(session: session))
        default: break
        }
        return .handled
    }

    private func verify() {
        guard let account, let code = form?.text(.field(.verificationCode)) else { return }
        submit(.verifyEnrollmentEmail(account: account.id, code: code), doing: "Not verified")
    }

    private func check() {
        guard let account else { return }
        do {
            try session.execute(.reviewEnrollment(account: account.id))
            notice = session.account?.isActive == true ? "Checked: the enrollment is approved" : "Checked: the enrollment was not approved"
            rebuild()
        } catch {
            notice = CommandFailure.message(error, doing: "Not checked")
        }
    }

    /// Runs what the one field asked for. A refusal of that field goes back to it, with
    /// the reason under it, so it can be typed again.
    private func submit(_ command: Command, doing: String) {
        guard var form else { return }
        let outcome = session.submit(command, doing: doing, placing: &form)
        self.form = form
        if let receipt = outcome.receipt(notice: &notice) {
            notice = receipt.message
            rebuild()
        }
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let account, let user = session.user else { return }
        grid.write(account.legalName, row: area.row, col: area.col, maxWidth: area.width, style: .title)
        var y = Paragraph.write("\(account.kind.label) · MPN ID \(account.mpnId) · \(account.tenantDomain)",
                                into: &grid, area: area, row: area.row + 1)
        y = Paragraph.write("Primary contact: \(account.primaryContact.name) · \(account.primaryContact.email)",
                            into: &grid, area: area, row: y)
        let done = progress(account.enrollment)
        let steps = zip(["Submitted", "Email verified", "Reviewed"], done).map { ($1 ? "[x] " : "[ ] ") + $0 }
        grid.write(steps.joined(separator: "  "), row: y + 1, col: area.col, maxWidth: area.width)
        y += 2
        switch account.enrollment {
        case .rejected: y = Paragraph.write("Status: Rejected", into: &grid, area: area, row: y, style: .warning)
        case .active: y = Paragraph.write("Status: Active", into: &grid, area: area, row: y, style: .bold)
        default: y = Paragraph.write("Status: " + account.enrollment.label, into: &grid, area: area, row: y, style: .warning)
        }
        y = Paragraph.write(explanation(account, user), into: &grid, area: area, row: y)
        if let mailFile {
            y = Paragraph.write("Mail: outbox/\(mailFile)", into: &grid, area: area, row: y, style: .dim)
        }
        if var form {
            let height = min(form.preferredHeight(width: area.width), area.bottom - y - 1)
            form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: height, width: area.width))
            self.form = form
            y += 1 + height
        }
        if let notice {
            Paragraph.write(notice, into: &grid, area: area, row: y + 1, style: .bold)
        }
    }

    private func progress(_ status: EnrollmentStatus) -> [Bool] {
        switch status {
        case .pendingEmailVerification: return [true, false, false]
        case .underReview: return [true, true, false]
        case .active, .rejected: return [true, true, true]
        }
    }

    private func explanation(_ account: PartnerAccount, _ user: User) -> String {
        switch account.enrollment {
        case .pendingEmailVerification:
            return "We emailed a verification code to \(account.primaryContact.email). Enter it to confirm that the primary contact signed up and that the address is your organization's; the review starts then."
        case .underReview:
            return "Email verified. The review checks the MPN ID, that its organization profile is active and in the tenant's country/region, and that the tenant is free. Check status for the outcome."
        case .active:
            if user.isAdminAgent {
                return "Your Partner Center account is ready, and you are in the admin agent group: you can add users and act for customers."
            }
            return "Your Partner Center account is ready. To finish setting up, including adding users, you need admin agent permissions: Account settings › User management › select your name › Admin agent › Update."
        case .rejected(let reason):
            return "We could not approve the enrollment: \(reason). Fix the organization profile in the Partner Membership Center, or give another of your organization's MPN IDs with the legal name and address that go with it, and resubmit: the review runs again."
        }
    }
}
