import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit
import Testing

/// Keys are handled while a large workspace is still reading its customers, orders,
/// subscriptions and activity log: the menu and help work at once, a page that needs the
/// rest says it is reading (never an empty list that looks like the truth) and becomes
/// the page when the load is over, and an idle tick ends the load once the background
/// reads are done, without a key ever waiting for them.
@MainActor
@Suite struct KeysWhileLoadingTests {
    /// The demo workspace (its directory lives as long as the suite) opened in two steps,
    /// signed in as the provider, still loading.
    private let demo: DemoWorkspace

    init() throws { demo = try DemoWorkspace() }

    private func loadingApp() throws -> (App, DashboardSession, Workspace) {
        try demo.workspace.fileStore!.checkpoint()
        demo.workspace.fileStore!.close()
        let workspace = try Workspace.beginOpen(at: demo.directory, catalog: demo.workspace.catalog)
        workspace.now = { DemoWorkspace.now }
        let session = DashboardSession(workspace: workspace, timeZone: TimeZone(identifier: "UTC")!)
        session.signIn(try #require(workspace.model.user(principal: DemoWorkspace.provider)).id)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: shell, root: shell.startScreen())
        return (app, session, workspace)
    }

    /// ↓ ↓ Enter from Home: the menu's Customers.
    private func openCustomers(_ app: App) {
        app.handle(.down)
        app.handle(.down)
        app.handle(.enter)
    }

    @Test func aPageThatNeedsTheCustomersSaysItIsReadingAndOpensWhenTheyAreIn() throws {
        let (app, session, _) = try loadingApp()
        #expect(session.isLoading)
        app.handle(.character("?"))
        #expect(app.isShowingHelp, "help answers while loading")
        app.handle(.escape)
        #expect(!app.isShowingHelp)

        openCustomers(app)
        #expect(session.isLoading)
        #expect(app.navigator.top.title == "Customers" && app.navigator.top.menuItemID == DashboardPage.customers.rawValue)
        let reading = app.render().text
        #expect(reading.contains("Reading the customers, orders, subscriptions and activity log…"))
        #expect(!reading.contains("No customers"), "a half-read model is never shown as the truth")
        #expect(app.navigator.top.keyHints.isEmpty, "no page key is offered on a half-read model")
        app.handle(.character("?"))
        #expect(app.isShowingHelp && session.isLoading, "the app's own keys do not wait for the load")
        app.handle(.escape)

        try session.finishLoading()
        app.tick()
        let whole = app.render().text
        #expect(!whole.contains("Reading the customers"))
        let opened = try DemoWorkspace().session(signedInAs: DemoWorkspace.provider)
        let openedShell = DashboardShell(session: opened)
        let reference = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: openedShell,
                            root: openedShell.startScreen())
        openCustomers(reference)
        #expect(whole == reference.render().text, "once in, the page is the page a whole open shows")
    }

    @Test func pagesThatNeedOnlyTheSmallSectionsOpenAtOnce() throws {
        let (app, session, _) = try loadingApp()
        let shell = try #require(app.shell as? DashboardShell)
        #expect(session.isLoading)
        for page in DashboardPage.allCases where !page.needsWholeModel {
            #expect(!(shell.screen(for: page).pageNote ?? "").contains("reading"), "\(page)")
        }
        #expect(!shell.canJump, "the jump palette finds customers: not while they are read")
    }

    @Test func anIdleTickEndsTheLoadOnceTheReadsAreDoneAndTheScreensHearOfIt() throws {
        let (app, session, workspace) = try loadingApp()
        let shell = try #require(app.shell as? DashboardShell)
        #expect(shell.idleInterval == .milliseconds(10), "while loading the tick comes often")
        let first = app.render().text
        #expect(LoadingHomeTests.fact("Customers", in: first) == HomeScreen.counting)

        workspace.fileStore!.waitUntilLoadReady()
        #expect(session.isLoading, "the reads are done, but only a tick ends the load")
        #expect(app.tick(), "the tick that ends the load redraws")
        #expect(!session.isLoading)
        #expect(shell.idleInterval == .milliseconds(100))
        let counted = app.render().text
        let visible = workspace.model.customerIds(visibleTo: try #require(session.account).id).count
        #expect(LoadingHomeTests.fact("Customers", in: counted) == "\(visible)")
        #expect(shell.canJump)
        #expect(session.loadingFailure == nil && !shell.mustStop)
    }

    /// Keys typed ahead on a page still reading are the page's: the first waits for the
    /// rest of the model, and they reach the page in order, as on a page opened whole.
    @Test func aPageKeyTypedWhileReadingWaitsForTheModelAndReachesThePage() throws {
        let (app, session, _) = try loadingApp()
        openCustomers(app)
        #expect(session.isLoading)
        for key in [KeyEvent.character("/"), .character("c"), .character("o")] { app.handle(key) }
        #expect(!session.isLoading, "the page's first key waited for the whole model")
        app.tick()

        let opened = try DemoWorkspace().session(signedInAs: DemoWorkspace.provider)
        let openedShell = DashboardShell(session: opened)
        let reference = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: openedShell,
                            root: openedShell.startScreen())
        openCustomers(reference)
        for key in [KeyEvent.character("/"), .character("c"), .character("o")] { reference.handle(key) }
        #expect(app.navigator.top.inputMode == .text)
        #expect(app.render().text == reference.render().text)
    }
}
