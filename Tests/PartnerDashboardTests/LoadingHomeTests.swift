import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit
import Testing

/// The dashboard's first frame over a workspace still reading its customers: the real
/// frame, menu and Home, with "counting…" where customers are needed, and the counts at
/// the next frame once loading is done.
@MainActor
@Suite struct LoadingHomeTests {
    @Test func homeSaysCountingUntilTheCustomersAreIn() throws {
        let demo = try DemoWorkspace()
        try demo.workspace.fileStore!.checkpoint()
        demo.workspace.fileStore!.close()
        let workspace = try Workspace.beginOpen(at: demo.directory, catalog: demo.workspace.catalog)
        workspace.now = { DemoWorkspace.now }
        #expect(workspace.isLoading)
        let session = DashboardSession(workspace: workspace, timeZone: TimeZone(identifier: "UTC")!)
        let user = try #require(workspace.model.user(principal: DemoWorkspace.provider))
        session.signIn(user.id)
        let shell = DashboardShell(session: session)
        let terminal = TestTerminal(size: TerminalSize(rows: 40, cols: 120))
        let app = App(terminal: terminal, shell: shell, root: shell.startScreen())

        let first = app.render().text
        #expect(first.contains("At a glance"))
        #expect(first.contains("Indirect resellers"))  // the menu and the partners line
        #expect(Self.fact("Customers", in: first) == HomeScreen.counting)
        #expect(Self.fact("Subscriptions", in: first) == HomeScreen.counting)
        #expect(first.contains("Counting customers and subscriptions…"))
        #expect(!first.contains("Nothing needs attention"))

        try session.finishLoading()
        #expect(!session.isLoading)
        // (The hint bar offers `:` jump from now on: the palette finds customers.)
        #expect(app.render().text.split(separator: "\n").dropLast() == first.split(separator: "\n").dropLast(),
                "Home keeps what it drew until it is told the model changed")
        #expect(!first.contains(": jump") && app.render().text.contains(": jump"))
        // `App.run` delivers the change before its first frame; an idle tick does the same.
        app.tick()
        let complete = app.render().text
        #expect(!complete.contains(HomeScreen.counting))
        #expect(!complete.contains("Counting customers"))
        let visible = workspace.model.customerIds(visibleTo: try #require(session.account).id).count
        #expect(visible > 0)
        #expect(Self.fact("Customers", in: complete) == "\(visible)")

        // The frame after loading is the frame a fully opened workspace draws.
        let opened = try DemoWorkspace()
        let fullSession = try opened.session(signedInAs: DemoWorkspace.provider)
        let fullShell = DashboardShell(session: fullSession)
        let fullApp = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: fullShell, root: fullShell.startScreen())
        #expect(fullApp.render().text == complete)
    }

    /// The value beside a label under "At a glance", in the page (right of the menu).
    static func fact(_ label: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            guard let page = line.range(of: "││").map({ line[$0.upperBound...] }),
                  let range = page.range(of: "  " + label + " ") else { continue }
            let rest = page[range.upperBound...].drop { $0 == " " }
            return String(rest.prefix { $0 != "│" && $0 != " " })
        }
        return nil
    }
}
