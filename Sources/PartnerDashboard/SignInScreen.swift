import PartnerCore
import TerminalKit

/// Sign in: every user of every account in the workspace, to pick who you
/// are. Opened from the menu's "Switch user" it lets one person play both
/// sides of an invitation; `n` creates a new account (provider setup or
/// reseller enrollment).
@MainActor
public final class SignInScreen: Screen {
    enum Action: Hashable, Sendable { case signIn, newAccount, signOut }

    static let keymap = Keymap<Action>("Sign in", [
        KeyBinding([.enter], .signIn, hint: "sign in", help: "sign in as the selected user"),
        KeyBinding([.character("n")], .newAccount, hint: "new account", help: "create an account: reseller enrollment or provider setup"),
        KeyBinding([.character("o")], .signOut, hint: "sign out", help: "sign out, leaving nobody signed in"),
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
        if session.model.users.isEmpty {
            list.table.emptyText = "Nobody here yet: press n to set up a provider or enroll a reseller."
        }
        listUsers()
    }

    /// Users added elsewhere, or a role mapping changed while the page is open (the shared
    /// mode), show up without leaving the page; the filter and selection stay.
    public func modelDidChange() {
        listUsers()
    }

    private func listUsers() {
        let model = session.model
        // In the shared mode, only the users the database role is mapped to.
        let users = model.users.values.filter { session.maySignIn(as: $0) }.sorted { a, b in
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
    public var menuItemID: String? { session.user == nil ? nil : DashboardPage.switchUser.rawValue }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard !list.isTyping else { return false }
            switch action {
            case .signIn: return list.selectedID != nil
            case .newAccount: return true
            case .signOut: return session.user != nil
            }
        }
    }

    public var keyHints: [KeyHint] { list.keyHints + available.hints }

    public func render(into grid: inout CellGrid, area: Rect) {
        let (intro, below) = area.splitTop(2)
        var rest = below
        if let rule = session.signInRule {
            let (ruleArea, list) = rest.splitTop(1)
            grid.write(rule, row: ruleArea.row, col: ruleArea.col, maxWidth: ruleArea.width, style: .dim)
            rest = list
        }
        if let user = session.user {
            grid.write("Signed in as \(user.userPrincipalName)", row: intro.row, col: intro.col, maxWidth: intro.width)
            grid.write("Choose who to be instead.", row: intro.row + 1, col: intro.col, maxWidth: intro.width, style: .dim)
        } else if session.model.users.isEmpty {
            grid.write("A new workspace.", row: intro.row, col: intro.col, maxWidth: intro.width)
        } else {
            grid.write("Choose who you are in this workspace.", row: intro.row, col: intro.col, maxWidth: intro.width)
        }
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
            guard let id = list.selectedID, session.signIn(id) == nil else { return nil }
            return .reset(DashboardShell.homeScreen(for: session))
        case .newAccount:
            return .push(NewAccountScreen(session: session))
        case .signOut:
            session.signOut()
            return .reset(SignInScreen(session: session))
        case nil:
            // Enter on an empty list is no action of the page's.
            return Self.keymap.unavailable(key, in: available) { $0 == .signOut ? "Nobody is signed in" : nil }
        }
    }
}
