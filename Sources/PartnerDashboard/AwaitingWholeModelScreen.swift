import TerminalKit

/// A page opened while a large workspace is still reading its customers, orders,
/// subscriptions and activity log: it says so, and becomes the page itself when the app
/// says the model changed and the load is over, so nothing the page would show from a
/// half-read model ever shows. The app's own keys (menu, help, quit, back) work
/// meanwhile; any other key is the page's, so it waits for the rest of the model and goes
/// to the page: a key typed ahead is never lost or taken by something else.
@MainActor
final class AwaitingWholeModelScreen: Screen {
    private let page: DashboardPage
    private let session: DashboardSession
    private let makePage: @MainActor () -> any Screen
    /// The page, once the whole model is in.
    private var opened: (any Screen)?

    init(page: DashboardPage, session: DashboardSession, makePage: @escaping @MainActor () -> any Screen) {
        self.page = page
        self.session = session
        self.makePage = makePage
    }

    static let reading = "Reading the customers, orders, subscriptions and activity log…"

    var title: String { opened?.title ?? page.title }
    var menuItemID: String? { opened?.menuItemID ?? page.rawValue }
    var inputMode: InputMode { opened?.inputMode ?? .navigation }
    var hasUnsavedChanges: Bool { opened?.hasUnsavedChanges ?? false }
    var unsavedChangesWarning: String? { opened?.unsavedChangesWarning }
    var pageNote: String? {
        guard let opened else { return "reading…" }
        return opened.pageNote
    }
    var keyHints: [KeyHint] { opened?.keyHints ?? [] }

    func render(into grid: inout CellGrid, area: Rect) {
        if let opened { return opened.render(into: &grid, area: area) }
        grid.write(Self.reading, row: area.row, col: area.col, maxWidth: area.width, style: .dim)
        if area.height > 2 {
            grid.write("\(page.title) opens when they are in; the menu, help and quit work meanwhile.",
                       row: area.row + 2, col: area.col, maxWidth: area.width, style: .dim)
        }
    }

    func handle(key: KeyEvent) -> ScreenAction? {
        if let opened { return opened.handle(key: key) }
        guard GlobalAction.keymap.action(for: key) == nil, session.waitForTheWholeModel() else { return nil }
        let page = makePage()
        opened = page
        return page.handle(key: key)
    }

    var hasWorkBetweenKeys: Bool { opened?.hasWorkBetweenKeys ?? false }

    func workBetweenKeys() -> Bool { opened?.workBetweenKeys() ?? false }

    func modelDidChange() {
        if let opened { return opened.modelDidChange() }
        guard !session.isLoading else { return }
        opened = makePage()
    }
}
