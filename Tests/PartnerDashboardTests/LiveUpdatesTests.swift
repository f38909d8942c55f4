import Foundation
import PartnerCore
@testable import PartnerDashboard
import PartnerWorkspace
@testable import TerminalKit
import Testing

/// Changes other processes make reach an open dashboard at its next idle tick, through
/// the one model-changed path, without moving the user: the filter, the focused row, the
/// expanded records and a half-typed form stay as they were.
///
/// "Another process" is a second open of the same workspace directory: its own
/// descriptors, open mark and write lock, exactly what a second program holds.
@MainActor
@Suite struct LiveUpdatesTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func otherProcess() throws -> Workspace {
        let other = try Workspace.open(at: demo.directory, catalog: demo.workspace.catalog)
        other.now = { DemoWorkspace.now }
        return other
    }

    private func ana(in workspace: Workspace) throws -> Actor {
        .user(try #require(workspace.model.user(principal: DemoWorkspace.provider)).id)
    }

    private func newCustomer(_ name: String, prefix: String) -> NewCustomer {
        NewCustomer(companyName: name, domainPrefix: prefix, firstName: "Kim", lastName: "Park", email: "it@\(prefix).example",
                    phone: "+1 425 555 0101",
                    address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US"))
    }

    private func type(_ text: String, into app: App) {
        for character in text { app.handle(.character(character)) }
    }

    @Test func aCustomerAddedByAnotherProcessAppearsAndTheUsersPlaceStays() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
                      root: screen)
        let coho = try #require(session.model.customers.values.first { $0.name == "Coho Winery" }).id
        type("/o", into: app)
        app.handle(.enter)
        screen.focus(coho)
        app.handle(.right)  // Coho's record opens in place
        let rowsBefore = screen.rows.count

        let other = try otherProcess()
        try other.execute(.addCustomer(newCustomer("Aaron Outfitters", prefix: "aaronoutfitters"), reseller: nil,
                                       cart: [CartLine(offerId: "m365-business-basic", quantity: 10)]), as: ana(in: other))
        #expect(!screen.listedCustomers.contains { session.model.customers[$0]?.name == "Aaron Outfitters" },
                "nothing is read before the tick")

        app.tick()
        #expect(session.model.lastSequence == other.model.lastSequence)
        #expect(screen.listedCustomers.contains { session.model.customers[$0]?.name == "Aaron Outfitters" })
        #expect(app.render().text.contains("Aaron Outfitters"))
        #expect(screen.query == "o", "the filter stays")
        #expect(screen.focusedRow == .customer(coho), "the focused customer stays")
        #expect(screen.rows.count == rowsBefore + 1, "Coho's record stays open; one row more")
    }

    @Test func aHalfTypedFormKeepsItsTextWhileTheModelChangesUnderIt() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let customers = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
                      root: customers)
        app.handle(.character("n"))
        #expect(app.navigator.top.title == "New customer")
        type("Half Typed Mar", into: app)
        #expect(app.render().text.contains("Half Typed Mar"))

        let other = try otherProcess()
        try other.execute(.addCustomer(newCustomer("Zephyr Ski", prefix: "zephyrski"), reseller: nil,
                                       cart: [CartLine(offerId: "m365-business-basic", quantity: 10)]), as: ana(in: other))
        app.tick()
        #expect(app.navigator.top.title == "New customer")
        #expect(app.render().text.contains("Half Typed Mar"), "what was typed stays")
        #expect(customers.listedCustomers.contains { session.model.customers[$0]?.name == "Zephyr Ski" },
                "the page under the form has it already")

        // The rule is checked against the latest state: the domain the other process took is refused here.
        #expect(throws: DomainError.self) {
            try session.execute(.addCustomer(newCustomer("Zephyr Again", prefix: "zephyrski"), reseller: nil,
                                             cart: [CartLine(offerId: "m365-business-basic", quantity: 1)]))
        }
    }

    @Test func theShellsIdleWorkReadsOthersChanges() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let other = try otherProcess()
        try other.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana.park", roles: [.salesAgent]),
                          as: ana(in: other))
        #expect(session.model.lastSequence < other.model.lastSequence)
        _ = shell.idle()
        #expect(session.model.lastSequence == other.model.lastSequence)
        #expect(session.takeModelChange())
        #expect(session.durability == .saved)
    }
}
