import Foundation
import PartnerCore
import PartnerDashboard
import PartnerWorkspace
import TerminalKit
import Testing

/// The Activity log: what the account may see, newest first; the user,
/// operation and customer pickers, `/` text, and `e` export honouring them.
@MainActor
@Suite struct ActivityLogTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    static let wide = TerminalSize(rows: 40, cols: 120)

    private func logApp(_ session: DashboardSession, size: TerminalSize = wide) -> App {
        let shell = DashboardShell(session: session)
        return App(terminal: TestTerminal(size: size), shell: shell, root: shell.screen(for: .activityLog))
    }

    private func type(_ text: String, _ app: App) {
        for c in text { app.handle(.character(c)) }
    }

    /// Opens a picker and moves down until `option` is selected, then chooses it.
    private func pick(_ key: Character, _ option: String, _ app: App) throws {
        app.handle(.character(key))
        for _ in 0..<200 {
            if app.render().lines().contains(where: { $0.contains("▸ " + option) }) {
                app.handle(.enter)
                return
            }
            app.handle(.down)
        }
        Issue.record("\(option) is not offered")
    }

    private func exported(_ session: DashboardSession) throws -> (url: URL, rows: [String]) {
        let directory = demo.directory.appendingPathComponent("exports")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let url = directory.appendingPathComponent(try #require(names.last))
        let text = try String(contentsOf: url, encoding: .utf8)
        return (url, text.components(separatedBy: "\r\n").filter { !$0.isEmpty })
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// An import is one journal record: its rows' audit records share a sequence, and each
    /// is its own row of the log (keyed by sequence alone, the screen trapped on them).
    @Test func anImportsRowsShareASequenceAndEachIsListed() throws {
        let header = CustomerColumn.allCases.map(\.rawValue)
        let rows = (1...3).map { n in
            header.map { ["companyProfile.companyName": "Batch \(n)", "companyProfile.domain": "batch\(n).onmicrosoft.com",
                          "billingProfile.firstName": "Ann", "billingProfile.lastName": "Lee", "billingProfile.email": "it@batch\(n).example",
                          "billingProfile.culture": "en-US", "billingProfile.language": "en", "billingProfile.defaultAddress.addressLine1": "1 Main St",
                          "billingProfile.defaultAddress.city": "Seattle", "billingProfile.defaultAddress.postalCode": "98101",
                          "billingProfile.defaultAddress.country": "US", "billingProfile.defaultAddress.phoneNumber": "+1 425 555 0100"][$0] ?? "" }
        }
        let ana = try #require(demo.workspace.model.user(principal: DemoWorkspace.provider))
        try demo.workspace.importRows(.customers, csv: ([header] + rows).map(CSV.record).joined(), as: .user(ana.id))
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        #expect(Set(session.model.auditLog.suffix(3).map(\.sequence)).count == 1)
        let app = logApp(session)
        let text = app.render().text
        for n in 1...3 { #expect(text.contains("Batch \(n)"), "row \(n) of the import is listed") }
    }

    @Test func newestFirstAndOnlyWhatTheAccountMaySee() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let app = logApp(session)
        let account = try #require(session.account)
        let visible = try session.model.auditRecords(visibleTo: account.id)
        #expect(!visible.isEmpty)
        #expect(visible.count < session.model.auditLog.count, "Fabrikam does not see everything")
        app.handle(.character("e"))
        let (_, rows) = try exported(session)
        #expect(rows.count == visible.count + 1)
        let dates = rows.dropFirst().map { String($0.prefix(20)) }
        #expect(dates == dates.sorted(by: >), "newest first")
        #expect(!rows.joined().contains("Adatum Systeme GmbH,"), "another reseller's changes stay hidden")
    }

    @Test func theOperationFilterNarrowsTheListAndTheExport() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let account = try #require(session.account)
        let app = logApp(session)
        try pick("o", "Subscription updated", app)
        let expected = try session.model.auditRecords(visibleTo: account.id, filter: AuditFilter(operationType: .update_subscription))
        #expect(!expected.isEmpty)
        #expect(app.navigator.top.pageNote == "/ filter")
        let text = app.render().text
        #expect(text.contains("Operation: Subscription updated"), "by its name in words")
        #expect(!text.contains("Customer added"))
        app.handle(.character("e"))
        let (url, rows) = try exported(session)
        #expect(rows.count == expected.count + 1)
        #expect(rows.dropFirst().allSatisfy { $0.contains(",update_subscription,") })
        #expect(app.render().text.contains("Exported \(expected.count) records to"))
        #expect(try mode(url.path) == 0o600)
        #expect(try mode(url.deletingLastPathComponent().path) == 0o700)

        app.handle(.character("x"))
        #expect(app.render().text.contains("Operation: any"))
        #expect(app.render().text.contains("Subscr. renewed"), "the newest records are the demo's renewals again")
    }

    @Test func userCustomerAndTextFiltersCombineInTheExport() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let account = try #require(session.account)
        let coho = try #require(session.model.customers.values.first { $0.name == "Coho Winery" })
        let app = logApp(session)
        try pick("c", "Coho Winery", app)
        let forCoho = try session.model.auditRecords(visibleTo: account.id, filter: AuditFilter(customerId: coho.id))
        #expect(!forCoho.isEmpty)
        app.handle(.character("e"))
        var rows = try exported(session).rows
        #expect(rows.count == forCoho.count + 1)
        #expect(rows.dropFirst().allSatisfy { $0.contains(coho.id.description) })

        try pick("u", "admin@coho.example", app)
        let both = try session.model.auditRecords(visibleTo: account.id,
                                              filter: AuditFilter(userPrincipalName: "admin@coho.example", customerId: coho.id))
        #expect(!both.isEmpty && both.count <= forCoho.count)
        app.handle(.character("/"))
        type("create_customer_relationship", app)
        app.handle(.enter)
        let text = both.filter { $0.operationType == .create_customer_relationship }
        app.handle(.character("e"))
        rows = try exported(session).rows
        #expect(rows.count == text.count + 1)
        #expect(rows.dropFirst().allSatisfy { $0.contains("admin@coho.example") && $0.contains("create_customer_relationship") })
    }

    @Test func thePickerOffersOnlyCustomersTheAccountMaySee() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let account = try #require(session.account)
        let hidden = session.model.customers.values.filter { !$0.isResellerOfRecord(account.id) }.map(\.name)
        let app = logApp(session)
        app.handle(.character("c"))
        app.handle(.end)
        let text = app.render().text
        #expect(text.contains("Filter by customer"))
        for name in Set(hidden) where !session.model.customers.values.contains(where: { $0.name == name && $0.isResellerOfRecord(account.id) }) {
            #expect(!text.contains(name))
        }
        app.handle(.escape)
        #expect(!app.render().text.contains("Filter by customer"))
        #expect(app.navigator.top.title == "Activity log")
    }

    @Test func aNewChangeShowsOnReturn() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = logApp(session)
        try session.execute(.addUser(displayName: "Eve Park", userPrincipalName: "eve", roles: [.salesAgent]))
        // Made outside a key (as a page on top would within one): delivered at the next tick.
        app.tick()
        let first = app.render().lines().first { $0.contains("User added") }
        #expect(first?.contains("eve@") == true)
    }

    @Test func activityLogHandlesExactlyTheKeysItLists() throws {
        let workspace = demo
        KeymapTests.checkHintsMatchHandling { ActivityLogScreen(session: try! workspace.session(signedInAs: DemoWorkspace.provider)) }
        KeymapTests.checkHintsMatchHandling {
            let screen = ActivityLogScreen(session: try! workspace.session(signedInAs: DemoWorkspace.provider))
            _ = screen.handle(key: .character("o"))
            return screen
        }
        KeymapTests.checkHintsMatchHandling {
            let screen = ActivityLogScreen(session: try! workspace.session(signedInAs: DemoWorkspace.provider))
            _ = screen.handle(key: .character("/"))
            return screen
        }
    }

    @Test func goldenActivityLog() throws {
        for size in [TerminalSize.minimum, Self.wide] {
            let app = logApp(try demo.session(signedInAs: DemoWorkspace.provider), size: size)
            try Golden.check(app.render(), "acct-activity-\(size.cols)x\(size.rows)")
            app.handle(.character("o"))
            try Golden.check(app.render(), "acct-activity-picker-\(size.cols)x\(size.rows)")
        }
    }
}
