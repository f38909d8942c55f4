import Foundation
import PartnerCore
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// Customers says why the focused row matched when the text was found in a field the row
/// does not show (at the right of the filter's row), and its Subs column counts active
/// subscriptions as the CLI does.
@MainActor
@Suite struct FilterReasonTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func customersApp(size: TerminalSize = .minimum) throws -> (App, CustomersScreen, DashboardSession) {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        return (App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session), root: screen), screen, session)
    }

    private func filter(_ text: String, in app: App) {
        for key: KeyEvent in [.character("/")] + text.map(KeyEvent.character) + [.enter] { app.handle(key) }
    }

    private func row(_ name: String, in app: App) -> String? {
        app.render().lines().first { $0.contains(name) }
    }

    /// The filter's row, where the reason is written.
    private func filterRow(_ app: App) -> String? {
        app.render().lines().first { $0.contains("│ / ") }
    }

    @Test func aMatchInTheContactOrEmailIsNamedInTheRow() throws {
        let (app, _, _) = try customersApp()
        filter("lucia", in: app)
        #expect(filterRow(app)?.contains("matched: contact Lucía Ramos") == true)
        app.handle(.escape)
        filter("admin@coho", in: app)
        #expect(filterRow(app)?.contains("matched: email admin@coho.example") == true)
    }

    @Test func aMatchInTheNameOrAShownDomainNeedsNoNote() throws {
        let (narrow, _, _) = try customersApp()
        filter("cohowinery", in: narrow)
        #expect(filterRow(narrow)?.contains("matched: domain cohowinery") == true,
                "the domain is hidden at 80 columns")
        let (wide, _, _) = try customersApp(size: TerminalSize(rows: 40, cols: 120))
        filter("cohowinery", in: wide)
        #expect(filterRow(wide)?.contains("matched") == false, "and shown at 120")
        wide.handle(.escape)
        filter("coho", in: wide)
        #expect(!wide.render().text.contains("matched"), "the name matched")
    }

    @Test func subsSaysHowManyAreActiveAsTheCommandLineDoes() throws {
        let (app, screen, session) = try customersApp(size: TerminalSize(rows: 40, cols: 120))
        filter("café müller", in: app)
        let cafe = try #require(screen.listedCustomers.first)
        #expect(session.model.subscriptionTally(of: cafe).label == "1/2 active")
        #expect(row("Café Müller KK", in: app)?.contains("1/2 active") == true)
    }

    @Test func golden() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let (app, _, _) = try customersApp(size: size)
            filter("it@c", in: app)
            try Golden.check(app.render(), "customers-matched-\(size.cols)x\(size.rows)")
        }
    }
}
