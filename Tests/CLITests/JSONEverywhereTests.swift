import Foundation
import Testing
import TestSupport

/// `--json` means JSON everywhere (issue 12, item 2): every command's result on stdout, and
/// every refusal as one `{"error":{…}}` object on stderr with the exit status it has without
/// `--json`. The global options may stand before or after the subcommand (item 4).
@Suite struct JSONEverywhereTests {
    @Test func globalOptionsMayStandBeforeTheSubcommand() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        // PARTNERDASH_DATA points nowhere, so only --data finds the workspace.
        let elsewhere = ["PARTNERDASH_DATA": cli.scratch.appendingPathComponent("nothing-here").path]
        let data = cli.workspace.path
        let after = try cli.run(["customers", "list", "--data", data, "--as", "ana"], environment: elsewhere)
        #expect(after.status == 0, "\(after)")
        for arguments in [["--data", data, "--as", "ana", "customers", "list"],
                          ["--data", data, "customers", "--as", "ana", "list"],
                          ["--as=ana", "customers", "list", "--data=\(data)"]] {
            let result = try cli.run(arguments, environment: elsewhere)
            #expect(result.status == 0 && result.stdout == after.stdout, "\(arguments): \(result)")
        }
        let json = try cli.run(["--json", "--as", "ana", "--data", data, "whoami"], environment: elsewhere)
        #expect(json.status == 0, "\(json)")
        let whoami = try #require(try json.json() as? [String: Any], "\(json)")
        #expect(whoami["legalName"] as? String == "Contoso Distribution", "\(json)")
    }

    @Test func exportCustomersPrintsJSONWithTheListsRecords() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let export = try cli.run("export", "customers", "--as", "ana", "--json")
        #expect(export.status == 0, "\(export)")
        let exported = try #require(try export.json() as? [[String: Any]], "not a JSON array: \(export)")
        let listed = try #require(try cli.run("customers", "list", "--as", "ana", "--json").json() as? [[String: Any]])
        #expect(!exported.isEmpty && exported.map { $0["id"] as? String } == listed.map { $0["id"] as? String })
        // Into a file (0600) the same JSON.
        let file = cli.scratch.appendingPathComponent("customers.json")
        let toFile = try cli.run("export", "customers", "--as", "ana", "--json", "--output", file.path)
        #expect(toFile.status == 0 && toFile.stdout.isEmpty, "\(toFile)")
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
        #expect(written.count == exported.count)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func twoFormatsAtOnceAreAUsageErrorNamingBoth() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let before = try cli.workspaceState()
        for arguments in [["log", "--csv", "--json", "--as", "ana"], ["--json", "log", "--csv", "--as", "ana"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 2 && result.stdout.isEmpty, "\(result)")
            let error = try Self.error(result)
            #expect(error["status"] as? Int == 2)
            let message = try #require(error["message"] as? String)
            #expect(message.contains("--csv") && message.contains("--json"), "\(result)")
        }
        #expect(try cli.workspaceState() == before)
    }

    @Test func aRefusalIsAJSONErrorObjectWithTheSameExitStatus() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let customer = try Self.firstCustomer(cli)
        // A domain rule (a license count outside the offer's range), a name that matches
        // nothing, a usage error and a workspace that is not there.
        let cases: [(arguments: [String], status: Int32, field: String)] = [
            (["orders", "add", "--as", "ana", "--customer", customer, "--offer", "m365-e3:0"], 1, "quantity"),
            (["customers", "show", "--as", "ana", "no-such-customer"], 1, "customer"),
            (["log", "--as", "ana", "--limit", "many"], 2, "arguments"),
            (["customers", "list", "--as", "ana", "--data", cli.scratch.appendingPathComponent("none").path], 3, "workspace"),
        ]
        for (arguments, status, field) in cases {
            let text = try cli.run(arguments)
            let json = try cli.run(arguments + ["--json"])
            #expect(text.status == status && json.status == status, "\(arguments)\n\(text)\n\(json)")
            #expect(!text.stderr.hasPrefix("{"), "text mode stays text: \(text)")
            let error = try Self.error(json)
            #expect((error["field"] as? String)?.hasSuffix(field) == true, "\(arguments): \(json)")
            #expect(error["status"] as? Int == Int(status) && !(error["message"] as? String ?? "").isEmpty, "\(json)")
            #expect(error.keys.contains("rule"), "rule is always there, null when none: \(json)")
        }
        let refused = try Self.error(try cli.run(cases[0].arguments + ["--json"]))
        #expect(refused["rule"] is Int, "a domain refusal names its rule: \(refused)")
    }

    /// Every command, run with `--json` on the demo: a result is one JSON document on stdout; a
    /// refusal is one JSON error on stderr whose status is the exit status, the same as without.
    @Test func everyCommandSpeaksJSON() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let customer = try Self.firstCustomer(cli)
        let subscriptions = try #require(try cli.run("subscriptions", "list", "--as", "ana", "--customer", customer, "--json")
            .json() as? [[String: Any]])
        let subscription = try #require(subscriptions.first?["id"] as? String)
        let copy = cli.scratch.appendingPathComponent("copy").path
        let gen = cli.scratch.appendingPathComponent("gen").path
        let fresh = cli.scratch.appendingPathComponent("fresh").path
        let ana = ["--as", "ana"], mia = ["--as", "mia"]
        let batch = cli.scratch.appendingPathComponent("batch.txt")
        try "whoami\n".write(to: batch, atomically: true, encoding: .utf8)
        let runs: [(command: String, arguments: [String], status: Int32)] = [
            ("accept", ["partnerdash://invitation/nonsense"] + mia, 1),
            ("accounts", [], 0),
            ("batch", ana + [batch.path], 0),
            ("check", [], 0),
            ("config check", [], 0),
            ("config path", [], 0),
            ("config show", [], 0),
            ("copy", ["--from", cli.workspace.path, "--to", copy], 2),
            ("customers add", ana + ["--offer", "m365-e3:5"] + Demo.newCustomer(), 0),
            ("customers list", ana, 0),
            ("customers remove-relationship", ana + ["--customer", customer, "--partner", "Contoso Distribution"], 1),
            ("customers request-relationship", ana + ["--email", "it@someone.example"], 0),
            ("customers show", ana + [customer], 0),
            ("demo", ["--data", cli.scratch.appendingPathComponent("demo2").path], 0),
            ("enroll resubmit", mia, 1),
            ("enroll review", mia, 1),
            ("enroll start", ["--tenant-country", "US", "--pmc-user", "nobody", "--admin-name", "N", "--admin-user", "n",
                              "--data", fresh], 2),
            ("enroll status", mia, 0),
            ("enroll verify", mia + ["--code", "000000"], 1),
            ("export customers", ana, 0),
            ("export invitations", ana, 0),
            ("export log", ana, 0),
            ("export orders", ana, 0),
            ("export providers", mia, 0),
            ("export resellers", ana, 0),
            ("export subscriptions", ana, 0),
            ("gen", ["--data", gen, "--customers", "20", "--resellers", "2"], 0),
            ("import customers", ana + [cli.scratch.appendingPathComponent("none.csv").path], 1),
            ("import subscriptions", ana + [cli.scratch.appendingPathComponent("none.csv").path], 1),
            ("init", Array(Demo.initAcme.dropFirst()) + ["--data", cli.scratch.appendingPathComponent("acme").path], 0),
            ("invitations list", ana, 0),
            ("invitations pending", mia, 0),
            ("invitations withdraw", ana + ["00000000"], 1),
            ("listing refresh", ana, 1),
            ("listing request", ana + ["--location", "US|Contoso|https://c.example/l.png|https://c.example"], 0),
            ("listing show", ana, 0),
            ("log", ana + ["--limit", "3"], 0),
            ("membership add", ["--mpn", "4999777", "--name", "Wide World", "--country", "US", "--pmc-user", "ww"], 1),
            ("membership list", [], 0),
            ("offers", [], 0),
            ("orders add", ana + ["--customer", customer, "--offer", "m365-e3:2"], 0),
            ("outbox write", [], 0),
            ("profile show", ana, 0),
            ("profile update", ana + ["--support-phone", "+1 555 0199"], 0),
            ("providers customers", mia + ["Contoso Distribution"], 0),
            ("providers end", mia + ["--provider", "nobody-at-all"], 1),
            ("providers find", mia + ["--country", "US"], 0),
            ("providers invite-customers", mia + ["--provider", "Contoso Distribution", "--email", "it@x.example"], 0),
            ("providers list", mia, 0),
            ("repair", [], 0),
            ("resellers end", ana + ["--reseller", "nobody-at-all"], 1),
            ("resellers list", ana, 0),
            ("resellers request", ana + ["--reseller", "nobody-at-all"], 1),
            ("roles list", [], 2),
            ("roles map", ["--role", "clerk", "--user", "ana"], 2),
            ("roles unmap", ["--role", "clerk", "--user", "ana"], 2),
            ("subscriptions list", ana + ["--customer", customer], 0),
            ("subscriptions update", ana + [subscription, "--quantity", "0"], 1),
            ("subscriptions ending", ana, 0),
            ("subscriptions cancel", ana + ["00000000"], 1),
            ("subscriptions upgrade", ana + ["00000000", "--offer", "m365-e5"], 1),
            ("subscriptions schedule", ana + ["00000000", "--quantity", "3"], 1),
            ("users add", ana + ["--name", "Cy Lo", "--user", "cy", "--role", "salesAgent"], 0),
            ("users list", ana, 0),
            ("users roles", ana + ["nobody-at-all", "--admin-agent", "on"], 1),
            ("whoami", ana, 0),
        ]
        let covered = Set(runs.map(\.command))
        let missing = try CommandTree.leaves().filter { $0 != "dashboard" && !covered.contains($0) }
        #expect(missing.isEmpty, "add these commands to the table: \(missing)")
        for run in runs {
            let arguments = run.command.split(separator: " ").map(String.init) + run.arguments + ["--json"]
            let result = try cli.run(arguments)
            #expect(result.status == run.status, "\(run.command): \(result)")
            if result.status == 0 {
                #expect((try? result.json()) != nil, "\(run.command) printed no JSON: \(result)")
            } else {
                let error = try Self.error(result)
                #expect(error["status"] as? Int == Int(result.status), "\(run.command): \(result)")
            }
        }
    }

    /// The one error object a failed `--json` run wrote to stderr.
    static func error(_ result: CLI.Result) throws -> [String: Any] {
        #expect(result.errorLines.count == 1, "one line on stderr: \(result)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any]
        return try #require(object?["error"] as? [String: Any], "no {\"error\":…} on stderr: \(result)")
    }

    static func firstCustomer(_ cli: CLI) throws -> String {
        let customers = try #require(try cli.run("customers", "list", "--as", "ana", "--json").json() as? [[String: Any]])
        return try #require(customers.first?["id"] as? String)
    }
}

