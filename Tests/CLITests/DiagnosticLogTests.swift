import Foundation
import Testing
import TestSupport

/// The diagnostic log (issue 12, item 6): a file in `$XDG_STATE_HOME/partnerdash/` (0600),
/// its level from `--log-level` or `PARTNERDASH_LOG`, warnings by default.
@Suite struct DiagnosticLogTests {
    static func logFile(_ cli: CLI) -> URL {
        cli.scratch.appendingPathComponent("state/partnerdash/partnerdash.log")
    }

    static func state(_ cli: CLI, _ extra: [String: String] = [:]) -> [String: String] {
        extra.merging(["XDG_STATE_HOME": cli.scratch.appendingPathComponent("state").path]) { $1 }
    }

    static func lines(_ cli: CLI) throws -> [String] {
        guard FileManager.default.fileExists(atPath: logFile(cli).path) else { return [] }
        return try String(contentsOf: logFile(cli), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func aCommandAtDebugLevelLogsItsStartOpenAndOutcome() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        for (arguments, environment) in [(["customers", "list", "--as", "ana", "--log-level", "debug"], Self.state(cli)),
                                         (["customers", "list", "--as", "ana"], Self.state(cli, ["PARTNERDASH_LOG": "debug"]))] {
            try? FileManager.default.removeItem(at: Self.logFile(cli))
            let result = try cli.run(arguments, environment: environment)
            #expect(result.status == 0, "\(result)")
            #expect(!result.stderr.contains("debug") && !result.stdout.contains("debug"), "the log is never on the screen: \(result)")
            let lines = try Self.lines(cli)
            #expect(lines.contains { $0.contains("debug partnerdash: started") && $0.contains("command=customers list") }, "\(lines)")
            #expect(lines.contains { $0.contains("opened workspace") && $0.contains("ms=") }, "\(lines)")
            #expect(lines.contains { $0.contains("info partnerdash: finished") && $0.contains("status=0") }, "\(lines)")
            // The arguments are not logged: a link or a name has no business there.
            #expect(!lines.joined().contains("--as"), "\(lines)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: Self.logFile(cli).path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aChangeLogsTheSnapshotItTakes() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let environment = Self.state(cli, ["PARTNERDASH_LOG": "debug", "PARTNERDASH_CHECKPOINT_BYTES": "1"])
        let result = try cli.run(["users", "add", "--as", "ana", "--name", "Cy Lo", "--user", "cy", "--role", "salesAgent"],
                                 environment: environment)
        #expect(result.status == 0, "\(result)")
        let lines = try Self.lines(cli)
        #expect(lines.contains { $0.contains("snapshot if due") && $0.contains("ms=") }, "\(lines)")
        #expect(lines.contains { $0.contains("wrote snapshot") }, "\(lines)")
    }

    @Test func aSuccessfulCommandAtTheDefaultLevelLogsNothing() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let result = try cli.run(["customers", "list", "--as", "ana"], environment: Self.state(cli))
        #expect(result.status == 0, "\(result)")
        #expect(try Self.lines(cli).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: Self.logFile(cli).path), "no empty log file either")
    }

    @Test func aWorkspaceErrorIsLoggedWithItsErrnoAtTheDefaultLevel() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let denied = Self.state(cli, ["PARTNERDASH_FAULTS": "EACCES:open-read,stat,list:\(cli.workspace.path)"])
        let result = try cli.run(["customers", "list", "--as", "ana"], environment: denied)
        #expect(result.status == 3, "\(result)")
        let lines = try Self.lines(cli)
        #expect(lines.count == 1, "\(lines)")
        let line = try #require(lines.first)
        #expect(line.contains("error partnerdash: failed") && line.contains("command=customers list") && line.contains("status=3"))
        #expect(line.contains("errno=13"), "EACCES is 13: \(line)")
        // The same in the JSON error object.
        let json = try cli.run(["customers", "list", "--as", "ana", "--json"], environment: denied)
        let error = try JSONEverywhereTests.error(json)
        #expect(error["errno"] as? Int == 13, "\(json)")
    }

    /// A link typed on the line may come back in a usage error's message: its token is cut
    /// before the message is logged, so the log never holds a usable link.
    @Test func anInvitationTokenNeverReachesTheLog() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let secret = "s3cretT0kenXYZabc_-0123456789abcdefghijklmnop"
        let link = "partnerdash://invitation/00000000-0000-0000-0000-000000000000?token=\(secret)"
        let debug = Self.state(cli, ["PARTNERDASH_LOG": "debug"])
        for arguments in [["accept", link, "--as", "mia", "--no-such-flag"], ["accept", link, "--as", "mia"],
                          ["customers", "show", link, "--as", "ana"], ["invitations", "list", link]] {
            let result = try cli.run(arguments, environment: debug)
            #expect(result.status != 0, "\(result)")
        }
        let lines = try Self.lines(cli)
        #expect(lines.filter { $0.contains("refused") }.count == 4, "\(lines)")
        #expect(!lines.joined().contains(secret), "\(lines)")
    }

    @Test func anUnknownLevelIsAUsageErrorNamingWhereItCameFrom() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let flag = try cli.run(["customers", "list", "--as", "ana", "--log-level", "loud"], environment: Self.state(cli))
        #expect(flag.status == 2 && flag.stderr.contains("--log-level"), "\(flag)")
        let variable = try cli.run(["customers", "list", "--as", "ana"], environment: Self.state(cli, ["PARTNERDASH_LOG": "loud"]))
        #expect(variable.status == 2 && variable.stderr.contains("PARTNERDASH_LOG") && variable.stderr.contains("warning"),
                "\(variable)")
        // Under --json both are the usage error object.
        for (arguments, environment) in [(["customers", "list", "--as", "ana", "--log-level", "loud", "--json"], Self.state(cli)),
                                         (["--json", "customers", "list", "--as", "ana"], Self.state(cli, ["PARTNERDASH_LOG": "loud"]))] {
            let result = try cli.run(arguments, environment: environment)
            let error = try JSONEverywhereTests.error(result)
            #expect(result.status == 2 && error["status"] as? Int == 2 && error["field"] as? String == "arguments", "\(result)")
        }
        // The flag decides when both are given.
        let both = try cli.run(["customers", "list", "--as", "ana", "--log-level", "warning"],
                               environment: Self.state(cli, ["PARTNERDASH_LOG": "loud"]))
        #expect(both.status == 0, "\(both)")
    }
}
