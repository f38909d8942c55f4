import Foundation
import PartnerCore
import TerminalKit

/// Draft email: the invitation as an editable email with its personalized link
/// (docs/WORKFLOWS.md P5–P6,
/// R21 and R25).
/// Nothing is stored until Done, which the domain refuses while the body has
/// lost the link (rule 3); Cancel and Esc store nothing.
@MainActor
public final class DraftEmailScreen: Screen {
    /// The invitation table's fields (PartnerCore `InvitationField`), then the buttons.
    enum Part: FieldRow {
        case to, subject, body, open, copy, copyLink, done, putLinkBack, cancel

        init?(_ field: FieldRef) {
            switch field {
            case .invitation(.to): self = .to
            case .invitation(.subject): self = .subject
            case .invitation(.body): self = .body
            default: return nil
            }
        }
    }
    enum Action: Hashable, Sendable { case next, previous, advance, insertLink }

    static let keymap = Keymap<Action>("Draft email", [
        KeyBinding([(.tab, .next), (.backTab, .previous)], label: "Tab S-Tab", hint: "next/prev", help: "next or previous field or button"),
        KeyBinding([(.down, .next), (.up, .previous)], label: "↓↑", help: "next or previous field or button (in the body: from its last or first row)"),
        KeyBinding([.enter], .advance, hint: "next", help: "go to the next field"),
        KeyBinding([.ctrl("l")], .insertLink, hint: "put link back", help: "put the personalized link back at the cursor"),
    ])

    private let session: DashboardSession
    /// The invitation as drafted: its id and token stay the same while the email is edited.
    public private(set) var draft: InvitationDraft?
    private let failure: String?
    private let toIsEditable: Bool
    private var to: TextField
    private var subject: TextField
    private var body: TextArea
    private var focus: Part
    private var notice: String?
    /// Open in email or Copy handed the email out: leaving without Done asks first.
    private var handedOut = false
    /// Done saved the invitation but its email could not be written to the outbox: the
    /// page stays to say so and to show the link (the body above holds it; Copy copies it).
    private var savedWithoutMail = false
    private var buttons: [Button<Part>] = [
        Button(.open, "Open in email"), Button(.copy, "Copy to clipboard"), Button(.done, "Done"),
        Button(.putLinkBack, "Put link back"), Button(.copyLink, "Copy link"), Button(.cancel, "Cancel"),
    ]
    private let original: [String]

    public init(session: DashboardSession, target: InvitationTarget) {
        self.session = session
        var drafted: InvitationDraft?
        var failure: String?
        do {
            drafted = try session.draftInvitation(to: target)
        } catch {
            failure = String(describing: error)
        }
        draft = drafted
        self.failure = failure
        // Prefilled with the reseller's primary contact when the target brings one, and
        // still editable, to reach another person at the reseller (docs/WORKFLOWS.md P5).
        toIsEditable = drafted != nil
        let toSpec = InvitationField.to.spec, subjectSpec = InvitationField.subject.spec
        to = TextField(label: toSpec.label, text: drafted?.to ?? "", placeholder: toSpec.placeholder, maxLength: toSpec.maxLength)
        subject = TextField(label: subjectSpec.label, text: drafted?.subject ?? "", maxLength: subjectSpec.maxLength)
        // A long subject shows its start until someone edits it.
        _ = subject.handle(.home)
        let bodySpec = InvitationField.body.spec
        body = TextArea(text: drafted?.body ?? "", label: bodySpec.label, maxLength: bodySpec.maxLength)
        body.moveCursor(to: TextArea.Location(line: 0, column: 0))
        // An address that came with the target is rarely retyped: start in the body.
        focus = drafted?.to.isEmpty == true ? .to : .body
        original = [drafted?.to ?? "", drafted?.subject ?? "", drafted?.body ?? ""]
    }

    public var title: String { "Draft email" }
    public var inputMode: InputMode { [.to, .subject, .body].contains(focus) && draft != nil ? .text : .navigation }

    public var hasUnsavedChanges: Bool {
        draft != nil && !savedWithoutMail && (handedOut || [to.text, subject.text, body.text] != original)
    }

    /// After Open in email or Copy the email may be sent already, but its link works
    /// only once Done stores the invitation.
    public var unsavedChangesWarning: String? {
        handedOut ? "The email you opened or copied holds a link that works only after Done." : nil
    }

    private var link: String { draft?.link.description ?? "" }
    private var bodyHasLink: Bool { body.text.contains(link) }

    private var parts: [Part] {
        (toIsEditable ? [.to] : []) + [.subject, .body] + shownButtons.map(\.id)
    }

