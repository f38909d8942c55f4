import Foundation
import Testing
import TestSupport

/// `partnerdash batch` (issue 11, item 4): many commands in one process on one open
/// workspace, one result per command, each decided on the latest state.
@Suite struct BatchTests {
    /// The result lines a `batch --json` printed.
    static func results(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    @Test func eachLineIsACommandWithItsOwnResultAndTheWorstStatusIsTheBatchs() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let commands = """
            # the provider's view, then two mistakes and a reseller
            whoami
            customers list --reseller 'Fabrikam Solutions'

            customers show "no such customer"   # refused: 1
            customers list --no-such-option
            {"args":["whoami","--as","mia"]}
            """
        let result = try cli.run(["batch", "--as", "ana", "--json"], stdin: commands)
        #expect(result.status == 2, "the worst: a usage error over a refusal: \(result)")
        let lines = try Self.results(result.stdout)
        #expect(lines.map { $0["line"] as? Int } == [2, 3, 5, 6, 7], "blank and comment lines hold no command")
        #expect(lines.map { $0["status"] as? Int } == [0, 0, 1, 2, 0])
        let whoami = try #require(lines[0]["output"] as? [String: Any], "the command's own JSON: \(lines[0])")
        #expect(whoami["legalName"] as? String == "Contoso Distribution", "the batch's --as")
        let fabrikam = try #require(lines[1]["output"] as? [[String: Any]], "the command's own JSON: \(lines[1])")
        let single = try cli.run("customers", "list", "--reseller", "Fabrikam Solutions", "--as", "ana", "--json")
        #expect(fabrikam.count == (try single.json() as? [[String: Any]])?.count && !fabrikam.isEmpty)
        let refusal = try #require(lines[2]["error"] as? [String: Any])
        #expect(refusal["status"] as? Int == 1 && refusal["field"] != nil && refusal["message"] != nil, "\(refusal)")
        #expect((lines[3]["error"] as? [String: Any])?["field"] as? String == "arguments")
        #expect((lines[4]["output"] as? [String: Any])?["legalName"] as? String == "Fabrikam Solutions", "a line's own --as wins")
    }

    @Test func textOutputAndFailuresNamedByLineOnStderr() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let file = cli.scratch.appendingPathComponent("commands.txt")
        try "whoami\nresellers end --reseller nobody-at-all\ncustomers list --reseller \"Fabrikam Solutions\"\n".write(
            to: file, atomically: true, encoding: .utf8)
        let result = try cli.run("batch", file.path, "--as", "ana")
        #expect(result.status == 1, "\(result)")
        let single = try cli.run("customers", "list", "--reseller", "Fabrikam Solutions", "--as", "ana")
        let whoami = try cli.run("whoami", "--as", "ana")
        #expect(result.stdout == whoami.stdout + single.stdout, "each command prints what it prints alone: \(result)")
        #expect(result.stderr.contains("partnerdash: line 2: reseller: "), "\(result.stderr)")
    }

    @Test func stopOnErrorStopsAtTheFirstFailure() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let result = try cli.run(["batch", "-", "--as", "ana", "--json", "--stop-on-error"],
                                 stdin: "whoami\ncustomers show nobody\nwhoami\n")
        #expect(result.status == 1)
        #expect(try Self.results(result.stdout).map { $0["line"] as? Int } == [1, 2], "\(result)")
    }

    @Test func whatNeedsTheWorkspaceClosedOrAWorkspaceOfItsOwnIsRefused() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let other = cli.scratch.appendingPathComponent("other").path
        let result = try cli.run(["batch", "--as", "ana", "--json"],
                                 stdin: "demo --force\ndashboard\nbatch\ncustomers list --data \(other)\n'unclosed\n")
        let lines = try Self.results(result.stdout)
        #expect(lines.map { $0["status"] as? Int } == [2, 2, 2, 2, 2], "\(result)")
        #expect(lines.compactMap { ($0["error"] as? [String: Any])?["field"] as? String }
            == ["arguments", "arguments", "arguments", "data", "line"])
        #expect(!FileManager.default.fileExists(atPath: other))
        #expect(try cli.run("check").status == 0, "the workspace was left as it was")
    }

    /// A change another process makes between two commands is read before the next one,
    /// and a write is decided on it: the batch's second add of the same domain is refused.
    @Test func eachCommandDecidesOnTheLatestStateOtherProcessesIncluded() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let batch = try ChildProcess.spawn(try CLI.binary().path, ["batch", "--as", "ana", "--json"], withInput: true,
                                           environment: cli.environment)
        func result(_ line: Int) throws -> [String: Any] {
            let deadline = ContinuousClock.now + .seconds(60)
            #expect(batch.read(until: deadline) { $0.contains { $0.hasPrefix("{\"line\":\(line),") || $0.contains("\"line\":\(line),") } })
            let text = try #require(batch.lines.last { $0.contains("\"line\":\(line),") }, "\(batch.lines)")
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        batch.send("customers list --filter Lumen")
        #expect((try result(1)["output"] as? [Any])?.isEmpty == true, "no Lumen yet")

        let added = try cli.run(["customers", "add", "--as", "ana", "--offer", "m365-e3:5"]
            + Demo.newCustomer(company: "Lumen Bakery", prefix: "lumenbakery"))
        #expect(added.status == 0, "\(added)")

        batch.send("customers list --filter Lumen")
        #expect((try result(2)["output"] as? [[String: Any]])?.count == 1, "the other process's customer is read")
        batch.send((["customers", "add", "--offer", "m365-e3:5"] + Demo.newCustomer(company: "Lumen Bakery 2", prefix: "lumenbakery"))
            .map { "'\($0)'" }.joined(separator: " "))
        let refused = try result(3)
        #expect(refused["status"] as? Int == 1, "the domain is taken since: \(refused)")
        batch.closeInput()
        #expect(batch.readToEnd(until: ContinuousClock.now + .seconds(60)))
        let status = batch.wait()
        #expect(status >> 8 == 1, "the worst status")
        let list = try cli.run("customers", "list", "--filter", "Lumen", "--as", "ana", "--json")
        #expect((try list.json() as? [[String: Any]])?.count == 1)
    }
}

