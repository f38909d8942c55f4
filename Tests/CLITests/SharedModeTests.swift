import Foundation
import Testing
import TestSupport

/// The shared mode from the command line, against a throwaway PostgreSQL: the same
/// commands on `--data postgresql://…`, copying a workspace there and back, the rule that
/// a database role acts only as the users it is mapped to, and two processes racing.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct SharedModeTests {
    /// A fresh database's libpq keyword conninfo, and the same as a `postgresql://` URI
    /// naming `workspace`, for `--data`.
    static func freshDatabase(workspace: String = "ws") throws -> (conninfo: String, uri: String) {
        let conninfo = try PostgresTestServer.freshDatabase()
        return (conninfo, uri(conninfo, workspace: workspace))
    }

    static func uri(_ conninfo: String, workspace: String, user: String? = nil) -> String {
        PostgresTestServer.uri(conninfo, workspace: workspace, user: user)
    }

    static func cli(data: String) throws -> CLI {
        var cli = try CLI()
        cli.environment["PARTNERDASH_DATA"] = data
        // Each run's local files (outbox, snapshot cache) stay in the scratch directory.
        cli.environment["XDG_DATA_HOME"] = cli.scratch.appendingPathComponent("data").path
        cli.environment["XDG_CACHE_HOME"] = cli.scratch.appendingPathComponent("cache").path
        return cli
    }

    static func digest(_ check: CLI.Result) -> Substring? {
        check.stdout.split(separator: "\n").first { $0.hasPrefix("Model digest: ") }
    }

    @Test func initCustomersAddAndListOnPostgreSQL() throws {
        let (conninfo, uri) = try Self.freshDatabase()
        let cli = try Self.cli(data: uri)
        defer { cli.removeScratch() }
        let setup = try cli.run(Demo.initAcme)
        #expect(setup.status == 0 && setup.stdout.contains("al@acmedist.onmicrosoft.com"), "\(setup)")
        #expect(setup.stdout.contains("Workspace: postgresql://") && setup.stdout.contains("workspace=ws"), "\(setup)")
        #expect(!FileManager.default.fileExists(atPath: cli.workspace.path), "nothing was written to a directory")
        #expect(try cli.run("users", "roles", "al@acmedist.onmicrosoft.com", "--admin-agent", "on").status == 0)
        let add = try cli.run(["customers", "add", "--offer", "teams-essentials:5"] + Demo.newCustomer())
        #expect(add.status == 0, "\(add)")
        let list = try cli.run("customers", "list")
        #expect(list.status == 0 && list.stdout.contains("Alpine Ski") && list.stdout.contains("alpineski.onmicrosoft.com"), "\(list)")
        let again = try cli.run(["customers", "add", "--offer", "teams-essentials:5"] + Demo.newCustomer(company: "Other"))
        #expect(again.status == 1 && again.stderr.contains("alpineski.onmicrosoft.com is already taken"), "\(again)")
        let check = try cli.run("check")
        #expect(check.status == 0 && check.stdout.contains("Model invariants: all hold"), "\(check)")
        #expect(check.stdout.contains("PostgreSQL workspace ws: 3 journal rows"), "\(check)")
        // A workspace in PostgreSQL is never replaced, nor generated without its journal.
        let force = try cli.run("demo", "--force")
        #expect(force.status == 1 && force.stderr.contains("already holds a workspace") && force.stderr.contains("never deleted"), "\(force)")
        let gen = try cli.run("gen", "--customers", "10", "--resellers", "1")
        #expect(gen.status == 2 && gen.stderr.contains("gen works on a workspace directory"), "\(gen)")
        let whoami = try cli.run("whoami")
        #expect(whoami.stdout.contains("postgresql://postgres@/"), "the location, without a password: \(whoami)")
        // Another name in the same database is no workspace (and is not made one).
        let other = try cli.run(["customers", "list"], environment: ["PARTNERDASH_DATA": Self.uri(conninfo, workspace: "other")])
        #expect(other.status == 3 && other.stderr.contains("no workspace of that name"), "\(other)")
    }

    /// The temporary password a `customers add` printed.
    static func temporaryPassword(_ result: CLI.Result) throws -> String {
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Temporary password") }, "\(result)")
        return try #require(line.split(separator: " ").last.map(String.init))
    }

    /// Fails (psql exits non-zero) when `text` is in any stored row of the database.
    /// The text goes in as hex: a password may hold `$$` or `'`, which would end the quoting.
    static func expectNowhereInDatabase(_ conninfo: String, _ text: String) throws {
        let hex = text.utf8.map { String(format: "%02x", $0) }.joined()
        try PostgresTestServer.psql(conninfo, """
            DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM partnerdash_journal WHERE position(decode('\(hex)', 'hex') in payload) > 0)
                 OR EXISTS (SELECT 1 FROM partnerdash_snapshots WHERE position(decode('\(hex)', 'hex') in payload) > 0)
              THEN RAISE EXCEPTION 'the temporary password is stored'; END IF;
            END $$
            """)
    }

    @Test func copyFileToPostgreSQLAndBackKeepsTheModel() throws {
        let (conninfo, uri) = try Self.freshDatabase()
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        var env = cli.environment
        env["XDG_DATA_HOME"] = cli.scratch.appendingPathComponent("data").path
        env["XDG_CACHE_HOME"] = cli.scratch.appendingPathComponent("cache").path
        let first = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"] + Demo.newCustomer())
        #expect(first.status == 0, "\(first)")
        let passwords = [try Self.temporaryPassword(first)]
        let fileCheck = try cli.run(["check"], environment: env)
        #expect(fileCheck.status == 0, "\(fileCheck)")
        let fileDigest = try #require(Self.digest(fileCheck))

        let toPostgres = try cli.run(["copy", "--from", cli.workspace.path, "--to", uri], environment: env)
        #expect(toPostgres.status == 0 && toPostgres.stdout.contains(String(fileDigest)), "\(toPostgres)")
        let pgCheck = try cli.run(["check", "--data", uri], environment: env)
        #expect(pgCheck.status == 0 && Self.digest(pgCheck) == fileDigest, "\(pgCheck)")
        #expect(pgCheck.stdout.contains("outboxMessages"), "\(pgCheck)")
        // The copy is a workspace like any other: a change there, then back to a directory.
        let change = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5", "--data", uri]
                                 + Demo.newCustomer(company: "Bergen Ski", prefix: "bergenski"), environment: env)
        #expect(change.status == 0, "\(change)")
        let allPasswords = passwords + [try Self.temporaryPassword(change)]
        for password in allPasswords { try Self.expectNowhereInDatabase(conninfo, password) }
        let changed = try cli.run(["check", "--data", uri], environment: env)
        let changedDigest = try #require(Self.digest(changed))
        #expect(changedDigest != fileDigest)

        let back = cli.scratch.appendingPathComponent("back")
        let toFile = try cli.run(["copy", "--from", uri, "--to", back.path], environment: env)
        #expect(toFile.status == 0, "\(toFile)")
        let backCheck = try cli.run(["check", "--data", back.path], environment: env)
        #expect(backCheck.status == 0 && Self.digest(backCheck) == changedDigest, "\(backCheck)")
        let list = try cli.run(["customers", "list", "--as", Demo.ana, "--data", back.path, "--filter", "ski"], environment: env)
        #expect(list.stdout.contains("Bergen Ski") && list.stdout.contains("Alpine Ski"), "\(list)")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: back.appendingPathComponent("outbox").path)).isEmpty)
        // Temporary passwords are stored nowhere, on either side of the copies.
        let enumerator = FileManager.default.enumerator(atPath: cli.scratch.path)
        while let name = enumerator?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: cli.scratch.appendingPathComponent(name).path) else { continue }
            for password in allPasswords { #expect(data.range(of: Data(password.utf8)) == nil, "\(name) holds a temporary password") }
        }

        // Neither side is ever overwritten.
        let again = try cli.run(["copy", "--from", cli.workspace.path, "--to", uri], environment: env)
        #expect(again.status == 1 && again.stderr.contains("already holds a workspace"), "\(again)")
        let onto = try cli.run(["copy", "--from", uri, "--to", back.path], environment: env)
        #expect(onto.status == 1 && onto.stderr.contains("already holds a workspace"), "\(onto)")
    }

    @Test func aRoleMappedToBenCannotActAsAna() throws {
        let (conninfo, uri) = try Self.freshDatabase()
        let cli = try Self.cli(data: uri)
        defer { cli.removeScratch() }
        #expect(try cli.run("demo").status == 0)
        let role = "sales_\(UInt32.random(in: 0...UInt32.max))"
        try PostgresTestServer.psql(conninfo, "CREATE ROLE \(role) LOGIN")
        let mapped = try cli.run("roles", "map", "--role", role, "--user", "ben")
        #expect(mapped.status == 0 && mapped.stdout.contains(Demo.ben), "\(mapped)")
        let list = try cli.run("roles", "list")
        #expect(list.stdout.contains(role) && list.stdout.contains(Demo.ben) && list.stdout.contains("* (everyone)"), "\(list)")

        let asRole = ["PARTNERDASH_DATA": Self.uri(conninfo, workspace: "ws", user: role)]
        let refused = try cli.run(["customers", "list", "--as", "ana"], environment: asRole)
        #expect(refused.status == 1 && refused.errorLines.count == 1, "\(refused)")
        #expect(refused.stderr.contains("partnerdash: as:") && refused.stderr.contains("\(role) may act only as the workspace users it is mapped to")
                && refused.stderr.contains(Demo.ben) && refused.stderr.contains("not as \(Demo.ana)"), "\(refused)")
        let asBen = try cli.run(["whoami", "--as", "ben"], environment: asRole)
        #expect(asBen.status == 0 && asBen.stdout.contains(Demo.ben), "\(asBen)")
        // Without --as, the one user the role is mapped to.
        let alone = try cli.run(["whoami"], environment: asRole)
        #expect(alone.status == 0 && alone.stdout.contains(Demo.ben), "\(alone)")
        // The role may not change the mappings; unmapping takes ben away.
        let selfMap = try cli.run(["roles", "map", "--role", role, "--user", "ana"], environment: asRole)
        #expect(selfMap.status != 0, "\(selfMap)")
        #expect(try cli.run("roles", "unmap", "--role", role, "--user", "ben").status == 0)
        let gone = try cli.run(["whoami", "--as", "ben"], environment: asRole)
        #expect(gone.status == 1 && gone.stderr.contains("mapped to (none)"), "\(gone)")
        let check = try cli.run("check")
        #expect(check.status == 0, "\(check)")
    }

    @Test func twoProcessesRaceForOneDomainAndTheLoserGetsTheRule() throws {
        let (_, uri) = try Self.freshDatabase()
        let cli = try Self.cli(data: uri)
        defer { cli.removeScratch() }
        #expect(try cli.run("demo").status == 0)
        try ConcurrencyTests.raceForDomains(cli, prefix: "pgrace", rounds: 3)
        let check = try cli.run("check")
        #expect(check.status == 0, "\(check)")
    }
}
