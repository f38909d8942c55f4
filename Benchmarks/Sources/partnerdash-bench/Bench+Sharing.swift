import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit
import TestSupport

/// A workspace shared by several processes: how soon another dashboard shows a commit,
/// and what 1 and 4 writers on one directory achieve together.
extension Bench {
    // MARK: Commit in one process → on another dashboard's screen

    /// The real binary in tmux on the Customers page, filtered to names no customer has;
    /// this process (another open of the same directory) adds customers that match, and
    /// each is timed from `execute` returning (synced) to its name on the tmux screen.
    func measureLiveUpdates(catalog: OfferCatalog) throws {
        guard let binary = partnerdashBinary() else {
            report.notes.append("live updates: skipped, no partnerdash binary next to this program")
            return
        }
        let count = max(20, options.runs * 4)
        say("\(count) commits shown on another dashboard…")
        let (writer, user, copy) = try openScratchCopy("live", catalog: catalog)
        defer { writer.close() }
        let tmux = Tmux(socket: "pdbench-live-\(getpid())")
        defer { tmux.killServer() }
        try tmux.startServer()
        let session = "live"
        try tmux.open(session, rows: Self.size.rows, cols: Self.size.cols,
                      command: "exec '\(binary)' --data '\(copy.path)' --as \(Self.signIn)",
                      until: [Self.homeText, Self.lastLineText], without: HomeScreen.counting)
        try tmux.send([":"], to: session)
        try tmux.waitUntil(["Jump to"], session: session, pollMicroseconds: 2000)
        try tmux.send(["Customers"], to: session, literal: true)
        try tmux.waitUntil(["1 match"], session: session, pollMicroseconds: 2000)
        try tmux.send(["Enter"], to: session)
        try tmux.waitUntil(["/ filter"], session: session, pollMicroseconds: 2000)
        try tmux.send(["/"], to: session)
        try tmux.send(["zqlive"], to: session, literal: true)
        try tmux.send(["Enter"], to: session)
        try tmux.waitUntil(["No customers match."], session: session, pollMicroseconds: 2000)
        var shown: [Double] = []
        for i in 0..<count {
            let name = String(format: "Zqlive %03d", i)
            let prefix = "zqlive\(i)p\(getpid())"
            let customer = NewCustomer(
                companyName: name, domainPrefix: prefix, firstName: "Kim", lastName: "Park", email: "it@\(prefix).example",
                phone: "+1 425 555 0101",
                address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US"))
            try writer.execute(.addCustomer(customer, reseller: nil, cart: [CartLine(offerId: "m365-business-basic", quantity: 1)]),
                               as: .user(user.id))
            shown.append(try tmux.waitUntil([name], session: session, pollMicroseconds: options.pollMicroseconds))
        }
        let s = Samples(shown)
        report.add("Sharing a workspace", "commit in one process → on another dashboard's Customers page", s, key: "live.shown",
                   detail: "p99 \(Report.f(s.percentile(99))) ms, max \(Report.f(s.max)) ms over \(s.count); the dashboard reads others' changes every 100 ms of idle",
                   goal: "p99 ≤ 250 ms")
        report.add("Sharing a workspace", "  p99", ours: s.percentile(99))
        try measureLiveUpdateSteps(catalog: catalog, copy: copy, writer: writer, user: user, count: count)
    }

    /// The same in this process, step by step, so that the tmux figure can be taken apart:
    /// the other dashboard's read of the journal (`refresh`), the screens told
    /// (`modelDidChange`) and the frame rendered, for a Customers page filtered to "zqlive".
    private func measureLiveUpdateSteps(catalog: OfferCatalog, copy: URL, writer: Workspace, user: User, count: Int) throws {
        let workspace = try Workspace.open(at: copy, catalog: catalog)
        defer { workspace.close() }
        let session = DashboardSession(workspace: workspace)
        session.signIn(user.id)
        let screen = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: Self.size), shell: DashboardShell(session: session), root: screen)
        let keys: [KeyEvent] = [.character("/")] + "zqlive".map(KeyEvent.character) + [.enter]
        keys.forEach(app.handle)
        _ = app.render()
        var refresh: [Double] = [], told: [Double] = [], rendered: [Double] = []
        for i in 0..<count {
            let name = String(format: "Zqlive in process %03d", i)
            let prefix = "zqsteps\(i)p\(getpid())"
            try writer.execute(.addCustomer(NewCustomer(
                companyName: name, domainPrefix: prefix, firstName: "Kim", lastName: "Park", email: "it@\(prefix).example",
                phone: "+1 425 555 0101",
                address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US")),
                reseller: nil, cart: [CartLine(offerId: "m365-business-basic", quantity: 1)]), as: .user(user.id))
            refresh.append(timed { _ = session.readOthersChanges() }.1)
            // The page counts its rows in the pauses between keys (a key reads a screenful):
            // here there are no keys, so the count is finished before the frame is read.
            told.append(timed {
                _ = app.tick()
                while screen.workBetweenKeys() {}
            }.1)
            let (grid, r) = timed { app.render() }
            rendered.append(r)
            // The page's count (the new row itself may be below the visible ones): the tmux part's customers, and these.
            guard grid.text.contains("\(count + i + 1) of ") else {
                throw Spawn.Failure(description: "\(name) not counted:\n\(grid.text)")
            }
        }
        let section = "Sharing a workspace"
        report.add(section, "  in process: the other's read of the journal (refresh)", Samples(refresh), key: "live.refresh")
        report.add(section, "  in process: screens told (modelDidChange), the count finished", Samples(told), key: "live.modelDidChange")
        report.add(section, "  in process: frame rendered", Samples(rendered), key: "live.render")
    }

