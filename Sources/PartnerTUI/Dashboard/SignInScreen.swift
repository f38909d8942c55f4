import PartnerCore

/// Sign in: every user of every account in the workspace, to pick who you are.
@MainActor
public final class SignInScreen: Screen {
    enum Action: Hashable, Sendable { case signIn }

    static let keymap = Keymap<Action>("Sign in", [
        KeyBinding([.enter], .signIn, hint: "sign in", help: "sign in as the selected user"),
    ])

    private let session: DashboardSession
    private var list = FilteredTable<UserID>(columns: [
        TableColumn("User", .flexible(min: 14)),
        TableColumn("Sign-in name", .flexible(min: 24)),
        TableColumn("Account", .flexible(min: 18)),
        TableColumn("Kind", .fixed(8)),
    ], emptyText: "No users match the filter.")

    public init(session: DashboardSession) {
        self.session = session
        let model = session.model
        let users = model.users.values.sorted { a, b in
            let (x, y) = (model.partnerName(a.accountId), model.partnerName(b.accountId))
            if x != y { return x.localizedStandardCompare(y) == .orderedAscending }
            return a.displayName.localizedStandardCompare(b.displayName) == .orderedAscending
        }
        list.setRows(users.map(\.id)) { id in
            guard let user = model.users[id] else { return "" }
            return [user.displayName, user.userPrincipalName, model.partnerName(user.accountId)].joined(separator: " ")
        }
    }

    public var title: String { "Sign in" }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    private var available: Keymap<Action> {
        Self.keymap.only { _ in !list.isTyping && list.selectedID != nil }
    }

    public var keyHints: [KeyHint] { list.keyHints + available.hints }

    public func render(into grid: inout CellGrid, area: Rect) {
        let (intro, rest) = area.splitTop(2)
        grid.write("Choose who you are in this workspace.", row: intro.row, col: intro.col, maxWidth: intro.width)
        let model = session.model
        list.render(into: &grid, area: rest, focused: true) { id in
            guard let user = model.users[id], let account = model.accounts[user.accountId] else { return TableRow([]) }
            return TableRow([user.displayName, user.userPrincipalName, account.legalName,
                             account.kind == .indirectProvider ? "provider" : "reseller"])
        }
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if list.handle(key) { return ScreenAction.handled }
        switch available.action(for: key) {
        case .signIn:
            guard let id = list.selectedID else { return nil }
            session.signIn(id)
            return .reset(HomeScreen(session: session))
        case nil:
            return nil
        }
    }
}