    /// Put link back is Ctrl-L for those without a control key; it is there only while the
    /// link is missing, right after Done, which refuses for that reason.
    private var shownButtons: [Button<Part>] {
        bodyHasLink ? buttons.filter { $0.id != .putLinkBack } : buttons
    }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard draft != nil else { return false }
            switch action {
            case .next, .previous: return true
            case .advance: return focus == .to || focus == .subject
            case .insertLink: return focus == .body && !bodyHasLink
            }
        }
        // In the body ↑↓ move the cursor, and move on from its first and last rows.
        .keeping { key in focus != .body || (key != .up && key != .down) || body.passedOn.contains(key) }
    }

    public var keyHints: [KeyHint] {
        guard draft != nil else { return [] }
        let own: [KeyHint]
        switch focus {
        case .to: own = to.keyHints
        case .subject: own = subject.keyHints
        case .body: own = body.keyHints
        case .open, .copy, .copyLink, .done, .putLinkBack, .cancel: own = Button<Part>.keymap.hints
        }
        return own + available.hints
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let draft else {
            renderFailure(into: &grid, area: area)
            return
        }
        let labelWidth = 9
        let fieldWidth = area.width - labelWidth
        var y = area.row
        func label(_ text: String, _ part: Part?) {
            let focused = part == focus
            if focused { grid.write("▸", row: y, col: area.col, style: .bold) }
            grid.write(text, row: y, col: area.col + 1, maxWidth: labelWidth - 2, style: focused ? .bold : .plain)
        }
        func fieldMessage(_ message: String?) {
            guard let message else { return }
            y += 1
            grid.write("! " + message, row: y, col: area.col + labelWidth, maxWidth: fieldWidth, style: .warning)
        }
        label("To", toIsEditable ? .to : nil)
        if toIsEditable {
            to.render(into: &grid, area: Rect(row: y, col: area.col + labelWidth, height: 1, width: min(fieldWidth, 60)), focused: focus == .to)
        } else {
            grid.write(draft.to, row: y, col: area.col + labelWidth, maxWidth: fieldWidth, style: .bold)
        }
        fieldMessage(to.message)
        y += 1
        label("From", nil)
        grid.write(draft.from, row: y, col: area.col + labelWidth, maxWidth: fieldWidth)
        y += 1
        label("Subject", .subject)
        subject.render(into: &grid, area: Rect(row: y, col: area.col + labelWidth, height: 1, width: fieldWidth), focused: focus == .subject)
        fieldMessage(subject.message)
        y += 1
        // On a line of its own and never wrapped, so a mouse selection copies it whole;
        // the body wraps it like any text.
        label("Link", nil)
        grid.write(link, row: y, col: area.col + labelWidth, maxWidth: fieldWidth, style: .underline)
        y += 1

        let status = statusLines(width: area.width)
        let buttonRows = buttonLayout(width: area.width)
        let footer = status.count + (buttonRows.last?.row ?? 0) + 1
        let box = Rect(row: y, col: area.col, height: area.bottom - y - footer, width: area.width)
        let focused = focus == .body
        grid.drawBox(box, title: "Body", style: focused ? .bold : .plain, titleStyle: focused ? .title.adding(.reverse) : .title)
        body.render(into: &grid, area: box.interior.inset(left: 1), focused: focused)
        if body.rowsAbove > 0 { grid.write(" ↑ more ", row: box.row, col: box.right - 10, style: .dim) }
        if body.rowsBelow > 0 { grid.write(" ↓ more ", row: box.bottom - 1, col: box.right - 10, style: .dim) }
        y = box.bottom
        for (text, style) in status {
            grid.write(text, row: y, col: area.col, maxWidth: area.width, style: style)
            y += 1
        }
        for (button, place) in zip(shownButtons, buttonRows) {
            button.render(into: &grid, row: y + place.row, col: area.col + place.col, maxWidth: area.width - place.col, focused: focus == button.id)
        }
    }

    /// Under the body: whether it still holds the link (rule 3), and any refusal.
    private func statusLines(width: Int) -> [(String, CellStyle)] {
        var lines: [(String, CellStyle)] = []
        if let message = body.message {
            lines += TextWrap.lines("! " + message, width: width).map { ($0, .warning) }
        } else if !bodyHasLink {
            lines += TextWrap.lines("! The personalized link is missing from the body; Done is refused until it is back "
                + "(Put link back, or Ctrl-L in the body, puts it back at the cursor).", width: width).map { ($0, .warning) }
        } else {
            lines += TextWrap.lines("Keep the personalized link in the body: it links the invitee to your account.",
                                    width: width).map { ($0, .dim) }
        }
        if DisplayText.width(of: link) > width - 9 {
            lines += TextWrap.lines("The link is cut to fit: Copy link copies it whole.", width: width).map { ($0, .dim) }
        }
        if let notice {
            lines += TextWrap.lines("! " + notice, width: width).map { ($0, .warning) }
        }
        return lines
    }

    /// The buttons flow onto a second row when the page is narrow.
    private func buttonLayout(width: Int) -> [(row: Int, col: Int)] {
        var places: [(row: Int, col: Int)] = []
        var row = 0, col = 0
        for button in shownButtons {
            if col > 0 && col + button.width > width {
                row += 1
                col = 0
            }
            places.append((row, col))
            col += button.width + 2
        }
        return places
    }

    private func renderFailure(into grid: inout CellGrid, area: Rect) {
        var y = area.row
        grid.write("This invitation cannot be drafted:", row: y, col: area.col, maxWidth: area.width, style: .bold)
        y += 1
        for line in TextWrap.lines(failure ?? "", width: area.width) {
            grid.write(line, row: y, col: area.col, maxWidth: area.width, style: .warning)
            y += 1
        }
        grid.write("Nothing was created. Esc goes back.", row: y + 1, col: area.col, maxWidth: area.width)
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        guard draft != nil else { return nil }
        switch focus {
        case .to:
            if to.handle(key) { return ScreenAction.handled }
        case .subject:
            if subject.handle(key) { return ScreenAction.handled }
        case .body:
            if body.handle(key) {
                if bodyHasLink { body.message = nil }
                return ScreenAction.handled
            }
        case .open, .copy, .copyLink, .done, .putLinkBack, .cancel:
            if Button<Part>.keymap.action(for: key) == .press { return press(focus) }
        }
        switch available.action(for: key) {
        case .next, .advance: move(by: 1)
        case .previous: move(by: -1)
        case .insertLink: putLinkBack()
        case nil: return nil
        }
        return ScreenAction.handled
    }

    /// Moves focus, checking the field left (validate on leave).
    private func move(by delta: Int) {
        let all = parts
        let leaving = focus
        focus = all[((all.firstIndex(of: focus) ?? 0) + delta + all.count) % all.count]
        switch leaving {
        case .to: to.message = InvitationField.to.problem(trimmed(to.text))
        case .subject: subject.message = InvitationField.subject.problem(subject.text)
        default: break
        }
    }

    var mail: OutgoingMail {
        OutgoingMail(to: to.text.trimmingCharacters(in: .whitespaces), from: draft?.from ?? "", subject: subject.text, body: body.text)
    }

    private func press(_ part: Part) -> ScreenAction {
        switch part {
        case .open:
            switch session.opener.open(mail.mailtoURL) {
            case .opened(let program):
                handedOut = true
                return .message("Handed the email to \(program); select Done once it is sent")
            case .noProgram: return .message("no mail program found ($BROWSER, xdg-open): use Copy to clipboard")
            case .failed(let reason): return .message("The mail program did not start: \(reason)")
            }
        case .copy:
            handedOut = true
            return .copyToClipboard(ClipboardCopy(body.text, what: "the email body",
                                                  otherwise: "Open in email hands it to your mail program instead",
                                                  next: "select Done once it is sent"))
        case .copyLink:
            return .copyToClipboard(ClipboardCopy(link, what: "the personalized link",
                                                  otherwise: linkElsewhere))
        case .done:
            return savedWithoutMail ? .pop : send()
        case .putLinkBack:
            putLinkBack()
            focus = .body
            return ScreenAction.handled
        case .cancel:
            return .pop
        case .to, .subject, .body:
            return ScreenAction.handled
        }
    }

    /// The link at the body's cursor, where it was when the body last had focus.
    private func putLinkBack() {
        body.insert(text: link)
        body.message = nil
    }

    /// Where the whole link is when the clipboard may not get it.
    private var linkElsewhere: String {
        savedWithoutMail ? "the body above holds it"
            : "the body above holds it, and after Done so does the email in the workspace's outbox/"
    }

    /// Done: the invitation is stored and its email written to the outbox, or
    /// the refusal shows beside the field it is about and nothing is stored.
    private func send() -> ScreenAction {
        guard var draft else { return ScreenAction.handled }
        draft.to = mail.to
        draft.subject = mail.subject
        notice = nil
        var fields = PlacedBy { [self] refusal in place(refusal) }
        let outcome = session.submit(.sendInvitation(draft, body: body.text), doing: "Not sent", placing: &fields)
        guard let receipt = outcome.receipt(notice: &notice)
        else { return ScreenAction.handled }
        self.draft = draft
        if let failure = session.lastMailFailure {
            savedWithoutMail = true
            notice = "\(receipt.message). \(failure). The link is shown above; Copy link copies it."
            return ScreenAction.handled
        }
        let written = session.lastDeliveredMail
        // Where the file is comes first: it is what a narrow hint bar must not cut. The
        // outbox is the workspace's own, named as the enrollment status page names it.
        return .popWithMessage((written.map { "Email written to outbox/\($0.lastPathComponent) · " } ?? "") + receipt.message)
    }

    /// Puts a refusal under the part it names (To only while it is editable) and goes there.
    private func place(_ refusal: DomainError) -> Bool {
        switch refusal.fieldRef.flatMap(Part.init) {
        case .to? where toIsEditable: to.message = refusal.message
        case .subject?: subject.message = refusal.message
        case .body?: body.message = refusal.message
        default: return false
        }
        focus = refusal.fieldRef.flatMap(Part.init) ?? focus
        return true
    }
}