    // MARK: Writers on one directory

    /// 1 writer, then 4 at once, each a process of its own (`WriterProcesses`) with its
    /// own open of one demo workspace, changing the same subscriptions.
    func measureFileWriters(catalog: OfferCatalog) throws {
        let each = max(50, options.commits / 2)
        say("file mode: 1 writer process × \(each * 2), then 4 writer processes × \(each)…")
        let names = try Self.names()
        var results: [(writers: Int, throughput: Throughput)] = []
        for writers in [1, 4] {
            let directory = root.appendingPathComponent("scratch-writers-\(writers)")
            let world = try QuantityWriter.world(names: names, catalog: catalog, seed: options.seed)
            try Workspace.create(at: directory, catalog: catalog, from: world).close()
            let perWriter = writers == 1 ? each * 2 : each
            let total = try WriterProcesses.run((0..<writers).map { index in
                WriterProcesses.Spec(store: .directory, location: directory.path, index: index, writes: perWriter,
                                     seed: options.seed)
            })
            results.append((writers, total))
        }
        let one = results[0].throughput, four = results[1].throughput
        let bare = try bareDiskWriters(each: each)
        let section = "Sharing a workspace"
        report.add(section, "file mode, 1 writer: commands per second", unit: "/s", ours: one.perSecond,
                   "\(one.appended) in \(Report.f(one.seconds)) s; \(one.cpuDetail)")
        report.add(section, "file mode, 4 writers at once: commands per second", unit: "/s", ours: four.perSecond,
                   "\(four.appended) in \(Report.f(four.seconds)) s (\(four.conflicts) refused by the rules); \(four.cpuDetail)",
                   goal: "≥ 2× one writer (here \(Self.ratio(four, one))×; the bare disk's \(Self.ratio(bare.four, bare.one))×)")
        report.add(section, "  peer: the bare disk (flock, append \(BareDiskWriter.recordBytes) B, fdatasync; no model), 1 writer",
                   unit: "/s", ours: bare.one.perSecond, "\(bare.one.appended) in \(Report.f(bare.one.seconds)) s; \(bare.one.cpuDetail)")
        report.add(section, "  peer: the bare disk, 4 writers at once", unit: "/s", ours: bare.four.perSecond,
                   "\(bare.four.appended) in \(Report.f(bare.four.seconds)) s; 4 ÷ 1 = \(Self.ratio(bare.four, bare.one))×, "
                   + "the most four writers gain over one on this disk")
    }

    /// The writers' peer in the same run: as many processes and appends, doing only the
    /// journal's durable part (`BareDiskWriter`).
    private func bareDiskWriters(each: Int) throws -> (one: Throughput, four: Throughput) {
        var results: [Throughput] = []
        for writers in [1, 4] {
            let directory = root.appendingPathComponent("scratch-bare-disk-\(writers)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let perWriter = writers == 1 ? each * 2 : each
            results.append(try WriterProcesses.run((0..<writers).map { index in
                WriterProcesses.Spec(store: .bareDisk, location: directory.path, index: index, writes: perWriter, seed: options.seed)
            }))
        }
        return (results[0], results[1])
    }

    private static func ratio(_ many: Throughput, _ one: Throughput) -> String {
        String(format: "%.2f", many.perSecond / max(one.perSecond, 0.001))
    }

}
