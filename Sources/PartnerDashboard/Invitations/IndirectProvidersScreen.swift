import PartnerCore
import TerminalKit

/// Indirect providers (reseller): the partnership invitations waiting for its
/// answer, each with "I authorize this indirect provider" and Authorize /
/// Decline (docs/WORKFLOWS.md R16–R18),
/// above the providers it works with, where it views shared customers and
/// invites new ones (R19–R21).
@MainActor
public final class IndirectProvidersScreen: Screen {
    enum Action: Hashable, Sendable { case next, previous, viewCustomers, inviteCustomers, end, openLink, findProvider, export }

    static let keymap = Keymap<Action>("Indirect providers", [
        KeyBinding([(.tab, .next), (.backTab, .previous)], label: "Tab S-Tab", hint: "next/prev",
                   help: "between the invitations' checkboxes and buttons and the providers table"),
        KeyBinding([(.down, .next), (.up, .previous)], label: "↓↑", help: "next or previous control of an invitation"),
        KeyBinding([.character("v")], .viewCustomers, hint: "customers", help: "View customers"),
        KeyBinding([.character("i")], .inviteCustomers, hint: "invite", help: "Invite new customers"),
        KeyBinding([.character("x")], .end, hint: "end", help: "End the partnership"),
        KeyBinding([.character("o")], .openLink, hint: "open link", help: "Open invitation link"),
        KeyBinding([.character("p")], .findProvider, hint: "find", help: "Find a provider"),
        KeyBinding([.character("e")], .export, hint: "export", help: "Export the active providers listed as CSV to the workspace's exports/"),
    ])

    /// What has focus: one control of a pending invitation, or the table.
    enum Focus: Hashable {
        case checkbox(InvitationID)
        case authorize(InvitationID)
        case decline(InvitationID)
        case table

        var invitation: InvitationID? {
            switch self {
            case .checkbox(let id), .authorize(let id), .decline(let id): return id
            case .table: return nil
            }
        }
    }


    private let session: DashboardSession
    private var pending: [Invitation] = []
    private var rows: [AccountID: ProviderRow] = [:]
    private var list = FilteredTable<AccountID>(columns: [
        TableColumn("Provider", .flexible(min: 18)),
        TableColumn("MPN ID", .fixed(7)),
        TableColumn("Status", .fixed(6)),
        TableColumn("Since", .fixed(10), hiddenBelow: 62),
        TableColumn("Customers", .fixed(9), alignment: .trailing),
    ], emptyText: "No indirect providers yet.")
    private var checked: Set<InvitationID> = []
    /// A refusal, shown under the invitation it is about.
    private var notices: [InvitationID: String] = [:]
    private var focus: Focus = .table

    public init(session: DashboardSession) {
        self.session = session
        reload()
        if let first = pending.first { focus = .checkbox(first.id) }
    }

    public var title: String { DashboardPage.indirectProviders.title }
    public var menuItemID: String? { DashboardPage.indirectProviders.rawValue }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    private var selected: ProviderRow? { list.selectedID.flatMap { rows[$0] } }

