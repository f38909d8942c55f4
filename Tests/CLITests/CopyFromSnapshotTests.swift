import Foundation
import Testing
import TestSupport

/// `copy` of a directory whose journal no longer starts at 1 (made by `gen`: its records
/// live only in a snapshot) into PostgreSQL and back: the snapshot begins the journal in
/// the database, the workspace there takes changes like any other, and `check` prints the
/// same `Model digest:` on every side.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct CopyFromSnapshotTests {
    @Test func aGenMadeWorkspaceIsCopiedIntoPostgreSQLAndBack() throws {
        let (conninfo, uri) = try SharedModeTests.freshDatabase(workspace: "gen")
        let cli = try SharedModeTests.cli(data: uri)
        defer { cli.removeScratch() }
        let generated = cli.scratch.appendingPathComponent("generated")
        let gen = try cli.run(["gen", "--customers", "40", "--resellers", "3", "--data", generated.path])
        #expect(gen.status == 0, "\(gen)")
        let journals = try FileManager.default.contentsOfDirectory(atPath: generated.path).filter { $0.hasPrefix("journal-") }
        #expect(journals.count == 1 && !journals[0].hasSuffix("00000000000000000001.log"), "the journal starts after a snapshot: \(journals)")
        let fileCheck = try cli.run(["check", "--data", generated.path])
        let fileDigest = try #require(SharedModeTests.digest(fileCheck), "\(fileCheck)")

        let toPostgres = try cli.run(["copy", "--from", generated.path, "--to", uri])
        #expect(toPostgres.status == 0 && toPostgres.stdout.contains("a snapshot of sequence")
                && toPostgres.stdout.contains(String(fileDigest)), "\(toPostgres)")
        let pgCheck = try cli.run(["check", "--data", uri])
        #expect(pgCheck.status == 0 && SharedModeTests.digest(pgCheck) == fileDigest, "\(pgCheck)")
        #expect(pgCheck.stdout.contains("begins with a base snapshot"), "\(pgCheck)")

        // A change in the database after the copied snapshot, seen by a client that opens from nothing.
        let change = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"]
                                 + Demo.newCustomer(company: "Bergen Ski", prefix: "bergenski"))
        #expect(change.status == 0, "\(change)")
        try SharedModeTests.expectNowhereInDatabase(conninfo, try SharedModeTests.temporaryPassword(change))
        let changed = try cli.run(["check", "--data", uri])
        let changedDigest = try #require(SharedModeTests.digest(changed), "\(changed)")
        #expect(changed.status == 0 && changedDigest != fileDigest, "\(changed)")
        let log = try cli.run(["log", "--json", "--as", Demo.ana])
        #expect(log.status == 0 && log.stdout.components(separatedBy: "Bergen Ski").count == 2, "\(log)")

        let back = cli.scratch.appendingPathComponent("back")
        let toFile = try cli.run(["copy", "--from", uri, "--to", back.path])
        #expect(toFile.status == 0 && toFile.stdout.contains("a snapshot of sequence"), "\(toFile)")
        let backCheck = try cli.run(["check", "--data", back.path])
        #expect(backCheck.status == 0 && SharedModeTests.digest(backCheck) == changedDigest, "\(backCheck)")
        let list = try cli.run(["customers", "list", "--as", Demo.ana, "--data", back.path, "--filter", "Bergen"])
        #expect(list.status == 0 && list.stdout.contains("Bergen Ski"), "\(list)")
    }
}
