import Foundation
import Testing
import TestSupport

/// Issue 11, item 4: `customers list --reseller` on a snapshot that says where each
/// partner's customers are (format 10) reads only that reseller's; it prints byte for byte
/// what it printed when the whole workspace was read, as text and as JSON.
@Suite struct ResellerListingTests {
    private static let narrowed = "read one reseller's customers"

    @Test func oneResellersListPrintsWhatTheWholeWorkspaceGives() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let log = DiagnosticLogTests.state(cli, ["PARTNERDASH_LOG": "debug"])
        func lists() throws -> [String] {
            try ["Fabrikam Solutions", "Northwind Cloud", "Wingtip Consulting"].flatMap { reseller in
                try [[], ["--json"]].map { json in
                    let result = try cli.run(["customers", "list", "--reseller", reseller, "--as", Demo.ana] + json, environment: log)
                    #expect(result.status == 0, "\(result)")
                    return result.stdout
                }
            }
        }
        // The demo's journal alone: every customer is read.
        let whole = try lists()
        #expect(!(try DiagnosticLogTests.lines(cli)).contains { $0.contains(Self.narrowed) })
        // A change that shows in no list takes a snapshot; the lists then read one reseller's customers.
        let snapshot = try cli.run(["users", "add", "--name", "Dee Ray", "--user", "dee", "--as", Demo.ana],
                                   environment: ["PARTNERDASH_CHECKPOINT_BYTES": "1"])
        #expect(snapshot.status == 0, "\(snapshot)")
        #expect(try lists() == whole)
        #expect(try DiagnosticLogTests.lines(cli).contains { $0.contains(Self.narrowed) })
    }
}
