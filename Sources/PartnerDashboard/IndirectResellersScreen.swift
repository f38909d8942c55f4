import PartnerCore
import TerminalKit

/// Indirect resellers (provider): each reseller and the partnership with it.
/// Actions appear only for rows where they apply, and only once their target
/// screen exists; Enter opens the reseller's own page (`ResellerScreen`), which
/// offers the same actions from the same table.
@MainActor
public final class IndirectResellersScreen: Screen {
    enum Action: Hashable, Sendable { case request, addCustomer, viewCustomers, withdraw, end, open, export }

    static let keymap = Keymap<Action>("Indirect resellers", [
        KeyBinding([.character("r")], .request, hint: "request", help: "Request a partnership"),
        KeyBinding([.character("n")], .addCustomer, hint: "new customer", help: "Add new customer"),
        KeyBinding([.character("v")], .viewCustomers, hint: "customers", help: "View customers"),
        KeyBinding([.character("w")], .withdraw, hint: "withdraw", help: "Withdraw the pending invitation"),
        KeyBinding([.character("x")], .end, hint: "end", help: "End the partnership"),
    ])

    private let session: DashboardSession
    private var rows: [AccountID: ResellerRow] = [:]
    private var list = FilteredTable<AccountID>(columns: [
        TableColumn("Reseller", .flexible(min: 18)),
        TableColumn("MPN ID", .fixed(7)),
        TableColumn("Partnership", .fixed(11)),
        TableColumn("Customers", .fixed(9), alignment: .trailing),
        TableColumn("Since", .fixed(10), hiddenBelow: 60),
    ], emptyText: "No resellers match the filter.")

    public init(session: DashboardSession) {
        self.session = session
        reload()
    }

    public var title: String { DashboardPage.indirectResellers.title }
    public var menuItemID: String? { DashboardPage.indirectResellers.rawValue }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    /// Focuses one reseller's row (the `:` palette opens the page on it).
    public func focus(on reseller: AccountID) {
        list.select(reseller)
    }

    private var selected: ResellerRow? { list.selectedID.flatMap { rows[$0] } }

