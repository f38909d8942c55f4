import Foundation
import PartnerCore
import TerminalKit

/// Open invitation link: paste the personalized link from an email, see who
/// invites whom for what, then answer it the way its kind asks
/// (docs/WORKFLOWS.md R17–R18, and the
/// customer's side, R23 and R27):
/// the invited reseller's admin checks "I authorize this indirect provider";
/// the customer accepts, giving its company details when it is new. A link of
/// the other kind, an expired, withdrawn or answered one, or a wrong token is
/// one message and changes nothing (rule 7).
@MainActor
public final class OpenInvitationLinkScreen: Screen {
    /// Who is answering: a partnership link is the signed-in reseller's to
    /// answer, a customer link the customer's (who has no account here).
    enum Role { case partner, customer }


    private enum ID {
        static let answerAs = "answerAs", link = "link", authorize = "authorize", customerKind = "customerKind",
                   domain = "domain", authorizeButton = "authorizeButton", consent = "consent", decline = "decline"
    }

    /// The consent page's company details, named as the domain names them in
    /// its refusals so a refusal lands beside its field.
    static let details: [(id: String, label: String, placeholder: String)] = [
        ("companyName", "Company name", ""),
        ("domainPrefix", "Domain prefix", "e.g. contoso → contoso.onmicrosoft.com"),
        ("firstName", "First name", ""),
        ("lastName", "Last name", ""),
        ("email", "Email", "e.g. name@example.com"),
        ("phone", "Phone", "e.g. +1 425 555 0100"),
        ("address.line1", "Address", ""),
        ("address.city", "City", ""),
        ("address.state", "State", "optional"),
        ("address.postalCode", "Postal code", ""),
        ("address.country", "Country", "e.g. US"),
        ("culture", "Culture", "e.g. en-US"),
        ("language", "Language", "e.g. en"),
    ]

    private let session: DashboardSession
    private var form: Form<String>
    /// Every control typed into, also those hidden for now (New ↔ Existing keeps both).
    private var kept: [String: FormControl] = [:]
    /// Each control's value when it first appeared, for "discard changes?".
    private var initial: [String: String] = [:]
    private var invitation: Invitation?
    private var link: InvitationLink?
    /// A partnership link signed in as an admin of the invited reseller.
    private var canAuthorize = false
    private var notice: String?
    private var result: String?

    public init(session: DashboardSession) {
        self.session = session
        // A checkbox rather than a choice: ← stays free to reach the menu from this page.
        let asCustomer = session.account?.kind == .indirectProvider
        form = Form(fields: [
            .init(ID.answerAs, .checkbox(Checkbox(label: "Answer as the invited customer", isChecked: asCustomer))),
            .init(ID.link, .text(TextField(label: "Link", placeholder: InvitationLink.prefix + "…?token=…"))),
        ], buttons: [])
        form.focus(on: ID.link)
        for field in form.fields { initial[field.id] = field.control.value }
    }

