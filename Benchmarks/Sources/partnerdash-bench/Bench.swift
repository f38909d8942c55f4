#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerTUI

enum PeerInfo {
    static let sqliteVersion: String = {
        (try? DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }) ?? "?"
    }()
}

/// The whole benchmark, in the order the table prints it.
@MainActor
final class Bench {
    let options: Options
    var report: Report
    let root: URL
    let workspaceDirectory: URL
    let subsetDirectory: URL
    let peerDatabase: String
    static let signIn = "ana@contosodistribution.onmicrosoft.com"
    static let size = TerminalSize(rows: 40, cols: 120)
    /// The Home page's own text: its first frame is drawn once this is on the screen.
    static let homeText = "At a glance"

    init(_ options: Options) {
        self.options = options
        let formatter = ISO8601DateFormatter()
        report = Report(startedAt: formatter.string(from: Date()), loadAverageAtStart: Machine.loadAverage(),
                        cores: Machine.cores, customers: options.customers, resellers: options.resellers,
                        runs: options.runs, peerRuns: options.peerRuns)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("partnerdash-bench-\(getpid())")
        workspaceDirectory = root.appendingPathComponent("workspace")
        subsetDirectory = root.appendingPathComponent("same-rows")
        peerDatabase = root.appendingPathComponent("peer.sqlite").path
    }

    nonisolated static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    nonisolated static func names() throws -> WorldNames {
        try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    }

    func say(_ text: String) {
        FileHandle.standardError.write(Data("bench: \(text)\n".utf8))
    }

    func run() throws {
        say("load average at start: \(report.loadAverageAtStart) (\(report.cores) cores)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer {
            if options.keep {
                say("kept \(root.path)")
            } else {
                try? FileManager.default.removeItem(at: root)
            }
        }
        let catalog = try Self.catalog()
        say("generating \(options.customers) customers over \(options.resellers) resellers (seed \(options.seed))…")
        let (world, generation) = try timed {
            try SyntheticWorld.build(resellers: options.resellers, customers: options.customers, seed: options.seed,
                                     names: Self.names(), catalog: catalog, now: Date(timeIntervalSince1970: 1_790_000_000))
        }
        let model = world.model
        report.subscriptions = model.subscriptions.count
        say("generated in \(Report.f(generation / 1000)) s; writing the workspace")
        let created = try Workspace.create(at: workspaceDirectory, catalog: catalog, from: world)
        created.store.close()
        let snapshotBytes = Self.snapshotSize(workspaceDirectory)
        report.notes.append("snapshot: \(snapshotBytes / 1_000_000) MB for \(model.customers.count) customers, \(model.subscriptions.count) subscriptions, \(model.orders.count) orders, \(model.auditLog.count) audit records")

        // The rows the peer holds (customers and subscriptions, plus the accounts they
        // point at), as a model of ours: the like-for-like write and load.
        let subset = PartnerModel(
            accounts: Array(model.accounts.values), users: Array(model.users.values), membershipProfiles: [],
            listings: [:], changeRequests: [], invitations: [], partnerships: Array(model.partnerships.values),
            customers: Array(model.customers.values), orders: [], subscriptions: model.subscriptionsInIndexOrder,
            auditLog: [], lastSequence: model.lastSequence)

        try measureWrites(model: model, subset: subset)
        try measureOpen(catalog: catalog)
        try measureMemory()
        try measureFirstFrameInTmux()
        try measureFilter(catalog: catalog, model: model)
        try measureCommits(catalog: catalog)

        report.loadAverageAtEnd = Machine.loadAverage()
        report.printTable()
        if let json = options.json {
            try report.writeJSON(to: json)
            say("wrote \(json)")
        }
    }

