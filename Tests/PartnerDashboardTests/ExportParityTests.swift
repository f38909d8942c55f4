import Foundation
import PartnerCore
@testable import PartnerDashboard
@testable import TerminalKit
import Testing
import TestSupport

/// A list page's `e` writes the same bytes as `partnerdash export … --format csv` with the
/// same filters, on the same workspace: one export, not two.
@MainActor
@Suite struct ExportParityTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    /// Presses `e` on `root` and returns the file it wrote under exports/.
    private func pressExport(_ session: DashboardSession, on root: any Screen, typing filter: String? = nil) throws -> Data {
        let app = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: session), root: root)
        if let filter {
            for character in "/" + filter { app.handle(.character(character)) }
            app.handle(.enter)
        }
        let folder = demo.directory.appendingPathComponent("exports")
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        app.handle(.character("e"))
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !before.contains($0) }
        try #require(written.count == 1, "e wrote one file: \(app.hintLine)")
        return try Data(contentsOf: folder.appendingPathComponent(written[0]))
    }

    /// What the command line writes for the same workspace.
    private func cli(_ arguments: [String], as user: String) throws -> Data {
        let out = demo.directory.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: out) }
        let status = try Spawn.run(try Spawn.partnerdashBinary().path,
                                   ["export"] + arguments + ["--data", demo.directory.path, "--as", user, "--output", out.path],
                                   environment: ["LANG": "C.UTF-8", "HOME": demo.directory.path])
        try #require(status == 0, "partnerdash export \(arguments) exited \(status)")
        return try Data(contentsOf: out)
    }

    @Test func customersWithTheResellerAndTextFilters() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let fabrikam = try #require(session.model.account(mpnId: "4812345")).id
        let page = try pressExport(session, on: CustomersScreen(session: session, reseller: fabrikam), typing: "co")
        let command = try cli(["customers", "--reseller", "4812345", "--filter", "co"], as: DemoWorkspace.provider)
        #expect(page == command)
        #expect(String(decoding: page, as: UTF8.self).components(separatedBy: "\r\n").count > 3, "a few rows, not none")
        let all = try pressExport(session, on: CustomersScreen(session: session))
        #expect(all == (try cli(["customers"], as: DemoWorkspace.provider)))
    }

    @Test func theActivityLogAndTheIndirectProviders() throws {
        // The command line's sign-in records the terms that ended by the real clock (rule 11)
        // first; the page then reads those records too.
        _ = try cli(["log"], as: DemoWorkspace.provider)
        try demo.workspace.refresh()
        let ana = try demo.session(signedInAs: DemoWorkspace.provider)
        #expect(try pressExport(ana, on: ActivityLogScreen(session: ana)) == (try cli(["log"], as: DemoWorkspace.provider)))
        let mia = try demo.session(signedInAs: DemoWorkspace.reseller)
        let providers = IndirectProvidersScreen(session: mia)
        let app = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: mia), root: providers)
        // Focus starts on a pending invitation's checkbox when there is one: Tab to the table.
        for _ in 0..<6 where !app.hintLine.contains("export") { app.handle(.tab) }
        let folder = demo.directory.appendingPathComponent("exports")
        app.handle(.character("e"))
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("indirect-providers") }
        try #require(written.count == 1, "\(app.hintLine)")
        #expect(try Data(contentsOf: folder.appendingPathComponent(written[0])) == (try cli(["providers"], as: DemoWorkspace.reseller)))
    }
}
