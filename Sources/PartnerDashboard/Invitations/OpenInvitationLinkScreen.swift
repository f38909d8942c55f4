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


    /// The page's rows: what the link asks for, and for a new customer its details,
    /// which are New customer's (`CustomerDetails`), so a refusal lands on its row.
    enum Row: CustomerDetailsRow {
        case answerAs, link, authorize, customerKind, domain
        case customer(CustomerField)
        // Buttons.
        case authorizeButton, consent, decline

        init?(_ field: FieldRef) {
            switch field {
            case .customer(let field): self = .customer(field)
            case .invitation(.domain): self = .domain
            default: return nil
            }
        }
    }

    private let session: DashboardSession
    private(set) var form: Form<Row>
    /// Every control typed into, also those hidden for now (New ↔ Existing keeps both).
    private var kept: [Row: FormControl] = [:]
    /// Each control's value when it first appeared, for "discard changes?".
    private var initial: [Row: String] = [:]
    private var invitation: Invitation?
    private var link: InvitationLink?
    /// A partnership link signed in as an admin of the invited reseller.
    private var canAuthorize = false
    /// The link read is a customer's: the page offers to answer as that customer.
    private var isCustomerLink = false
    private var notice: String?
    private var result: String?

    public init(session: DashboardSession) {
        self.session = session
        // "Answer as the invited customer" appears once a customer's link is read, unticked:
        // whoever is signed in answers as themselves unless they say otherwise.
        form = Form(fields: [
            .init(.link, .text(TextField(label: "Link", placeholder: InvitationLink.prefix + "…?token=…"))),
        ], buttons: [])
        form.focus(on: .link)
        for field in form.fields { initial[field.id] = field.control.value }
    }

    public var title: String { DashboardPage.openInvitationLink.title }
    public var menuItemID: String? { DashboardPage.openInvitationLink.rawValue }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }

    /// Answers typed (company details, the checkbox) would be lost; a pasted link is not worth asking about.
    public var hasUnsavedChanges: Bool {
        form.fields.contains { $0.id != .answerAs && $0.id != .link && initial[$0.id] != $0.control.value }
    }

    public var keyHints: [KeyHint] { form.keyHints }

    /// A checkbox rather than a choice: ← stays free to reach the menu from this page.
    private var role: Role { isCustomerLink && form.isChecked(.answerAs) ? .customer : .partner }

    // MARK: Reading the link

    /// Looks the pasted link up and decides what the page may offer.
    private func evaluate() {
        invitation = nil
        link = nil
        notice = nil
        canAuthorize = false
        isCustomerLink = false
        form.setMessage(nil, for: .link)
        let text = form.text(.link).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return }
        guard let parsed = InvitationLink(parsing: text) else {
            form.setMessage("is not an invitation link (\(InvitationLink.prefix)ID?token=…); paste it exactly as emailed", for: .link)
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
        isCustomerLink = found.kind.isForCustomer
        switch (found.kind.isForCustomer, role) {
        case (true, .partner):
            notice = "This is a customer's invitation (\(found.kind.label.lowercased())) sent to \(found.email): "
                + "the customer answers it, not a partner account. To answer for them, tick \"Answer as the invited customer\" (rule 7)."
            return
        case (false, _):
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
    private func rebuild(focusOn target: Row? = nil) {
        for field in form.fields { kept[field.id] = field.control }
        // A link read and left shows from its start, not where typing ended.
        if form.focusedID != .link, case .text(var field)? = kept[.link] {
            _ = field.handle(.home)
            kept[.link] = .text(field)
        }
        let focused = target ?? form.focusedID
        var fields: [Form<Row>.Field] = []
        func add(_ id: Row, _ fresh: FormControl) {
            if initial[id] == nil { initial[id] = fresh.value }
            fields.append(.init(id, kept[id] ?? fresh))
        }
        add(.link, .text(TextField(label: "Link")))
        if isCustomerLink { add(.answerAs, .checkbox(Checkbox(label: "Answer as the invited customer"))) }
        var buttons: [Button<Row>] = []
        if invitation != nil, canAuthorize {
            add(.authorize, .checkbox(Checkbox(label: "I authorize this indirect provider")))
            buttons = [Button(.authorizeButton, "Authorize indirect provider"), Button(.decline, "Decline")]
        } else if let invitation, invitation.kind.isForCustomer {
            let existing = invitation.customerId.flatMap { session.model.customers[$0] }
            if let existing {
                add(.customerKind, .choice(ChoiceField(label: "Your company", options: ["Existing customer"])))
                add(.domain, .text(TextField(label: InvitationField.domain.label, text: existing.companyProfile.domain,
                                             maxLength: InvitationField.domain.maxLength)))
            } else {
                add(.customerKind, .choice(ChoiceField(label: "Your company", options: ["New customer", "Existing customer"])))
                if case .choice(let kind)? = kept[.customerKind], kind.selectedIndex == 1 {
                    add(.domain, Form<Row>.Field.text(.domain, InvitationField.domain.spec).control)
                } else {
                    let details: [Form<Row>.Field] = CustomerDetails.rows {
                        CustomerDetailsForm.initialValue($0, email: invitation.email)
                    }
                    for detail in details { add(detail.id, detail.control) }
                }
            }
            buttons = [Button(.consent, "Accept and authorize"), Button(.decline, "Decline")]
        }
        form = Form(fields: fields, buttons: buttons)
        form.focus(on: focused)
    }

    /// The first control that answers the invitation, where focus goes once the link is read.
    private var firstAnswer: Row? {
        form.fields.first { ![.answerAs, .link].contains($0.id) }?.id ?? form.buttons.first?.id
    }

    // MARK: Validation on leave

    /// A customer detail by New customer's checks; the existing customer's domain must be given.
    private func check(_ id: Row) -> String? {
        switch id {
        case .customer(let field): return CustomerDetails.problem(field, in: form, model: session.model)
        case .domain: return InvitationField.domain.problem(trimmed(form.text(.domain)))
        default: return nil
        }
    }

    private func validate(_ id: Row) {
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
        if case .paste(let text) = key, form.focusedID != .link, InvitationLink(parsing: text) != nil {
            // A link pasted anywhere on the page is the one to open: it takes the Link field's
            // place, and Enter opens it, as the page says.
            form.focus(on: .link)
            _ = form.handle(.end)
            _ = form.handle(.ctrl("u"))
        }
        let linkBefore = form.text(.link)
        switch form.handle(key) {
        case .ignored:
            return nil
        case .edited(.answerAs):
            result = nil
            evaluate()
            rebuild()
        case .edited(.customerKind):
            rebuild()
        case .edited(.authorize):
            notice = nil
        case .edited(.link):
            // Moving the cursor is not a new link.
            guard form.text(.link) != linkBefore else { break }
            result = nil
            if invitation != nil || notice != nil || isCustomerLink {
                invitation = nil
                notice = nil
                canAuthorize = false
                isCustomerLink = false
                rebuild()
                // Another link is asked again: the tick never carries over.
                kept[.answerAs] = nil
            }
            form.setMessage(nil, for: .link)
        case .left(.link):
            evaluate()
            rebuild()
            // Forward from the link goes to what it asks for; back (Shift-Tab, ↑) stays back.
            if key != .backTab && key != .up {
                if isCustomerLink && role == .partner {
                    form.focus(on: .answerAs)
                } else if let first = firstAnswer {
                    form.focus(on: first)
                } else if key == .enter {
                    // Back on the link, the cursor goes where typing ended (rebuild showed the
                    // link from its start): Ctrl-U then clears it, typing adds to it.
                    form.focus(on: .link)
                    _ = form.handle(.end)
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

    private func press(_ id: Row) -> ScreenAction {
        guard let invitation, let link else { return ScreenAction.handled }
        switch id {
        case .authorizeButton:
            return run(.authorizeProvider(invitation: invitation.id, token: link.token, authorized: form.isChecked(.authorize)),
                       as: nil)
        case .consent:
            return consent(invitation, link)
        case .decline:
            let who = session.model.partnerName(invitation.fromAccountId)
            return .confirm(title: "Decline invitation?", message: ["\(who)'s invitation will be declined,", "and its link stops working."],
                            choices: ConfirmChoices(keep: "Keep it", proceed: "Decline")) { [self] in decline() }
        default:
            return ScreenAction.handled
        }
    }

    private func consent(_ invitation: Invitation, _ link: InvitationLink) -> ScreenAction {
        let answer: CustomerConsent
        if form.control(.domain) != nil {
            validate(.domain)
            if form.control(.domain)?.message != nil {
                form.focus(on: .domain)
                return ScreenAction.handled
            }
            answer = .existing(domain: trimmed(form.text(.domain)))
        } else {
            if CustomerDetails.checkAll(&form, model: session.model) != nil {
                return .message("Some company details need attention")
            }
            answer = .new(CustomerDetails.details(in: form))
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
        let outcome = session.submit(command, as: actor, doing: "Nothing changed", placing: &form)
        guard let receipt = outcome.receipt(notice: &notice)
        else { return ScreenAction.handled }
        finish(receipt.message)
        return .message(receipt.message)
    }

    /// Answered: say so, and start over with an empty link.
    private func finish(_ message: String) {
        result = message
        invitation = nil
        link = nil
        notice = nil
        canAuthorize = false
        isCustomerLink = false
        form = Form(fields: [.init(.link, .text(TextField(label: "Link", placeholder: InvitationLink.prefix + "…?token=…")))],
                    buttons: [])
        kept = [:]
        initial = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.id, $0.control.value) })
        form.focus(on: .link)
    }
}
