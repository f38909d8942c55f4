import Foundation
import PartnerCore
@testable import PartnerDashboard
import PartnerResources
import PartnerWorkspace
@testable import TerminalKit
import Testing

/// What keeps Customers instant with a million of them: a keystroke makes the rows on
/// screen and no more, and the reseller picker's sorted list is kept until the model
/// changes, a change from another process included.
@MainActor
@Suite struct SearchAtScaleTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    @Test func aFilterKeystrokeMakesOnlyTheRowsOnScreen() throws {
        let (workspace, directory) = try demo.syntheticWorkspace(resellers: 5, customers: 400, seed: 7)
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { workspace.close() }
        let session = try DemoWorkspace.providerSession(on: workspace)
        let screen = CustomersScreen(session: session)
        let size = TerminalSize.minimum
        let app = App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session), root: screen)
        let counter = RowBuildCounter()
        screen.rowBuilds = counter
        app.handle(.character("/"))
        _ = app.render()

        for key in "e" {
            counter.reset()
            app.handle(.character(key))
            _ = app.render()
            while screen.workBetweenKeys() {}
            #expect(screen.listedCustomers.count > 100, "\"e\" matches most of 400")
            #expect(counter.rows > 0 && counter.rows <= size.rows, "\(counter.rows) rows made for \(screen.listedCustomers.count) matches")
        }
        // Opening a record makes its lines, not every customer's row.
        app.handle(.enter)
        app.handle(.down)
        counter.reset()
        app.handle(.right)
        _ = app.render()
        #expect(counter.rows <= 2 * size.rows)
        #expect(screen.rows.count > screen.listedCustomers.count, "the record is in the list")
    }

    /// Two screens on 400 customers take the same keys: one reads its search whole at
    /// every key (as the page did before it read in slices), the other three rows a key
    /// and three a pause between keys. Whenever the sliced one has finished counting, its
    /// frame is the whole one's, row for row, count and focus included; while it counts,
    /// it lists the whole one's first rows and says it is counting. With the trigram index
    /// built before the first key, or left to the thread the first key starts (which keys
    /// then find it built is the scheduler's choice: the focus once differed with it).
    @Test(arguments: [true, false])
    func aFilterReadInSlicesEndsOnTheScreenAWholeSearchShows(trigramsFirst: Bool) throws {
        let (workspace, directory) = try demo.syntheticWorkspace(resellers: 5, customers: 400, seed: 11)
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { workspace.close() }
        func page(_ pacing: SearchPacing) throws -> (App, CustomersScreen) {
            let session = try DemoWorkspace.providerSession(on: workspace)
            let screen = CustomersScreen(session: session)
            screen.pacing = pacing
            if trigramsFirst { session.customerIndex?.index.prepareTrigrams() }
            return (App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
                        root: screen), screen)
        }
        let (wholeApp, whole) = try page(.wholeAtEveryKey)
        let (slicedApp, sliced) = try page(.rows(3))
        // Moving the focus down first (a query then keeps it on the fourth row, where the
        // one before left it), typing, erasing while a query is unfinished, moving the focus
        // down, End while counting, and a pause long enough to finish now and then.
        enum Step { case key(KeyEvent), finishCounting }
        var keys: [Step] = []
        func press(_ events: KeyEvent...) { keys += events.map(Step.key) }
        func type(_ text: String) { keys += text.map { Step.key(.character($0)) } }
        press(.down, .down, .down, .character("/"))
        type("an")
        keys.append(.finishCounting)
        type("ne")
        press(.backspace, .backspace, .backspace)
        keys.append(.finishCounting)
        type("e")
        press(.enter, .down, .down)
        keys.append(.finishCounting)
        press(.character("/"), .character("o"), .enter, .end)
        keys.append(.finishCounting)
        press(.character("/"), .backspace, .backspace, .character("z"), .character("q"))
        keys.append(.finishCounting)
        press(.backspace, .backspace, .character("東"))
        keys.append(.finishCounting)
        var sawCounting = false
        for step in keys {
            switch step {
            case .key(let key):
                wholeApp.handle(key)
                slicedApp.handle(key)
                _ = wholeApp.render()
                _ = slicedApp.render()
                #expect(!whole.isCounting)
                if sliced.isCounting {
                    sawCounting = true
                    #expect(slicedApp.render().text.contains("counting… \(sliced.listedCustomers.count) of 400"))
                    #expect(Array(whole.listedCustomers.prefix(sliced.listedCustomers.count)) == sliced.listedCustomers,
                            "while counting, the first rows of the whole result (\(sliced.query))")
                }
            case .finishCounting:
                // The pauses between keys, one slice each, as the app gives them.
                var slices = 0
                while sliced.hasWorkBetweenKeys {
                    #expect(sliced.workBetweenKeys())
                    slices += 1
                }
                #expect(!sliced.workBetweenKeys(), "nothing left once counted")
                #expect(sliced.listedCustomers == whole.listedCustomers, "\"\(sliced.query)\" after \(slices) slices")
                #expect(sliced.focusedRow == whole.focusedRow, "\"\(sliced.query)\"")
                #expect(slicedApp.render().text == wholeApp.render().text, "\"\(sliced.query)\"")
            }
        }
        #expect(sawCounting, "three rows a key leave the search unfinished")
    }

    /// The app gives an unfinished search the pauses between keys: a script that types and
    /// then only waits ends on the finished count.
    @Test func theAppFinishesCountingBetweenKeys() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        screen.pacing = .rows(2)
        let terminal = TestTerminal(size: TerminalSize(rows: 40, cols: 120))
        let app = App(terminal: terminal, shell: DashboardShell(session: session), root: screen)
        terminal.type("/ca")
        terminal.enqueue(keys: [.enter])
        for _ in 0..<40 { terminal.enqueue(.idle) }
        app.run()
        #expect(!screen.isCounting, "the app read on while no key came")
        let count = screen.listedCustomers.count
        #expect(count > 0 && count < 37)
        #expect(terminal.frames.contains { $0.text.contains("counting…") })
        #expect(terminal.frames.last?.text.contains("\(count) of 37") == true)
    }

    /// `f` keeps its sorted list until the model changes; a partnership another process
    /// makes shows at the next `f` after the tick.
    @Test func thePickerShowsANewResellerAfterALiveUpdate() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
                      root: screen)
        let northwind = try demo.account("Northwind Cloud")
        app.handle(.character("f"))
        #expect(screen.pickerListing?.contains(northwind) == false)
        app.handle(.escape)

        let link = try demo.send(.reseller(northwind), as: DemoWorkspace.provider)
        let other = try Workspace.open(at: demo.directory, catalog: demo.workspace.catalog)
        other.now = { DemoWorkspace.now }
        let nadia = try #require(other.model.user(principal: DemoWorkspace.nadia)).id
        try other.execute(.authorizeProvider(invitation: link.invitationId, token: link.token, authorized: true), as: .user(nadia))
        other.close()

        app.handle(.character("f"))
        #expect(screen.pickerListing?.contains(northwind) == false, "nothing is read before the tick")
        app.handle(.escape)
        app.tick()
        app.handle(.character("f"))
        #expect(screen.pickerListing?.contains(northwind) == true)
        #expect(app.render().text.contains("Northwind Cloud"))
    }
}
