import Foundation
import Testing
import TestSupport

/// `log` reads the activity log without the snapshot's customers, orders and subscriptions
/// (its records name customers by id, and the log's full chunks stay in the file): it
/// prints what an open of the whole workspace prints, as text and as JSON.
@Suite struct LogListingTests {
    private static let narrowed = "sections left unread"

    @Test func theLogPrintsWhatTheWholeWorkspaceGives() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let log = DiagnosticLogTests.state(cli, ["PARTNERDASH_LOG": "debug"])
        let filters: [[String]] = [[], ["--limit", "5"], ["--operation", "add_customer"], ["--user", Demo.ana]]
        func texts(as user: String) throws -> [String] {
            try filters.map { filter in
                let result = try cli.run(["log", "--as", user] + filter, environment: log)
                #expect(result.status == 0, "\(result)")
                return result.stdout
            }
        }
        // The demo's journal alone: nothing is left unread.
        let mia = try texts(as: Demo.mia)
        #expect(!(try DiagnosticLogTests.lines(cli)).contains { $0.contains(Self.narrowed) })

        // A change Fabrikam does not see takes a snapshot; Mia's log is then read narrowly and unchanged.
        let snapshot = try cli.run(["users", "add", "--name", "Dee Ray", "--user", "dee", "--as", Demo.ana],
                                   environment: ["PARTNERDASH_CHECKPOINT_BYTES": "1"])
        #expect(snapshot.status == 0, "\(snapshot)")
        #expect(try texts(as: Demo.mia) == mia)
        #expect(try DiagnosticLogTests.lines(cli).contains { $0.contains(Self.narrowed) && $0.contains("customers") })

        // Ana's JSON, narrowly on stdout and whole into a file (`--output` reads everything).
        for filter in filters {
            let narrow = try cli.run(["log", "--json", "--as", Demo.ana] + filter, environment: log)
            let file = cli.scratch.appendingPathComponent("log-\(filter.joined()).json")
            let whole = try cli.run(["log", "--json", "--output", file.path, "--as", Demo.ana] + filter, environment: log)
            #expect(narrow.status == 0 && whole.status == 0, "\(narrow)\n\(whole)")
            #expect(narrow.stdoutBytes == (try Data(contentsOf: file)), "filter \(filter)")
        }
    }
}
