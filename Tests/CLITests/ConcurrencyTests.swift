import Foundation
import Testing
import TestSupport

/// Several `partnerdash` processes on one workspace at once: each write is decided on the
/// latest state under the workspace's write lock, so a rule holds across processes.
struct ConcurrencyTests {
    /// Starts both command lines at once and waits for both.
    static func race(_ cli: CLI, _ first: [String], _ second: [String]) throws -> (CLI.Result, CLI.Result) {
        let binary = try CLI.binary()
        var started: [(pid: pid_t, out: URL, err: URL)] = []
        for arguments in [first, second] {
            let id = UUID().uuidString
            let out = cli.scratch.appendingPathComponent("\(id).out"), err = cli.scratch.appendingPathComponent("\(id).err")
            let pid = try Spawn.start(binary.path, arguments, environment: cli.environment,
                                      stdout: .file(out.path), stderr: .file(err.path))
            started.append((pid, out, err))
        }
        var results: [CLI.Result] = []
        for child in started {
            let status = try Spawn.wait(child.pid)
            let stdout = try Data(contentsOf: child.out)
            results.append(CLI.Result(status: status, stdout: String(decoding: stdout, as: UTF8.self),
                                      stderr: String(decoding: try Data(contentsOf: child.err), as: UTF8.self),
                                      stdoutBytes: stdout))
        }
        return (results[0], results[1])
    }

    static func expectClean(_ cli: CLI) throws {
        let check = try cli.run("check")
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("Model digest: "), "\(check)")
    }

    @Test func twoWritersRaceForOneTenantDomainAndExactlyOneWins() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        try Self.raceForDomains(cli, prefix: "racedomain", rounds: 4)
        try Self.expectClean(cli)
    }

    /// `rounds` times, two `customers add` for one tenant domain at once: exactly one wins,
    /// the other's one-line refusal names the domain rule, and the domain has one customer.
    /// The shared mode's test (SharedModeTests) runs the same race on PostgreSQL.
    static func raceForDomains(_ cli: CLI, prefix: String, rounds: Int) throws {
        for round in 0..<rounds {
            let domain = "\(prefix)\(round)"
            let (a, b) = try race(
                cli,
                ["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"] + Demo.newCustomer(company: "First \(round)", prefix: domain),
                ["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"] + Demo.newCustomer(company: "Second \(round)", prefix: domain))
            #expect([a.status, b.status].sorted() == [0, 1], "round \(round):\n\(a)\n\(b)")
            let loser = a.status == 0 ? b : a
            // The refusal names the rule: the tenant must be free.
            #expect(loser.errorLines.count == 1 && loser.stderr.contains("domainPrefix:")
                    && loser.stderr.contains("\(domain).onmicrosoft.com is already taken"), "\(loser)")
        }
        let list = try cli.run("customers", "list", "--as", Demo.ana, "--filter", prefix)
        for round in 0..<rounds {
            #expect(list.stdout.components(separatedBy: "\(prefix)\(round).onmicrosoft.com").count == 2, "\(list)")
        }
    }

    @Test func authorizeRacesWithdrawAndExactlyOneWins() throws {
        for round in 0..<2 {
            let cli = try CLI.demo()
            defer { cli.removeScratch() }
            let request = try cli.run("resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana, "--json")
            #expect(request.status == 0, "\(request)")
            let link = try CLI.link(request)
            let id = try #require((try request.json() as? [String: Any])?["invitationId"] as? String)
            let authorize = ["accept", link, "--authorize", "--as", Demo.nadia]
            let withdraw = ["invitations", "withdraw", id, "--as", Demo.ana]
            let (a, b) = round == 0 ? try Self.race(cli, authorize, withdraw) : try Self.race(cli, withdraw, authorize)
            let (authorized, withdrawn) = round == 0 ? (a, b) : (b, a)
            #expect([a.status, b.status].sorted() == [0, 1], "round \(round):\n\(a)\n\(b)")
            let loser = authorized.status == 0 ? withdrawn : authorized
            // Either way the loser is told the invitation is no longer pending, under rule 7.
            #expect(loser.errorLines.count == 1 && loser.stderr.contains("[rule 7]"), "\(loser)")
            let partners = try cli.run("resellers", "list", "--as", Demo.ana, "--json")
            let rows = try #require(try partners.json() as? [[String: Any]])
            let northwind = rows.first { ($0["legalName"] as? String ?? "").contains("Northwind") }
            let partnership = northwind?["partnership"] as? String
            #expect((partnership == "active") == (authorized.status == 0), "\(String(describing: northwind))")
            try Self.expectClean(cli)
        }
    }
}