    static func snapshotSize(_ directory: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("snapshot-") }.compactMap {
            (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent($0).path))?[.size] as? Int
        }.max() ?? 0
    }

    // MARK: Snapshot write vs bulk insert

    func measureWrites(model: PartnerModel, subset: PartnerModel) throws {
        say("snapshot writes (\(options.runs) runs) and SQLite bulk inserts (\(options.peerRuns) runs)…")
        var full: [Double] = [], encode: [Double] = [], same: [Double] = [], peer: [Double] = []
        for run in 0..<options.runs {
            let dir = root.appendingPathComponent("write-\(run)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let start = nowNanos()
            let parts = ModelCodec.encodeParts(model)
            encode.append(millis(since: start))
            try SnapshotFile.write(payloadParts: parts, sequence: model.lastSequence,
                                   formatVersion: ModelCodec.currentVersion, directory: dir.path)
            full.append(millis(since: start))
            try FileManager.default.removeItem(at: dir)

            let subsetDir = run == 0 ? subsetDirectory : root.appendingPathComponent("write-same-\(run)")
            try FileManager.default.createDirectory(at: subsetDir, withIntermediateDirectories: true)
            let (_, t) = try timed {
                try SnapshotFile.write(payloadParts: ModelCodec.encodeParts(subset), sequence: subset.lastSequence,
                                       formatVersion: ModelCodec.currentVersion, directory: subsetDir.path)
            }
            same.append(t)
            if run > 0 { try FileManager.default.removeItem(at: subsetDir) }
        }
        let customers = Array(model.customers.values)
        let subscriptions = Array(model.subscriptions.values)
        for run in 0..<options.peerRuns {
            let path = run == 0 ? peerDatabase : root.appendingPathComponent("peer-\(run).sqlite").path
            let (_, t) = try timed { try Peer.bulkInsert(path: path, customers: customers, subscriptions: subscriptions) }
            peer.append(t)
            if run > 0 { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }
        let section = "Snapshot write (checkpoint) vs SQLite bulk insert"
        report.add(section, "snapshot, customers + subscriptions only", Samples(same), key: "write.sameRows",
                   peer: Samples(peer), peerKey: "write.peer.bulkInsert")
        report.add(section, "snapshot, whole model (encode + write + fsync)", Samples(full), key: "write.full",
                   detail: "encode \(Report.f(Samples(encode).median)) ms of it; also orders and the audit log; " + Report.spread(Samples(full)))
    }

    // MARK: Open and first frame (in process)

    func measureOpen(catalog: OfferCatalog) throws {
        say("opening the workspace (\(options.runs) runs), first frame in process, and the SQLite full load…")
        var open: [Double] = [], frame: [Double] = [], read: [Double] = [], decode: [Double] = [], build: [Double] = []
        var journal: [Double] = [], same: [Double] = [], peer: [Double] = []
        var frameText = ""
        for _ in 0..<options.runs {
            let start = nowNanos()
            let catalog = try Self.catalog()
            let workspace = try Workspace.open(at: workspaceDirectory, catalog: catalog)
            open.append(millis(since: start))
            let session = DashboardSession(workspace: workspace)
            guard let user = workspace.model.user(principal: Self.signIn) else {
                throw Spawn.Failure(description: "no user \(Self.signIn) in the generated workspace")
            }
            session.signIn(user.id)
            let shell = DashboardShell(session: session)
            let app = App(terminal: TestTerminal(size: Self.size), shell: shell, root: shell.startScreen())
            let grid = app.render()
            frame.append(millis(since: start))
            frameText = grid.text
            let t = workspace.store.openTimings
            read.append(Self.ms(t.readSnapshot))
            decode.append(Self.ms(t.decodeSections))
            build.append(Self.ms(t.buildModel))
            journal.append(Self.ms(t.journal))
            workspace.store.close()
        }
        guard frameText.contains(Self.homeText) else {
            throw Spawn.Failure(description: "the first frame is not Home:\n\(frameText)")
        }
        for _ in 0..<options.runs {
            let (_, t) = try timed { () throws -> PartnerModel in
                let load = try SnapshotFile.loadNewest(directory: subsetDirectory.path, readableVersions: ModelCodec.readableVersions)
                guard let snapshot = load.snapshot else { throw Spawn.Failure(description: "no snapshot in \(subsetDirectory.path)") }
                var reader = snapshot.payloadReader()
                return try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion)
            }
            same.append(t)
        }
        for _ in 0..<options.peerRuns {
            let (loaded, t) = try timed { try Peer.load(path: peerDatabase) }
            precondition(loaded.customers.count == report.customers)
            peer.append(t)
        }
        let section = "Open (snapshot read + decode + model and indexes)"
        report.add(section, "open, customers + subscriptions only", Samples(same), key: "open.sameRows",
                   peer: Samples(peer), peerKey: "open.peer.fullLoad", peerDetail: "rows → structs → dictionaries by id")
        report.add(section, "open, whole workspace (Workspace.open)", Samples(open), key: "open.full")
        report.add(section, "  read snapshot + CRC-32C check", Samples(read), key: "open.readSnapshot")
        report.add(section, "  parse sections (parallel)", Samples(decode), key: "open.decodeSections")
        report.add(section, "  PartnerModel.init (dictionaries, indexes)", Samples(build), key: "open.buildModel")
        report.add(section, "  journal scan + replay", Samples(journal), key: "open.journal")
        report.add("First frame", "in process: open → Home rendered (120×40)", Samples(frame), key: "firstFrame.inProcess",
                   goal: "300 ms")
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    // MARK: Memory

    func measureMemory() throws {
        say("memory (fresh processes)…")
        let baseline = try Children.measure(["--child-baseline"])
        let ours = try Children.measure(["--child-open", workspaceDirectory.path])
        let peer = try Children.measure(["--child-peer-load", peerDatabase])
        let mb = { (b: Int) in Double(b) / 1_048_576 }
        let section = "Memory (peak resident set, VmHWM, fresh process)"
        report.add(section, "after open: whole workspace / peer: its load", unit: "MiB", ours: mb(ours.peakBytes),
                   "resident after: \(Report.f(mb(ours.residentBytes))) MiB",
                   peer: mb(peer.peakBytes), "customers + subscriptions only; resident after \(Report.f(mb(peer.residentBytes))) MiB")
        let per = { (m: Children.Memory) in Double(m.peakBytes - baseline.peakBytes) / Double(max(m.customers, 1)) }
        report.add(section, "per customer (peak above a bare process)", unit: "bytes", ours: per(ours),
                   "bare process \(Report.f(mb(baseline.peakBytes))) MiB",
                   peer: per(peer), "")
    }

    // MARK: First frame in tmux

    func partnerdashBinary() -> String? {
        if let binary = options.binary { return binary }
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = me.deletingLastPathComponent().appendingPathComponent("partnerdash").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    func measureFirstFrameInTmux() throws {
        guard let binary = partnerdashBinary() else {
            report.notes.append("first frame in tmux: skipped, no partnerdash binary next to this program (build it with `swift build -c release --package-path Benchmarks --product partnerdash`, or pass --binary)")
            return
        }
        say("first frame in tmux (\(options.runs) runs) with \(binary)…")
        let tmux = Tmux(socket: "pdbench-\(getpid())")
        try tmux.startServer()
        defer { tmux.killServer() }
        // The same pipeline with a pane that prints the text at once: what tmux and the polling add.
        var overhead: [Double] = [], frames: [Double] = [], polls: [Double] = []
        for run in 0..<options.runs {
            let result = try tmux.timeUntil(Self.homeText, session: "echo\(run)", rows: Self.size.rows, cols: Self.size.cols,
                                            command: "echo '\(Self.homeText)'; exec sleep 600")
            overhead.append(result.ms)
        }
        let command = "exec '\(binary)' --data '\(workspaceDirectory.path)' --as \(Self.signIn)"
        for run in 0..<options.runs {
            let result = try tmux.timeUntil(Self.homeText, session: "dash\(run)", rows: Self.size.rows, cols: Self.size.cols, command: command)
            frames.append(result.ms)
            polls.append(result.pollInterval)
        }
        if tmux.lastSize != "\(Self.size.cols)x\(Self.size.rows)" {
            report.notes.append("tmux gave the pane \(tmux.lastSize), not \(Self.size.cols)x\(Self.size.rows)")
        }
        let s = Samples(frames)
        report.add("First frame", "real binary in tmux: spawn → Home on screen", s, key: "firstFrame.tmux",
                   detail: "\(Report.spread(s)); poll every \(Report.f(Samples(polls).median)) ms", goal: "300 ms")
        report.add("First frame", "  of which tmux + polling (pane printing at once)", Samples(overhead), key: "firstFrame.tmuxOverhead")
    }

    // MARK: Customers filter

    /// Keys typed into the Customers filter after `/`: a realistic search, with corrections.
    static let filterKeys: [KeyEvent] = {
        var keys: [KeyEvent] = []
        func type(_ s: String) { keys += s.map { .character($0) } }
        func erase(_ n: Int) { keys += Array(repeating: .backspace, count: n) }
        type("alp"); erase(3)
        type("café"); erase(4)
        type("東京"); erase(2)
        type("zz"); erase(2)
        type("smith"); erase(5)
        return keys
    }()

    func measureFilter(catalog: OfferCatalog, model: PartnerModel) throws {
        say("Customers filter keystrokes (\(options.runs) runs of \(Self.filterKeys.count) keys)…")
        var keystrokes: [Double] = [], handles: [Double] = [], pageOpen: [Double] = [], firstRender: [Double] = []
        var queries: [String] = []
        var shown = ""
        for run in 0..<options.runs {
            let workspace = try Workspace.open(at: workspaceDirectory, catalog: catalog)
            let session = DashboardSession(workspace: workspace)
            guard let user = workspace.model.user(principal: Self.signIn) else { throw Spawn.Failure(description: "no ana") }
            session.signIn(user.id)
            let shell = DashboardShell(session: session)
            let (screen, t) = timed { CustomersScreen(session: session) }
            pageOpen.append(t)
            let app = App(terminal: TestTerminal(size: Self.size), shell: shell, root: screen)
            let (_, r) = timed { app.render() }
            firstRender.append(r)
            app.handle(.character("/"))
            _ = app.render()
            for key in Self.filterKeys {
                let start = nowNanos()
                app.handle(key)
                handles.append(millis(since: start))
                let grid = app.render()
                keystrokes.append(millis(since: start))
                if run == 0 {
                    queries.append(screen.query)
                    if key == .character("p") { shown = grid.text }
                }
            }
            workspace.store.close()
        }
        guard shown.contains("alp") else { throw Spawn.Failure(description: "the filter did not show the query:\n\(shown)") }
        // The peer: what the index replaced, every name compared with Foundation at every key.
        let names = model.customers.values.map(\.companyProfile.companyName)
        var peer: [Double] = []
        var peerMatches = 0
        for query in queries {
            let (matches, t) = timed { query.isEmpty ? names.count : names.lazy.filter { $0.localizedCaseInsensitiveContains(query) }.count }
            peerMatches += matches
            peer.append(t)
        }
        let section = "Customers filter, \(report.customers) customers (handle + render 120×40 per key)"
        let s = Samples(keystrokes)
        report.add(section, "keystroke: median", s, key: "filter.keystroke",
                   detail: "p95 \(Report.f(s.percentile(95))) ms, max \(Report.f(s.max)) ms over \(s.count) keys (\(Self.filterKeys.count) × \(options.runs))",
                   peer: Samples(peer), peerKey: "filter.peer.localizedCaseInsensitiveContains",
                   peerDetail: "localizedCaseInsensitiveContains over every name, once per key", goal: "16 ms")
        report.add(section, "keystroke: p95", ours: s.percentile(95), goal: "16 ms")
        report.add(section, "keystroke: max", ours: s.max, goal: "16 ms")
        report.add(section, "  of which handle (filter + rows)", Samples(handles), key: "filter.handle")
        report.add(section, "opening the page (index build, first visit)", Samples(pageOpen), key: "filter.pageOpen")
        report.add(section, "first render of the page", Samples(firstRender), key: "filter.firstRender")
        _ = peerMatches
    }

    // MARK: Journal append + fdatasync

    func measureCommits(catalog: OfferCatalog) throws {
        say("\(options.commits) journaled commands and as many SQLite updates…")
        let workspace = try Workspace.open(at: workspaceDirectory, catalog: catalog)
        defer { workspace.store.close() }
        guard let user = workspace.model.user(principal: Self.signIn) else { throw Spawn.Failure(description: "no ana") }
        let model = workspace.model
        // Seeded choice of live subscriptions, each changed by one licence up or down.
        var targets: [(SubscriptionID, Int)] = []
        var rng = SplitMix(seed: options.seed)
        let live = model.subscriptions.values.filter { $0.status == .active || $0.status == .suspended }
            .sorted { $0.id < $1.id }
        guard !live.isEmpty else { throw Spawn.Failure(description: "no live subscriptions") }
        for _ in 0..<options.commits {
            let s = live[Int(rng.next() % UInt64(live.count))]
            guard let offer = catalog[s.offerId] else { continue }
            let quantity = s.quantity > offer.minimumQuantity ? s.quantity - 1 : s.quantity + 1
            targets.append((s.id, quantity))
        }
        var ours: [Double] = [], sync: [Double] = [], peer: [Double] = []
        var current: [SubscriptionID: Int] = [:]
        for (id, quantity) in targets {
            // The same subscription may come twice: change it again rather than to the same value.
            var q = quantity
            if let previous = current[id], previous == q, let s = workspace.model.subscriptions[id],
               let offer = catalog[s.offerId] {
                q = s.quantity < offer.maximumQuantity ? s.quantity + 1 : s.quantity - 1
            }
            let (_, t) = try timed { try workspace.execute(.updateSubscription(id, SubscriptionChange(quantity: q)), as: .user(user.id)) }
            current[id] = q
            ours.append(t)
        }
        // The disk's own floor: a small write and fdatasync, nothing else.
        let probe = root.appendingPathComponent("fdatasync-probe").path
        let fd = open(probe, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if fd >= 0 {
            let bytes = [UInt8](repeating: 0x5A, count: 300)
            for _ in 0..<options.commits {
                let start = nowNanos()
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                fdatasync(fd)
                sync.append(millis(since: start))
            }
            close(fd)
        }
        let updater = try Peer.Updater(path: peerDatabase)
        for (id, quantity) in targets {
            let (_, t) = try timed { try updater.setQuantity(quantity, of: id) }
            peer.append(t)
        }
        try updater.close()
        let section = "Journal append + fdatasync per command (updateSubscription)"
        let s = Samples(ours), p = Samples(peer)
        report.add(section, "command: decide + journal + fdatasync + apply", s, key: "commit.command",
                   detail: "p99 \(Report.f(s.percentile(99))) ms, max \(Report.f(s.max)) ms over \(s.count)",
                   peer: p, peerKey: "commit.peer.update",
                   peerDetail: "UPDATE in a transaction; p99 \(Report.f(p.percentile(99))) ms, max \(Report.f(p.max)) ms")
        report.add(section, "command: p99", ours: s.percentile(99), peer: p.percentile(99))
        let d = Samples(sync)
        report.add(section, "  the disk's floor: 300-byte write + fdatasync", d, key: "commit.fdatasyncFloor",
                   detail: "p99 \(Report.f(d.percentile(99))) ms")
    }
}

/// A small seeded generator for choosing subscriptions.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
