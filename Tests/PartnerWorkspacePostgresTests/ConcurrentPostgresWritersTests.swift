import Foundation
import PartnerCore
import PartnerPostgres
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres
import TestSupport
import Testing

/// Several processes writing one workspace in PostgreSQL at once, as in the file mode
/// (PartnerStoreTests' ConcurrentWritersTests, driven by the same `ConflictingWriters`):
/// 4 `partnerdash-crash-writer --conflicts postgresql://…?workspace=ws` processes × 250
/// changes chosen to conflict (the same four subscriptions' license counts, new customers
/// from one set of 120 tenant domains), checkpointing often, opened as the CLI opens a
/// `--data` URI. Every acknowledged change must be in the journal exactly once (one row
/// whose record is that change, its payload in no other row), the journal numbered
/// 1, 2, 3… without a gap, every surviving process and a fresh open must hold the same
/// model (digest), and `partnerdash check --data URI` must pass with that digest. Once
/// with random SIGKILLs of writers, once with the server restarted twice under them.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct ConcurrentPostgresWritersTests {
    static let writers = 4
    static let changesPerWriter = 250

    /// The demo world created as workspace "ws" in the database; the writers' environment
    /// keeps their local files (outbox, snapshot cache) in `scratch`.
    static func demo(conninfo: String) throws -> (uri: String, environment: [String: String], scratch: String) {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = try catalog()
        let world = try DemoWorld.build(names: names, catalog: catalog, now: Date(), fresh: SeededFreshValues(seed: 7))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pd-pgwriters-\(UUID().uuidString)").path
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": scratch,
            "XDG_DATA_HOME": scratch + "/data", "XDG_CACHE_HOME": scratch + "/cache",
        ]
        try SharedWorkspace.createInPostgres(.postgres(conninfo: conninfo, workspace: "ws"), catalog: catalog, from: world,
                                             environment: environment).close()
        return (PostgresTestServer.uri(conninfo, workspace: "ws"), environment, scratch)
    }

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    @Test(.timeLimit(.minutes(3)))
    func fourWritersWithKillsLoseNothingAndAgree() throws {
        let conninfo = try PostgresTestServer.freshDatabase()
        let (uri, environment, scratch) = try Self.demo(conninfo: conninfo)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        // Two slots of four get killed now and then, after a random number of their lines.
        let writers = ConflictingWriters(writerPath: try ConflictingWriters.writerPath(), location: uri, writers: Self.writers,
                                         changesPerWriter: Self.changesPerWriter, seed: seed, killable: [0, 2])
        writers.environment = environment
        try writers.run(until: ContinuousClock.now + .seconds(120))
        print("ConcurrentPostgresWritersTests, kills: \(writers.summary)")
        #expect(writers.kills > 0, "no writer was killed (seed \(seed))")
        // The server stayed up: every change was acknowledged or refused by a rule.
        #expect(writers.outages.isEmpty && writers.unknown.isEmpty, "\(writers.outages) \(writers.unknown) (seed \(seed))")
        // Conflicts really happened: some domains were refused because another writer had taken them.
        #expect(writers.refusals.contains { $0.contains("already taken") }, "no domain race was lost (seed \(seed))")
        try Self.expectEveryAcknowledgedChangeOnceAndOneModel(writers, conninfo: conninfo, uri: uri, environment: environment)
    }

    @Test(.timeLimit(.minutes(3)))
    func serverRestartsDuringWritesLoseAndDuplicateNothing() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let (uri, environment, scratch) = try Self.demo(conninfo: cluster.conninfo)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        let writers = ConflictingWriters(writerPath: try ConflictingWriters.writerPath(), location: uri, writers: Self.writers,
                                         changesPerWriter: Self.changesPerWriter, seed: seed, killable: [])
        writers.environment = environment
        // A writer that cannot go on says why and is started again for the rest of its changes.
        writers.restartFailedWriters = true
        let total = Self.writers * Self.changesPerWriter
        var restarts = 0
        var restartedAt: [Int] = []
        try writers.run(until: ContinuousClock.now + .seconds(150)) {
            // Restarted (sessions cut, `pg_ctl -m fast`) after a third and after two thirds of the changes.
            let finished = writers.acks.count + writers.refusals.count + writers.gaveUp.count + writers.unknown.count
            if restarts < 2, finished >= (restarts + 1) * total / 3 {
                try cluster.restart()
                restarts += 1
                restartedAt.append(finished)
            }
        }
        print("ConcurrentPostgresWritersTests, \(restarts) server restarts after \(restartedAt) changes: \(writers.summary)")
        for line in writers.outages.prefix(3) + writers.unknown.prefix(3) + writers.failures.prefix(3) {
            print("  \(line)")
        }
        #expect(restarts == 2, "the writers finished before the server was restarted twice (seed \(seed))")
        // Each writer was in the middle of its changes at each restart: someone noticed.
        #expect(!writers.outages.isEmpty || !writers.unknown.isEmpty || !writers.failures.isEmpty,
                "no writer noticed the restarts (seed \(seed))")
        // A writer that failed said plainly it was PostgreSQL.
        for failure in writers.failures {
            #expect(failure.contains("PostgreSQL") || failure.contains("server"), "\(failure) (seed \(seed))")
        }
        try Self.expectEveryAcknowledgedChangeOnceAndOneModel(writers, conninfo: cluster.conninfo, uri: uri, environment: environment)
    }

    /// What both tests require once the writers are done: every acknowledged change in the
    /// journal exactly once, no gap, every surviving writer and a fresh open agreeing on the
    /// digest, and `check --data URI` clean with it.
    static func expectEveryAcknowledgedChangeOnceAndOneModel(_ writers: ConflictingWriters, conninfo: String, uri: String,
                                                             environment: [String: String]) throws {
        let seed = writers.seed
        // A fresh open, from a cache of its own (the database's snapshot and the rows after it).
        var freshEnvironment = environment
        freshEnvironment["XDG_CACHE_HOME"] = (environment["HOME"] ?? "/tmp") + "/fresh-cache"
        let fresh = try SharedWorkspace.open(.postgres(conninfo: conninfo, workspace: "ws"), catalog: catalog(),
                                             environment: freshEnvironment)
        defer { fresh.close() }
        let model = fresh.model
        let problems = writers.problems(in: model)
        #expect(problems.isEmpty, "\(problems.prefix(10)) (seed \(seed))")
        #expect(model.invariantViolations(catalog: try catalog()).isEmpty, "seed \(seed)")

        // The rows themselves: numbered 1…n without a gap, and each acknowledged change's
        // record in exactly one row (an append stored twice would be the same payload twice).
        let connection = try PostgresConnection(conninfo)
        let range = try connection.execute(
            "SELECT count(*), coalesce(min(sequence), 0), coalesce(max(sequence), 0) FROM partnerdash_journal WHERE workspace = 'ws'")
        let rows = range.integer(row: 0, column: 0) ?? -1
        #expect(rows > 0 && range.integer(row: 0, column: 1) == 1 && range.integer(row: 0, column: 2) == rows,
                "journal rows are not 1…\(rows) (seed \(seed))")
        #expect(UInt64(max(0, rows)) == model.lastSequence, "seed \(seed)")
        let copies = try connection.execute("""
            SELECT sequence, count(*) OVER (PARTITION BY payload, actor) FROM partnerdash_journal WHERE workspace = 'ws'
            """)
        var copiesOf: [UInt64: Int64] = [:]
        for row in 0..<copies.rowCount {
            if let sequence = copies.integer(row: row, column: 0), let count = copies.integer(row: row, column: 1) {
                copiesOf[UInt64(sequence)] = count
            }
        }
        for ack in writers.acks where copiesOf[ack.sequence] != 1 {
            Issue.record("acknowledged \(ack) is in \(copiesOf[ack.sequence] ?? 0) journal rows (seed \(seed))")
        }
        let repeated = copiesOf.filter { $0.value > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "records stored more than once, at \(repeated.prefix(10)) (seed \(seed))")

        // Every surviving process and the fresh open hold the same model.
        let expected = try "digest \(ModelDigest.hex(model)) \(model.lastSequence)"
        let answers = writers.digests(until: ContinuousClock.now + .seconds(30))
        #expect(!answers.isEmpty, "no writer survived to compare (seed \(seed))")
        for (slot, answer) in answers.sorted(by: { $0.key < $1.key }) {
            #expect(answer == expected, "writer \(slot) (seed \(seed))")
        }

        // `check` reads every row, replays it and compares the stored snapshots: clean, same digest.
        let check = try Spawn.output(try Spawn.partnerdashBinary().path, ["check", "--data", uri], environment: environment)
        #expect(check.status == 0 && check.output.contains("Model invariants: all hold"), "\(check.output) (seed \(seed))")
        #expect(try check.output.contains("Model digest: \(ModelDigest.hex(model))"), "\(check.output) (seed \(seed))")
        #expect(!check.output.contains("DIFFERS"), "\(check.output) (seed \(seed))")
    }
}
