import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore
import TestSupport

/// The shared mode's journal: one append's latency on loopback, and what 1 and 4 writers
/// appending at once achieve. Measured on a throwaway server (`PostgresTestServer`: the
/// one `PARTNERDASH_TEST_POSTGRES` names, else a private cluster on a Unix socket).
extension Bench {
    func measurePostgres(catalog: OfferCatalog, model: PartnerModel) throws {
        let conninfo: String
        switch PostgresTestServer.server() {
        case .success:
            conninfo = try PostgresTestServer.freshDatabase()
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
        let one = try Self.concurrentAppends(writers: 1, each: perWriter * 2, entries: entries, conninfo: conninfo,
                                             workspace: "bench-1")
        let four = try Self.concurrentAppends(writers: 4, each: perWriter, entries: entries, conninfo: conninfo,
                                              workspace: "bench-4")
        report.add(section, "1 writer: appends per second", unit: "/s", ours: one.perSecond,
                   "\(one.appended) appends in \(Report.f(one.seconds)) s")
        report.add(section, "4 writers at once: appends per second", unit: "/s", ours: four.perSecond,
                   "\(four.appended) appends in \(Report.f(four.seconds)) s, \(four.conflicts) conflicts caught up and retried",
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
            let quantity = s.quantity > offer.minimumQuantity ? s.quantity - 1 : s.quantity + 1
            var context = CommandContext(now: Date(timeIntervalSince1970: 1_790_000_000), fresh: rng, catalog: catalog)
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
        var seconds = 0.0
        var perSecond: Double { seconds > 0 ? Double(appended) / seconds : 0 }
    }

    /// `writers` threads, each with its own connection, each appending `each` records to one
    /// workspace; a writer that loses the race for a sequence catches up and tries again.
    nonisolated static func concurrentAppends(writers: Int, each: Int, entries: [JournalEntry], conninfo: String,
                                  workspace: String) throws -> Throughput {
        try PostgresWorkspaces(connection: PostgresConnection(conninfo)).create(workspace)
        let results = ResultBox(count: writers)
        let start = nowNanos()
        let threads = (0..<writers).map { index in
            Thread {
                results.set(index, Result { try appendLoop(each: each, entries: entries, conninfo: conninfo, workspace: workspace) })
            }
        }
        threads.forEach { $0.start() }
        results.waitForAll()
        let seconds = Double(nowNanos() - start) / 1e9
        var total = Throughput(seconds: seconds)
        for result in results.all {
            let (appended, conflicts) = try result.get()
            total.appended += appended
            total.conflicts += conflicts
        }
        return total
    }

    nonisolated private static func appendLoop(each: Int, entries: [JournalEntry], conninfo: String,
                                   workspace: String) throws -> (Int, Int) {
        let connection = try PostgresConnection(conninfo)
        let journal = try PostgresJournal(connection: connection, workspace: workspace, actor: signIn)
        var appended = 0, conflicts = 0
        while appended < each {
            do {
                _ = try journal.append([entries[appended % entries.count]], expectedLastSequence: journal.lastSequence)
                appended += 1
            } catch StoreError.conflict {
                conflicts += 1
                _ = try journal.records(after: journal.lastSequence)
            }
        }
        return (appended, conflicts)
    }
}

/// The writers' results, filled in by their threads and read once all are in.
final class ResultBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Result<(Int, Int), any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<(Int, Int), any Error>) {
        condition.lock()
        results[index] = result
        condition.broadcast()
        condition.unlock()
    }

    func waitForAll() {
        condition.lock()
        while results.contains(where: { $0 == nil }) { condition.wait() }
        condition.unlock()
    }

    var all: [Result<(Int, Int), any Error>] {
        condition.lock()
        defer { condition.unlock() }
        return results.compactMap { $0 }
    }
}