    public var title: String { DashboardPage.openInvitationLink.title }
    public var menuItemID: String? { DashboardPage.openInvitationLink.rawValue }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }

    /// Answers typed (company details, the checkbox) would be lost; a pasted link is not worth asking about.
    public var hasUnsavedChanges: Bool {
        form.fields.contains { $0.id != ID.answerAs && $0.id != ID.link && initial[$0.id] != $0.control.value }
    }

    public var keyHints: [KeyHint] { form.keyHints }

    private var role: Role { form.isChecked(ID.answerAs) ? .customer : .partner }

    // MARK: Reading the link

    /// Looks the pasted link up and decides what the page may offer.
    private func evaluate() {
        invitation = nil
        link = nil
        notice = nil
        canAuthorize = false
        form.setMessage(nil, for: ID.link)
        let text = form.text(ID.link).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return }
        guard let parsed = InvitationLink(parsing: text) else {
            form.setMessage("is not an invitation link (\(InvitationLink.prefix)ID?token=…); paste it exactly as emailed", for: ID.link)
            return
        }
        let found: Invitation
        do {
            found = try session.model.openInvitation(parsed, at: session.now)
        } catch {
            notice = String(describing: error)
            return
        }
        let model = session.model
        switch (found.kind.isForCustomer, role) {
        case (false, .customer):
            notice = "This is a partnership invitation to \(model.partnerName(found.toAccountId)), not a customer's: "
                + "only an admin of that reseller can answer it, signed in as themselves (rule 7)."
            return
        case (true, .partner):
            notice = "This is a customer's invitation (\(found.kind.label.lowercased())) sent to \(found.email): "
                + "the customer answers it, not a partner account. Check \"Answer as the invited customer\" (rule 7)."
            return
        case (false, .partner):
            if let account = session.account, let user = session.user, found.toAccountId == account.id, user.isAdmin {
                canAuthorize = true
            } else {
                notice = "Only an admin of \(model.partnerName(found.toAccountId)) can authorize this invitation: "
                    + "sign in as one of its admins and open the link again."
            }
        case (true, .customer):
            break
        }
        invitation = found
        link = parsed
    }

    /// Lays the form out for what the link allows, keeping every value typed.
    private func rebuild(focusOn target: String? = nil) {
        for field in form.fields { kept[field.id] = field.control }
        // A link read and left shows from its start, not where typing ended.
        if form.focusedID != ID.link, case .text(var field)? = kept[ID.link] {
            _ = field.handle(.home)
            kept[ID.link] = .text(field)
        }
        let focused = target ?? form.focusedID
        var fields: [Form<String>.Field] = []
        func add(_ id: String, _ fresh: FormControl) {
            if initial[id] == nil { initial[id] = fresh.value }
            fields.append(.init(id, kept[id] ?? fresh))
        }
        add(ID.answerAs, .checkbox(Checkbox(label: "Answer as the invited customer")))
        add(ID.link, .text(TextField(label: "Link")))
        var buttons: [Button<String>] = []
        if invitation != nil, canAuthorize {
            add(ID.authorize, .checkbox(Checkbox(label: "I authorize this indirect provider")))
            buttons = [Button(ID.authorizeButton, "Authorize indirect provider"), Button(ID.decline, "Decline")]
        } else if let invitation, invitation.kind.isForCustomer {
            let existing = invitation.customerId.flatMap { session.model.customers[$0] }
            if let existing {
                add(ID.customerKind, .choice(ChoiceField(label: "Your company", options: ["Existing customer"])))
                add(ID.domain, .text(TextField(label: "Tenant domain", text: existing.companyProfile.domain)))
            } else {
                add(ID.customerKind, .choice(ChoiceField(label: "Your company", options: ["New customer", "Existing customer"])))
                if case .choice(let kind)? = kept[ID.customerKind], kind.selectedIndex == 1 {
                    add(ID.domain, .text(TextField(label: "Tenant domain", placeholder: "contoso.onmicrosoft.com")))
                } else {
                    for detail in Self.details {
                        add(detail.id, .text(TextField(label: detail.label, text: defaultValue(detail.id, invitation),
                                                       placeholder: detail.placeholder)))
                    }
                }
            }
            buttons = [Button(ID.consent, "Accept and authorize"), Button(ID.decline, "Decline")]
        }
        form = Form(fields: fields, buttons: buttons)
        form.focus(on: focused)
    }

    private func defaultValue(_ id: String, _ invitation: Invitation) -> String {
        switch id {
        case "email": return invitation.email
        case "culture": return "en-US"
        case "language": return "en"
        default: return ""
        }
    }

    /// The first control that answers the invitation, where focus goes once the link is read.
    private var firstAnswer: String? {
        form.fields.first { ![ID.answerAs, ID.link].contains($0.id) }?.id ?? form.buttons.first?.id
    }

    // MARK: Validation on leave

    private func check(_ id: String) -> String? {
        let value = form.text(id).trimmingCharacters(in: .whitespaces)
        switch id {
        case "companyName", "firstName", "lastName", "address.line1", "address.city", "address.postalCode":
            return Validate.required(value)
        case "domainPrefix": return session.model.newTenantProblem(prefix: value)
        case "email": return Validate.email(value)
        case "phone": return Validate.phone(value)
        case "address.country": return Validate.country(value)
        case "culture": return Validate.culture(value)
        case "language": return Validate.language(value)
        case ID.domain: return Validate.required(value)
        default: return nil
        }
    }

    private func validate(_ id: String) {
        guard case .text? = form.control(id) else { return }
        form.setMessage(check(id), for: id)
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        let lines = topLines(width: area.width)
        let shown = min(lines.count, max(0, area.height - 6))
        for (i, line) in lines.prefix(shown).enumerated() {
            grid.write(line.0, row: area.row + i, col: area.col, maxWidth: area.width, style: line.1)
        }
        form.render(into: &grid, area: area.splitTop(shown + 1).1)
    }

    private func topLines(width: Int) -> [(String, CellStyle)] {
        func wrap(_ text: String, _ style: CellStyle) -> [(String, CellStyle)] {
            TextWrap.lines(text, width: width).map { ($0, style) }
        }
        var lines: [(String, CellStyle)] = []
        if let result { lines += wrap("Done: " + result, .bold) }
        if let invitation {
            let about = InvitationDescription(invitation, model: session.model, day: session.day)
            lines += wrap(about.heading + " · pending", CellStyle([.bold, .underline]))
            lines += wrap(about.sentence, .plain)
            lines.append((about.dates, .dim))
        } else if notice == nil && result == nil {
            lines += wrap("Paste the personalized link from an invitation email and press Enter to see who invites whom "
                + "for what. The invited reseller's admin authorizes a provider; a customer accepts a reseller's "
                + "invitation, giving its company details when it is new.", .plain)
        }
        if let notice { lines += wrap("! " + notice, .warning) }
        return lines
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        let linkBefore = form.text(ID.link)
        switch form.handle(key) {
        case .ignored:
            return nil
        case .edited(ID.answerAs):
            result = nil
            evaluate()
            rebuild()
        case .edited(ID.customerKind):
            rebuild()
        case .edited(ID.authorize):
            notice = nil
        case .edited(ID.link):
            // Moving the cursor is not a new link.
            guard form.text(ID.link) != linkBefore else { break }
            result = nil
            if invitation != nil || notice != nil {
                invitation = nil
                notice = nil
                canAuthorize = false
                rebuild()
            }
            form.setMessage(nil, for: ID.link)
        case .left(ID.link):
            evaluate()
            rebuild()
            // Forward from the link goes to what it asks for; back (Shift-Tab, ↑) stays back.
            if key != .backTab && key != .up {
                if let first = firstAnswer {
                    form.focus(on: first)
                } else if key == .enter {
                    form.focus(on: ID.link)
                }
            }
        case .left(let id):
            validate(id)
        case .pressed(let id):
            return press(id)
        case .edited, .handled:
            break
        }
        return ScreenAction.handled
    }

    private func press(_ id: String) -> ScreenAction {
        guard let invitation, let link else { return ScreenAction.handled }
        switch id {
        case ID.authorizeButton:
            return run(.authorizeProvider(invitation: invitation.id, token: link.token, authorized: form.isChecked(ID.authorize)),
                       as: nil)
        case ID.consent:
            return consent(invitation, link)
        case ID.decline:
            let who = session.model.partnerName(invitation.fromAccountId)
            return .confirm(title: "Decline invitation?", message: ["\(who)'s invitation will be declined,", "and its link stops working."],
                            choices: ConfirmChoices(keep: "Keep it", proceed: "Decline")) { [self] in decline() }
        default:
            return ScreenAction.handled
        }
    }

    private func consent(_ invitation: Invitation, _ link: InvitationLink) -> ScreenAction {
        let answer: CustomerConsent
        if form.control(ID.domain) != nil {
            validate(ID.domain)
            if form.control(ID.domain)?.message != nil {
                form.focus(on: ID.domain)
                return ScreenAction.handled
            }
            answer = .existing(domain: form.text(ID.domain).trimmingCharacters(in: .whitespaces))
        } else {
            for detail in Self.details { validate(detail.id) }
            if let bad = Self.details.first(where: { form.control($0.id)?.message != nil }) {
                form.focus(on: bad.id)
                return .message("Some company details need attention")
            }
            func v(_ id: String) -> String { form.text(id).trimmingCharacters(in: .whitespaces) }
            answer = .new(NewCustomer(
                companyName: v("companyName"), domainPrefix: v("domainPrefix"), firstName: v("firstName"), lastName: v("lastName"),
                email: v("email"), phone: v("phone"), culture: v("culture"), language: v("language"),
                address: PostalAddress(line1: v("address.line1"), city: v("address.city"), state: v("address.state"),
                                       postalCode: v("address.postalCode"), country: v("address.country"))))
        }
        return run(.consentToInvitation(invitation.id, token: link.token, customer: answer), as: .customer(email: invitation.email))
    }

    private func decline() -> ScreenAction {
        guard let invitation, let link else { return ScreenAction.handled }
        let actor: Actor? = invitation.kind.isForCustomer ? .customer(email: invitation.email) : nil
        return run(.declineInvitation(invitation.id, token: link.token), as: actor)
    }

    /// Runs the answer as the signed-in user (nil) or the customer; a refusal
    /// shows beside its field, or above the form, and changes nothing.
    private func run(_ command: Command, as actor: Actor?) -> ScreenAction {
        do {
            let receipt = try actor.map { try session.execute(command, as: $0) } ?? session.execute(command)
            finish(receipt.message)
            return .message(receipt.message)
        } catch let refusal as DomainError {
            if case .text? = form.control(refusal.field) {
                form.setMessage(refusal.message, for: refusal.field)
                form.focus(on: refusal.field)
            } else {
                notice = refusal.description
            }
        } catch {
            notice = CommandFailure.message(error, doing: "Nothing changed")
        }
        return ScreenAction.handled
    }

    /// Answered: say so, and start over with an empty link.
    private func finish(_ message: String) {
        result = message
        invitation = nil
        link = nil
        notice = nil
        canAuthorize = false
        let answerAs = form.fields.filter { $0.id == ID.answerAs }
        form = Form(fields: answerAs + [.init(ID.link, .text(TextField(label: "Link", placeholder: InvitationLink.prefix + "…?token=…")))],
                    buttons: [])
        kept = [:]
        initial = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.id, $0.control.value) })
        form.focus(on: ID.link)
    }
}
