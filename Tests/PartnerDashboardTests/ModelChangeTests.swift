import Foundation
import PartnerCore
import PartnerDashboard
import TerminalKit
import Testing

/// The app tells every open screen, once, that the model changed: after a key that
/// committed, and after an idle tick that found changes made behind the session (the
/// path changes from other processes will take). No screen polls for changes.
@MainActor
@Suite struct ModelChangeTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    /// A page that counts the notifications it gets, in a log shared by the stack.
    final class Probe: Screen {
        let title: String
        let log: Log
        var onCommit: () throws -> Void = {}
        var next: Probe?

        init(_ title: String, log: Log) {
            self.title = title
            self.log = log
        }

        var keyHints: [KeyHint] { [] }
        func render(into grid: inout CellGrid, area: Rect) {}
        func handle(key: KeyEvent) -> ScreenAction? {
            switch key {
            case .character("c"):
                try? onCommit()
                return .handled
            case .character("p"):
                return next.map { .push($0) }
            default:
                return nil
            }
        }
        func modelDidChange() { log.told.append(title) }
    }

    final class Log {
        var told: [String] = []
    }

    private func addUser(_ name: String) -> Command {
        .addUser(displayName: name, userPrincipalName: name.lowercased().replacingOccurrences(of: " ", with: "."), roles: [.salesAgent])
    }

    /// Home › B › C, the top page able to commit.
    private func stack(_ session: DashboardSession) -> (App, Log, Probe) {
        let log = Log()
        let root = Probe("A", log: log), middle = Probe("B", log: log), top = Probe("C", log: log)
        root.next = middle
        middle.next = top
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: root)
        app.handle(.character("p"))
        app.handle(.character("p"))
        return (app, log, top)
    }

    @Test func aCommitNotifiesEveryScreenOnTheStackOnceTopFirst() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (app, log, top) = stack(session)
        #expect(app.navigator.path == ["A", "B", "C"])
        #expect(log.told.isEmpty, "opening pages changes nothing")
        top.onCommit = { try session.execute(addUser("Dana Park")) }

        let before = session.model.lastSequence
        app.handle(.character("c"))
        #expect(session.model.lastSequence == before + 1)
        #expect(log.told == ["C", "B", "A"])

        // Once: keys, frames and idle ticks after it bring nothing new.
        app.handle(.character("x"))
        _ = app.render()
        app.tick()
        #expect(log.told == ["C", "B", "A"])

        // A key that commits nothing tells nobody.
        top.onCommit = { try session.execute(addUser("")) }
        app.handle(.character("c"))
        #expect(log.told == ["C", "B", "A"], "a refusal changes nothing")
    }

    @Test func aChangeMadeBehindTheSessionArrivesAtTheNextTick() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let (app, log, _) = stack(session)
        let admin = try #require(session.user?.id)
        // As another process would: straight into the workspace, not through this session.
        try demo.workspace.execute(addUser("Dana Park"), as: .user(admin))
        _ = app.render()
        #expect(log.told.isEmpty, "drawing is not where changes are found")
        app.tick()
        #expect(log.told == ["C", "B", "A"])
        app.tick()
        #expect(log.told == ["C", "B", "A"])
    }

    /// Real pages read the model again from the notification: User management under
    /// another page shows a user added behind the session once the app says so.
    @Test func pagesReadTheModelAgainWhenTold() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: shell,
                      root: UserManagementScreen(session: session))
        #expect(!app.render().text.contains("Dana Park"))
        try demo.workspace.execute(addUser("Dana Park"), as: .user(try #require(session.user?.id)))
        #expect(!app.render().text.contains("Dana Park"), "the page keeps its rows until it is told")
        app.tick()
        #expect(app.render().text.contains("Dana Park"))

        // Committed through the session on this page's own Add user, then back: shown at once.
        app.handle(.character("a"))
        #expect(app.navigator.top.title == "Add user")
        try session.execute(addUser("Eli Moss"))
        app.handle(.character("x"))  // any key: the commit is delivered after it
        #expect(app.render().text.contains("Eli Moss") == false, "Add user is on top")
        app.handle(.escape)
        if app.isAskingToConfirm { app.handle(.right); app.handle(.enter) }
        #expect(app.navigator.top.title == "User management")
        #expect(app.render().text.contains("Eli Moss"))
    }
}
