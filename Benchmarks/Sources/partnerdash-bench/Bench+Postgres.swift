import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore
import TestSupport

/// The shared mode's journal: one append's latency on loopback, and what 1 and 4 writers
/// committing at once achieve. Measured on a throwaway server (`PostgresTestServer`: the
/// one `PARTNERDASH_TEST_POSTGRES` names, else a private cluster on a Unix socket).
extension Bench {
    func measurePostgres(catalog: OfferCatalog, model: PartnerModel) throws {
        let conninfo: String
        switch PostgresTestServer.server() {
        case .success:
            conninfo = try PostgresTestServer.freshDatabase()
        case .failure(let why) where PostgresTestServer.isRequired:
            throw Spawn.Failure(description: "PostgreSQL is required under CI=true: \(why)")
        case .failure(let why):
            report.notes.append("PostgreSQL rows not measured: \(why)")
            say("PostgreSQL not available: \(why)")
            return
        }
        say("\(options.commits) PostgreSQL appends, then 1 and 4 writers at once…")
        let entries = try Self.subscriptionChanges(options.commits, catalog: catalog, model: model, seed: options.seed)
        let owner = try PostgresConnection(conninfo)
        try PostgresWorkspaces(connection: owner).create("bench")
        let journal = try PostgresJournal(connection: owner, workspace: "bench", actor: Self.signIn)
        var latencies: [Double] = []
        for entry in entries {
            let (_, t) = try timed { try journal.append([entry], expectedLastSequence: journal.lastSequence) }
            latencies.append(t)
        }
        let section = "PostgreSQL journal (loopback; one record per append, the same records as the commands above)"
        let s = Samples(latencies)
        report.add(section, "append: INSERT through partnerdash_append + COMMIT", s, key: "postgres.append",
                   detail: "p99 \(Report.f(s.percentile(99))) ms, max \(Report.f(s.max)) ms over \(s.count)",
                   goal: "p99 ≤ 10 ms")
        report.add(section, "append: p99", ours: s.percentile(99))

        let perWriter = max(50, options.commits / 2)
        let one = try Self.concurrentCommits(writers: 1, each: perWriter * 2, catalog: catalog, conninfo: conninfo,
                                             workspace: "bench-1", seed: options.seed)
        let four = try Self.concurrentCommits(writers: 4, each: perWriter, catalog: catalog, conninfo: conninfo,
                                              workspace: "bench-4", seed: options.seed)
        report.add(section, "1 writer (store, commit(deciding:)): commands per second", unit: "/s", ours: one.perSecond,
                   "\(one.appended) in \(Report.f(one.seconds)) s; \(one.cpuDetail)")
        report.add(section, "4 writers at once: commands per second", unit: "/s", ours: four.perSecond,
                   "\(four.appended) in \(Report.f(four.seconds)) s (\(four.conflicts) refused by the rules, \(four.gaveUp) gave up); \(four.cpuDetail)",
                   goal: "≥ 2× one writer (here \(String(format: "%.2f", four.perSecond / max(one.perSecond, 0.001)))×)")
    }

    /// Real journal records: quantity changes decided on the generated model, as a command would.
    static func subscriptionChanges(_ count: Int, catalog: OfferCatalog, model start: PartnerModel,
                                    seed: UInt64) throws -> [JournalEntry] {
        var model = start
        guard let user = model.user(principal: signIn) else { throw Spawn.Failure(description: "no ana") }
        let live = model.subscriptions.values.filter { $0.status == .active }.sorted { $0.id < $1.id }
        guard !live.isEmpty else { throw Spawn.Failure(description: "no live subscriptions") }
        var rng = SeededFreshValues(seed: seed)
        var entries: [JournalEntry] = []
        while entries.count < count {
            let id = live[Int(rng.next() % UInt64(live.count))].id
            guard let s = model.subscriptions[id], let offer = catalog[s.offerId] else { continue }
            // Up, as the writers do: licenses go up at any time, down only inside the
            // cancellation window, which a generated world's subscriptions may be past.
            let quantity = s.quantity < offer.maximumQuantity ? s.quantity + 1 : s.quantity - 1
            var context = CommandContext(now: QuantityWriter.worldDate, fresh: rng, catalog: catalog)
            let decision = try model.decide(.updateSubscription(id, SubscriptionChange(quantity: quantity)),
                                            as: .user(user.id), context: &context)
            rng = context.fresh as? SeededFreshValues ?? rng
            model.apply(decision.transaction, sequence: model.lastSequence + 1)
            entries.append(ModelCodec.encode(decision.transaction))
        }
        return entries
    }

    struct Throughput: Sendable {
        var appended = 0
        var conflicts = 0
        var gaveUp = 0
        var seconds = 0.0
        /// CPU seconds of the writer processes (user + system) while they ran (the
        /// PostgreSQL server's own are not counted).
        var cpuSeconds = 0.0
        var perSecond: Double { seconds > 0 ? Double(appended) / seconds : 0 }
        var cpuDetail: String {
            let per = { (cpu: Double) in Report.f(cpu * 1000 / Double(max(1, self.appended))) }
            return "CPU per command: \(per(cpuSeconds)) ms in the writers (wall \(Report.f(seconds * 1000 / Double(max(1, appended)))) ms)"
        }
    }

    /// The demo world in a new workspace in the database, then `writers` processes
    /// (`WriterProcesses`), each its own store (own connections), changing the quantities
    /// of the same eight subscriptions through `commit(deciding:)`, as a command does.
    nonisolated static func concurrentCommits(writers: Int, each: Int, catalog: OfferCatalog, conninfo: String,
                                              workspace: String, seed: UInt64) throws -> Throughput {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("pdbench-cache-\(getpid())").path
        let names = try Self.names()
        let world = try QuantityWriter.world(names: names, catalog: catalog, seed: seed)
        let creator = try PostgresWorkspaceStore.create(conninfo: conninfo, workspace: workspace, cacheDirectory: cache,
                                                        actor: DemoWorld.providerAdmin)
        try creator.commit(world.transactions)
        creator.close()
        return try WriterProcesses.run((0..<writers).map { index in
            WriterProcesses.Spec(store: .postgres, location: conninfo, workspace: workspace, cacheDirectory: cache,
                                 index: index, writes: each, seed: seed)
        })
    }
}