/// Group commit in a batch: its changes are synced together, and no result is printed
/// before the sync that makes it durable.
@Suite struct BatchGroupCommitTests {
    static func activeSubscription(_ cli: CLI) throws -> String {
        let subscriptions = try #require(try cli.run("subscriptions", "list", "--customer", "kiteco", "--as", Demo.ana, "--json").json()
            as? [[String: Any]])
        return try #require(subscriptions.first?["id"] as? String)
    }

    static func addKiteCo(_ cli: CLI) throws -> String {
        let added = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "m365-business-standard:5"]
            + Demo.newCustomer(company: "Kite Co", prefix: "kiteco"))
        #expect(added.status == 0, "\(added)")
        return try activeSubscription(cli)
    }

    /// Thirty licence changes from a file (every line ready at once): each answered in order,
    /// every one durable, in fewer syncs than changes (the diagnostic log says each sync's).
    @Test func changesFromAFileAreSyncedTogetherAndEachAnswered() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let id = try Self.addKiteCo(cli)
        let quantities = Array(6...35)
        let file = cli.scratch.appendingPathComponent("licences.txt")
        try quantities.map { "subscriptions update \(id) --quantity \($0)\ncustomers list --filter Kite" }.joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["batch", file.path, "--as", Demo.ana, "--json"],
                                 environment: DiagnosticLogTests.state(cli, ["PARTNERDASH_LOG": "debug"]))
        #expect(result.status == 0, "\(result)")
        let lines = try BatchTests.results(result.stdout)
        #expect(lines.map { $0["line"] as? Int } == Array(1...(2 * quantities.count)), "one result a line, in order")
        #expect(lines.allSatisfy { $0["status"] as? Int == 0 }, "\(lines)")
        let syncs = try DiagnosticLogTests.lines(cli).filter { $0.contains("synced a batch's changes") }
        let synced = syncs.compactMap { line in line.split(separator: " ").first { $0.hasPrefix("changes=") }.flatMap { Int($0.dropFirst(8)) } }
        #expect(synced.reduce(0, +) == quantities.count, "every change synced once: \(syncs)")
        #expect(synced.count < quantities.count, "in fewer syncs than changes: \(syncs)")
        let shown = try #require(try cli.run("subscriptions", "list", "--customer", "kiteco", "--as", Demo.ana, "--json").json()
            as? [[String: Any]])
        #expect(shown.first?["quantity"] as? Int == quantities.last, "the last change is durable: \(shown)")
        #expect(try cli.run("check").status == 0)
    }

    /// A script that writes a change and waits for its answer before the next gets it at
    /// once: results are held only while more input is ready.
    @Test func aChangeIsAnsweredBeforeTheNextLineArrives() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let id = try Self.addKiteCo(cli)
        let batch = try ChildProcess.spawn(try CLI.binary().path, ["batch", "--as", Demo.ana, "--json"], withInput: true,
                                           environment: cli.environment)
        for (line, quantity) in [(1, 7), (2, 8), (3, 9)] {
            batch.send("subscriptions update \(id) --quantity \(quantity)")
            #expect(batch.read(until: ContinuousClock.now + .seconds(60)) { $0.contains { $0.contains("\"line\":\(line),") } },
                    "line \(line) answered while the batch waits for the next: \(batch.lines)")
            // The change it answered for stands.
            let shown = try #require(try cli.run("subscriptions", "list", "--customer", "kiteco", "--as", Demo.ana, "--json").json()
                as? [[String: Any]])
            #expect(shown.first?["quantity"] as? Int == quantity)
        }
        batch.closeInput()
        #expect(batch.readToEnd(until: ContinuousClock.now + .seconds(60)))
        #expect(batch.wait() == 0)
    }
}