/// The command tree as the binary describes itself (`--experimental-dump-help`, the same
/// definitions the man page and the completion scripts come from).
enum CommandTree {
    struct Command: Decodable {
        var commandName: String
        var subcommands: [Command]?
        var arguments: [Argument]?
    }

    struct Argument: Decodable {
        struct Name: Decodable { var kind: String, name: String }
        var names: [Name]?
        var shouldDisplay: Bool
    }

    struct ToolInfo: Decodable { var command: Command }

    static func root() throws -> Command {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let dump = try cli.run("--experimental-dump-help")
        return try JSONDecoder().decode(ToolInfo.self, from: dump.stdoutBytes).command
    }

    /// Every command's path below the root (`customers list`), groups included.
    static func all() throws -> [String] {
        func walk(_ command: Command, _ path: [String]) -> [String] {
            (command.subcommands ?? []).filter { $0.commandName != "help" }.flatMap { child -> [String] in
                let here = path + [child.commandName]
                return [here.joined(separator: " ")] + walk(child, here)
            }
        }
        return walk(try root(), [])
    }

    /// Every `--option` and `--flag` a help page shows, in any command.
    static func longOptions() throws -> Set<String> {
        func walk(_ command: Command) -> [String] {
            let own = (command.arguments ?? []).filter(\.shouldDisplay).flatMap { ($0.names ?? []).filter { $0.kind == "long" } }
            return own.map(\.name) + (command.subcommands ?? []).flatMap(walk)
        }
        return Set(walk(try root()))
    }

    /// The commands that run something (no subcommands of their own).
    static func leaves() throws -> [String] {
        func walk(_ command: Command, _ path: [String]) -> [String] {
            let children = (command.subcommands ?? []).filter { $0.commandName != "help" }
            if children.isEmpty { return [path.joined(separator: " ")] }
            return children.flatMap { walk($0, path + [$0.commandName]) }
        }
        return walk(try root(), [])
    }
}

extension JSONEverywhereTests {
    /// The JSON error echoes what was typed, but never hands a terminal a C1 control (CSI
    /// here) or a bidi override raw: they are written as \\u escapes, and parse back the same.
    @Test func jsonEscapesWhatATerminalWouldActOn() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let name = "Evil\u{9B}31m \u{202E}Corp"
        let result = try cli.run("customers", "show", "--as", "ana", name, "--json")
        #expect(result.status == 1, "\(result)")
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E }, "\(result)")
        let error = try Self.error(result)
        #expect((error["message"] as? String)?.contains(name) == true, "\(error)")
    }
}