    /// The reseller's actions (also drawn under the table).
    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard !list.isTyping, let row = selected else { return false }
            return Self.offers(action, for: row)
        }
    }

    private var opening: Keymap<Action> {
        Self.openKeys.only { _ in !list.isTyping && selected != nil }
    }

    /// Enter on a row opens the reseller's page.
    static let openKeys = Keymap<Action>("Indirect resellers", [
        KeyBinding([.enter], .open, hint: "open", help: "Open the reseller's page: partnership, customers, invitations"),
        KeyBinding([.character("e")], .export, hint: "export", help: "Export the resellers listed as CSV to the workspace's exports/"),
    ])

    /// Whether an action applies to a reseller as it stands; its own page asks the same.
    static func offers(_ action: Action, for row: ResellerRow) -> Bool {
        switch action {
        // No partnership and no invitation waiting (an ended one may be asked for again).
        case .request:
            switch row.partnership {
            case .none, .ended: return true
            case .invited, .active: return false
            }
        case .addCustomer, .end:
            if case .active = row.partnership { return true }
            return false
        // Also after the partnership ended: the customers the two share are still theirs.
        case .viewCustomers:
            if case .active = row.partnership { return true }
            return (row.customers ?? 0) > 0
        case .withdraw: return row.pendingInvitation != nil
        // Every listed reseller has a page, and the list an export.
        case .open, .export: return true
        }
    }

    /// Export last: at 80 columns the reseller's own actions keep their place in the bar.
    public var keyHints: [KeyHint] {
        list.keyHints + opening.only { $0 != .export }.hints + available.hints + opening.only { $0 == .export }.hints
    }

    /// A page opened on top (New customer) or a withdrawal here changed the counts.
    public func modelDidChange() { reload() }

    private func reload() {
        guard let provider = session.account?.id else { return }
        let all = ResellerRow.rows(model: session.model, provider: provider, now: session.now)
        rows = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        list.setRows(all.map(\.id)) { [rows] id in rows[id].map { "\($0.name) \($0.mpnId)" } ?? "" }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let (tableArea, actionsArea) = area.splitBottom(2)
        list.render(into: &grid, area: tableArea, focused: true) { [rows, session] id in
            guard let row = rows[id] else { return TableRow([]) }
            let since: String
            switch row.partnership {
            case .none: since = "—"
            case .invited(_, let sent): since = session.day(sent)
            case .active(let date), .ended(let date): since = session.day(date)
            }
            return TableRow([row.name, row.mpnId, row.partnership.label, row.customers.map(String.init) ?? "–", since],
                            style: row.partnership == .none ? .dim : .plain)
        }
        // The page's own actions, from the same table as the keys.
        ActionBar.render(available.hints, into: &grid, area: actionsArea)
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if list.handle(key) { return ScreenAction.handled }
        guard let action = opening.action(for: key) ?? available.action(for: key), let row = selected else {
            return Self.keymap.unavailable(key, in: available, because: whyNot)
        }
        if action == .open { return .push(ResellerScreen(session: session, reseller: row.id)) }
        if action == .export { return .message(export()) }
        return Self.perform(action, for: row, session: session)
    }

    /// What an action does for a reseller; its own page does the same.
    static func perform(_ action: Action, for row: ResellerRow, session: DashboardSession) -> ScreenAction? {
        switch action {
        case .request:
            return .push(DraftEmailScreen(session: session, target: .reseller(row.id)))
        case .addCustomer:
            return .push(NewCustomerScreen(session: session, reseller: row.id))
        case .viewCustomers:
            return .push(CustomersScreen(session: session, reseller: row.id))
        case .withdraw:
            guard let invitation = row.pendingInvitation else { return nil }
            return session.confirmWithdrawal(of: invitation, sentTo: row.name)
        case .end:
            return .confirm(title: "End the partnership?",
                            message: ["You will no longer add customers or order for \(row.name), nor name it "
                                      + "partner of record or support contact. The customers you share stay yours"
                                      + session.partnerOfRecordLoss(provider: session.account?.id, reseller: row.id)
                                      + ". \(row.name) is told by email; to work together again, request a new partnership."],
                            choices: ConfirmChoices(keep: "Keep it", proceed: "End partnership")) { [session] in
                .message(session.endPartnership(with: row.id))
            }
        case .open, .export:
            return nil
        }
    }

    /// The rows listed (`/` narrows them), as `partnerdash export resellers` writes them.
    private func export() -> String {
        guard let provider = session.account?.id else { return "Not exported: nobody is signed in" }
        let overview = Dictionary(uniqueKeysWithValues: session.model.resellerOverview(for: provider, at: session.now).map { ($0.reseller.id, $0) })
        return session.exportList(PartnerModel.exportResellers(list.table.ids.compactMap { overview[$0] }), noun: "reseller",
                                  stem: "indirect-resellers")
    }

    /// Why an action does nothing on the focused row: the domain's refusal where the
    /// command has one.
    private func whyNot(_ action: Action) -> String {
        guard let row = selected, let provider = session.account?.id else { return "No reseller is selected" }
        let model = session.model
        let refusal: DomainError?
        switch action {
        case .request: refusal = model.partnershipRequestRefusal(provider: provider, reseller: row.id, at: session.now)
        case .addCustomer, .end: refusal = model.actingForResellerRefusal(provider: provider, reseller: row.id)
        case .viewCustomers: return "\(row.name) shares no customers with you"
        case .withdraw: return "No invitation to \(row.name) is pending"
        case .open, .export: return "No reseller is selected"
        }
        return CommandFailure.whyNot(refusal, doing: Self.keymap.help(for: action) ?? "")
    }
}
