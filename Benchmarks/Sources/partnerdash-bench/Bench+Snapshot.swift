import Foundation
import TestSupport
import PartnerCore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit

/// What a background snapshot costs the thread that keeps working: the dashboard starts
/// one (`startBackgroundCheckpoint`) and goes on committing and taking keys while it is
/// written on another thread. Freezing the model must not copy it, and nothing the owner
/// does meanwhile may wait for, or pay for, the snapshot.
extension Bench {
    /// Live subscriptions in id order, for seeded choices of what to change.
    static func liveSubscriptions(_ model: PartnerModel) -> [Subscription] {
        model.subscriptions.values.filter { $0.status == .active || $0.status == .suspended }.sorted { $0.id < $1.id }
    }

    /// The workspace copied to `scratch-<name>` and opened, with the user who signs in.
    func openScratchCopy(_ name: String, catalog: OfferCatalog) throws -> (Workspace, User, URL) {
        let copy = root.appendingPathComponent("scratch-\(name)")
        try FileManager.default.copyItem(at: workspaceDirectory, to: copy)
        let workspace = try Workspace.open(at: copy, catalog: catalog)
        guard let user = workspace.model.user(principal: Self.signIn) else {
            workspace.close()
            throw Spawn.Failure(description: "no ana")
        }
        return (workspace, user, copy)
    }

    func measureSnapshotStalls(catalog: OfferCatalog) throws {
        say("commits and keystrokes while a snapshot is written (\(options.runs) snapshots each)…")
        let (workspace, user, _) = try openScratchCopy("snapshot-stalls", catalog: catalog)
        defer { workspace.close() }
        var licences = LicenceRaiser(live: Self.liveSubscriptions(workspace.model), catalog: catalog, seed: options.seed)
        func commit() throws -> Double {
            let (id, quantity) = try licences.next(in: workspace.model)
            return try timed { try workspace.execute(.updateSubscription(id, SubscriptionChange(quantity: quantity)), as: .user(user.id)) }.1
        }

        var starts: [Double] = [], firsts: [Double] = [], during: [Double] = [], writes: [Double] = []
        for _ in 0..<options.runs {
            _ = try commit()  // something for the snapshot to cover
            let begun = nowNanos()
            let (started, start) = try timed { try workspace.backend.startBackgroundCheckpoint() }
            guard started else { throw Spawn.Failure(description: "the snapshot did not start") }
            starts.append(start)
            var first = true
            while true {
                let t = try commit()
                if first { firsts.append(t) }
                first = false
                during.append(t)
                if try workspace.backend.pollBackgroundCheckpoint() { break }
            }
            writes.append(millis(since: begun))
        }

        let keys = try keystrokesDuringSnapshots(workspace: workspace, user: user, commit: commit)
        let section = "A snapshot written in the background (dashboard), \(report.customers) customers"
        report.add(section, "starting it: freeze the model + new journal segment", Samples(starts), key: "snapshot.start",
                   goal: "16 ms")
        report.add(section, "first commit after it starts", Samples(firsts), key: "snapshot.firstCommit",
                   detail: "\(Report.spread(Samples(firsts))) (one per snapshot)", goal: "16 ms")
        let d = Samples(during)
        report.add(section, "commit during a snapshot: median", d, key: "snapshot.commit",
                   detail: "p99 \(Report.f(d.percentile(99))) ms, max \(Report.f(d.max)) ms over \(d.count)", goal: "16 ms")
        report.add(section, "commit during a snapshot: p99", ours: d.percentile(99), goal: "16 ms")
        report.add(section, "commit during a snapshot: max", ours: d.max, goal: "16 ms")
        let k = Samples(keys)
        report.add(section, "keystroke during a snapshot (Customers filter, 120×40): median", k, key: "snapshot.keystroke",
                   detail: "p99 \(Report.f(k.percentile(99))) ms, max \(Report.f(k.max)) ms over \(k.count)", goal: "16 ms")
        report.add(section, "keystroke during a snapshot: p99", ours: k.percentile(99), goal: "16 ms")
        report.add(section, "keystroke during a snapshot: max", ours: k.max, goal: "16 ms")
        report.add(section, "the snapshot, start to finished (while committing)", Samples(writes), key: "snapshot.duration")
    }

    /// The Customers filter's keys, typed over and over while each snapshot is written (a
    /// commit first, so there is something new to write); handle + render per key.
    private func keystrokesDuringSnapshots(workspace: Workspace, user: User, commit: () throws -> Double) throws -> [Double] {
        let session = DashboardSession(workspace: workspace)
        session.signIn(user.id)
        let screen = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: Self.size), shell: DashboardShell(session: session), root: screen)
        _ = app.render()
        app.handle(.character("/"))
        _ = app.render()
        var keystrokes: [Double] = []
        for _ in 0..<options.runs {
            _ = try commit()
            _ = app.render()  // the page takes the commit in before the snapshot starts
            guard try workspace.backend.startBackgroundCheckpoint() else {
                throw Spawn.Failure(description: "the snapshot did not start")
            }
            var at = 0
            repeat {
                let start = nowNanos()
                app.handle(Self.filterKeys[at % Self.filterKeys.count])
                _ = app.render()
                keystrokes.append(millis(since: start))
                at += 1
            } while try !workspace.backend.pollBackgroundCheckpoint()
        }
        return keystrokes
    }
}

/// Seeded choices of a live subscription whose licences go up by one (a rise is allowed at
/// any time; a cut only inside the 168-hour window), each taken from the model as it is now.
struct LicenceRaiser {
    let live: [SubscriptionID]
    let catalog: OfferCatalog
    var rng: SeededFreshValues

    init(live: [Subscription], catalog: OfferCatalog, seed: UInt64) {
        self.live = live.map(\.id)
        self.catalog = catalog
        rng = SeededFreshValues(seed: seed)
    }

    mutating func next(in model: PartnerModel) throws -> (SubscriptionID, Int) {
        guard !live.isEmpty else { throw Spawn.Failure(description: "no live subscriptions") }
        for _ in 0..<1_000 {
            let id = live[Int(rng.next() % UInt64(live.count))]
            if let s = model.subscriptions[id], let offer = catalog[s.offerId], s.quantity < offer.maximumQuantity {
                return (id, s.quantity + 1)
            }
        }
        throw Spawn.Failure(description: "no live subscription below its maximum")
    }
}