    /// The Tab order: each invitation's checkbox and buttons, then the table.
    private var order: [Focus] {
        pending.flatMap { [Focus.checkbox($0.id), .authorize($0.id), .decline($0.id)] } + [.table]
    }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard !list.isTyping else { return false }
            switch action {
            case .next, .previous: return !pending.isEmpty
            case .viewCustomers, .inviteCustomers, .end: return focus == .table && selected?.isActive == true
            case .openLink, .findProvider: return true
            case .export: return focus == .table && selected != nil
            }
        }
        .keeping { key in focus != .table || (key != .up && key != .down) }
    }

    private var focusedHints: [KeyHint] {
        switch focus {
        case .table: return list.keyHints
        case .checkbox: return Checkbox.keymap.hints
        case .authorize, .decline: return Button<Int>.keymap.hints
        }
    }

    public var keyHints: [KeyHint] { focusedHints + available.hints }

    /// Another screen (Open invitation link, Draft email) or this one changed the model.
    public func modelDidChange() { reload() }

    // MARK: Data

    private func reload() {
        guard let reseller = session.account?.id else { return }
        pending = session.model.pendingPartnershipInvitations(for: reseller, at: session.now)
        let all = ProviderRow.rows(model: session.model, reseller: reseller)
        rows = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        list.setRows(all.map(\.id)) { [rows] id in rows[id].map { "\($0.name) \($0.mpnId)" } ?? "" }
        let ids = Set(pending.map(\.id))
        checked.formIntersection(ids)
        notices = notices.filter { ids.contains($0.key) }
        if let id = focus.invitation, !ids.contains(id) {
            focus = pending.first.map { .checkbox($0.id) } ?? .table
        }
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        let (content, actionsArea) = area.splitBottom(2)
        var rest = content
        if !pending.isEmpty {
            let used = renderInvitations(into: &grid, area: Rect(row: content.row, col: content.col,
                                                                 height: max(0, content.height - 6), width: content.width))
            rest = content.splitTop(used + 1).1
        }
        let (heading, tableArea) = rest.splitTop(1)
        grid.write("Your indirect providers", row: heading.row, col: heading.col, maxWidth: heading.width, style: CellStyle([.bold, .underline]))
        list.render(into: &grid, area: tableArea, focused: focus == .table) { [rows, session] id in
            guard let row = rows[id] else { return TableRow([]) }
            return TableRow([row.name, row.mpnId, row.status, session.day(row.since), row.sharedCustomers.map(String.init) ?? "–"],
                            style: row.isActive ? .plain : .dim)
        }
        renderActions(into: &grid, area: actionsArea)
    }

    /// The page's own actions, from the same table as the keys, flowing onto
    /// the row above when the page is narrow.
    private func renderActions(into grid: inout CellGrid, area: Rect) {
        ActionBar.render(available.hints.filter { $0.keys.allSatisfy(\.isPrintable) }, into: &grid, area: area)
    }

    /// The invitations, from the one holding focus if they do not all fit.
    /// Returns the rows used.
    private func renderInvitations(into grid: inout CellGrid, area: Rect) -> Int {
        let blocks = pending.map { Self.fit(block(for: $0, width: area.width), height: area.height) }
        let focusedBlock = focus.invitation.flatMap { id in pending.firstIndex { $0.id == id } } ?? 0
        var first = 0
        while first < focusedBlock, blocks[first...focusedBlock].reduce(0, { $0 + $1.count + 1 }) > area.height { first += 1 }
        var y = area.row
        for (n, invitation) in pending.enumerated().dropFirst(first) {
            let lines = blocks[n]
            guard y + lines.count <= area.bottom else {
                grid.write("… \(pending.count - n) more (Tab to reach)", row: y, col: area.col, maxWidth: area.width, style: .dim)
                return y + 1 - area.row
            }
            for line in lines {
                draw(line, invitation: invitation.id, into: &grid, row: y, area: area)
                y += 1
            }
            y += 1
        }
        return max(0, y - 1 - area.row)
    }

    private enum Line {
        case text(String, CellStyle)
        /// Part of the description, which gives way first when the page is short.
        case sentence(String)
        case checkbox
        case buttons
    }

    /// A block cut to `height` by shortening its description, so the checkbox,
    /// the buttons and any refusal always show.
    private static func fit(_ block: [Line], height: Int) -> [Line] {
        var lines = block
        while lines.count > height, let last = lines.lastIndex(where: { if case .sentence = $0 { return true } else { return false } }) {
            lines.remove(at: last)
            if let previous = lines[..<last].lastIndex(where: { if case .sentence = $0 { return true } else { return false } }),
               case .sentence(let text) = lines[previous] {
                lines[previous] = .sentence(text + " …")
            }
        }
        return lines
    }

    private func block(for invitation: Invitation, width: Int) -> [Line] {
        let about = InvitationDescription(invitation, model: session.model, day: session.day)
        var lines: [Line] = [.text(about.heading, CellStyle([.bold, .underline]))]
        lines += TextWrap.lines(about.sentence, width: width - 2).map { .sentence($0) }
        lines.append(.text(about.dates, .dim))
        lines.append(.checkbox)
        lines.append(.buttons)
        if let notice = notices[invitation.id] {
            lines += TextWrap.lines("! " + notice, width: width).map { .text($0, .warning) }
        }
        return lines
    }

    private func draw(_ line: Line, invitation id: InvitationID, into grid: inout CellGrid, row: Int, area: Rect) {
        switch line {
        case .text(let text, let style):
            grid.write(text, row: row, col: area.col, maxWidth: area.width, style: style)
        case .sentence(let text):
            grid.write(text, row: row, col: area.col, maxWidth: area.width)
        case .checkbox:
            Checkbox(label: "I authorize this indirect provider", isChecked: checked.contains(id))
                .render(into: &grid, area: Rect(row: row, col: area.col, height: 1, width: area.width), focused: focus == .checkbox(id))
        case .buttons:
            var x = area.col
            x += Button(0, "Authorize indirect provider").render(into: &grid, row: row, col: x, maxWidth: area.right - x,
                                                                 focused: focus == .authorize(id)) + 2
            Button(1, "Decline").render(into: &grid, row: row, col: x, maxWidth: area.right - x, focused: focus == .decline(id))
        }
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch focus {
        case .table:
            if list.handle(key) { return ScreenAction.handled }
        case .checkbox(let id):
            if Checkbox.keymap.action(for: key) == .toggle {
                if checked.contains(id) { checked.remove(id) } else { checked.insert(id) }
                notices[id] = nil
                return ScreenAction.handled
            }
        case .authorize(let id):
            if Button<Int>.keymap.action(for: key) == .press { return authorize(id) }
        case .decline(let id):
            if Button<Int>.keymap.action(for: key) == .press {
                let provider = pending.first { $0.id == id }.map { session.model.partnerName($0.fromAccountId) } ?? "The provider"
                return .confirm(title: "Decline invitation?",
                                message: ["\(provider) will not become your indirect provider,", "and its link stops working."],
                                choices: ConfirmChoices(keep: "Keep it", proceed: "Decline")) { [self] in decline(id) }
            }
        }
        switch available.action(for: key) {
        case .next: moveFocus(by: 1)
        case .previous: moveFocus(by: -1)
        case .viewCustomers:
            guard let row = selected else { return nil }
            return .push(CustomersScreen(session: session, sharedWith: row.id))
        case .inviteCustomers:
            guard let row = selected else { return nil }
            return .push(DraftEmailScreen(session: session, target: .customerWithProvider(email: "", provider: row.id)))
        case .end:
            guard let row = selected else { return nil }
            return .confirm(title: "End the partnership?",
                            message: ["\(row.name) will no longer have admin access for your customers, add customers "
                                      + "or order for you. The customers you share keep both of you as resellers of record"
                                      + session.partnerOfRecordLoss(provider: row.id, reseller: session.account?.id)
                                      + ". \(row.name) is told by email; to work together again, it requests a new partnership."],
                            choices: ConfirmChoices(keep: "Keep it", proceed: "End partnership")) { [self] in
                endPartnership(with: row.id)
            }
        case .openLink:
            return .push(OpenInvitationLinkScreen(session: session))
        case .findProvider:
            return .push(FindProviderScreen(session: session))
        case .export:
            // The active partnerships listed (`/` narrows them), as `partnerdash export providers` writes them.
            let listed = list.table.ids.compactMap { rows[$0] }.filter(\.isActive).compactMap { session.model.accounts[$0.id] }
            return .message(session.exportList(PartnerModel.exportProviders(listed), noun: "provider", stem: "indirect-providers"))
        case nil:
            return Self.keymap.unavailable(key, in: available, because: whyNot)
        }
        return ScreenAction.handled
    }

    /// Why a provider's action does nothing here: focus is on an invitation, or the
    /// partnership is not active (the domain's refusal, rule 2).
    private func whyNot(_ action: Action) -> String? {
        switch action {
        case .viewCustomers, .inviteCustomers, .end:
            guard focus == .table else { return "\(Self.keymap.help(for: action) ?? ""): go to your providers' list first (Tab)" }
            guard let row = selected, let me = session.account?.id else { return "No provider is selected" }
            let refusal = session.model.actingForResellerRefusal(provider: row.id, reseller: me)
            return CommandFailure.whyNot(refusal, doing: Self.keymap.help(for: action) ?? "")
        case .next, .previous, .openLink, .findProvider, .export:
            return nil
        }
    }

    private func moveFocus(by delta: Int) {
        let all = order
        let here = all.firstIndex(of: focus) ?? 0
        focus = all[(here + delta + all.count) % all.count]
    }

    /// The domain decides, checkbox included, so a refusal reads the same here
    /// as on the command line.
    private func authorize(_ id: InvitationID) -> ScreenAction {
        do {
            let receipt = try session.execute(.authorizeProvider(invitation: id, token: nil, authorized: checked.contains(id)))
            let provider = pending.first { $0.id == id }?.fromAccountId
            reload()
            if let provider { list.select(provider) }
            focus = .table
            return .message(receipt.message)
        } catch let refusal as DomainError {
            notices[id] = refusal.description
            return ScreenAction.handled
        } catch {
            notices[id] = CommandFailure.message(error, doing: "Not authorized")
            return ScreenAction.handled
        }
    }

    private func decline(_ id: InvitationID) -> ScreenAction {
        let provider = pending.first { $0.id == id }.map { session.model.partnerName($0.fromAccountId) } ?? "the provider"
        do {
            try session.execute(.declineInvitation(id, token: nil))
            reload()
            return .message("Declined the invitation from \(provider)")
        } catch let refusal as DomainError {
            notices[id] = refusal.description
            return ScreenAction.handled
        } catch {
            notices[id] = CommandFailure.message(error, doing: "Not declined")
            return ScreenAction.handled
        }
    }

    private func endPartnership(with provider: AccountID) -> ScreenAction {
        let outcome = session.endPartnership(with: provider)
        reload()
        list.select(provider)
        return .message(outcome)
    }
}
