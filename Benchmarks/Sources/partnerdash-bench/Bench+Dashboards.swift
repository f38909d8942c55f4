#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PartnerCore
import PartnerDashboard
import PartnerWorkspace
import TestSupport

/// Issue 11, item 7: one process is not the limit of one machine. Each dashboard open on a
/// workspace holds a model of its own, so the real binary is started in tmux, once alone
/// and then four at once on the same directory, and each process's memory is read from
/// /proc once its Home shows the counts (the whole model is in by then). PSS divides every
/// shared page (the binary, libraries, a mapped file) among the processes that map it, so
/// the four PSS figures add up to what the four cost the machine; RSS counts shared pages
/// in full in every process.
extension Bench {
    /// One dashboard's memory once its Home shows the counts, in bytes.
    struct DashboardMemory {
        var rss: Int
        var pss: Int
        var pssAnonymous: Int
        var pssFile: Int
        var peak: Int
    }

    /// Dashboards started together on one directory: each one's memory, and the time from
    /// starting them until the last shows Home with its counts.
    struct OpenDashboards {
        var memory: [DashboardMemory]
        var allShownMs: Double

        var totalRss: Int { memory.reduce(0) { $0 + $1.rss } }
        var totalPss: Int { memory.reduce(0) { $0 + $1.pss } }
    }

    func measureDashboards(catalog: OfferCatalog) throws {
        guard let binary = partnerdashBinary() else {
            report.notes.append("dashboards: skipped, no partnerdash binary next to this program (pass --binary)")
            return
        }
        say("dashboards on one workspace: an empty one, then 1 and 4 at once on \(report.customers) customers, with \(binary)…")
        let workspace = try settledCopy("dashboards", catalog: catalog)
        let empty = root.appendingPathComponent("scratch-dashboards-empty")
        let world = try SyntheticWorld.build(resellers: options.resellers, customers: 0, seed: options.seed, names: Self.names(),
                                             catalog: catalog, now: QuantityWriter.worldDate)
        try Workspace.create(at: empty, catalog: catalog, from: world).close()
        try settle(empty, catalog: catalog)

        let tmux = Tmux(socket: "pdbench-dashboards-\(getpid())")
        defer { tmux.killServer() }
        try tmux.startServer()
        let bare = try openDashboards(1, on: empty, binary: binary, tmux: tmux, name: "empty")
        let one = try openDashboards(1, on: workspace, binary: binary, tmux: tmux, name: "one")
        let four = try openDashboards(4, on: workspace, binary: binary, tmux: tmux, name: "four")
        reportDashboards(bare: bare.memory[0], one: one, four: four)
    }

    private func reportDashboards(bare: DashboardMemory, one: OpenDashboards, four: OpenDashboards) {
        let section = "Dashboards on one workspace (real binary in tmux; memory once Home shows its counts)"
        let mib = { (bytes: Int) in Double(bytes) / 1_048_576 }
        let customers = Double(max(report.customers, 1))
        // The model's share: anonymous memory above a dashboard's on the empty twin. (Whole
        // PSS would not do: the code's pages are shared, so four bare dashboards cost less
        // than four times one.)
        func model(_ open: OpenDashboards) -> Int { open.memory.reduce(0) { $0 + $1.pssAnonymous - bare.pssAnonymous } }
        func described(_ m: DashboardMemory) -> String {
            "RSS \(Report.f(mib(m.rss))), PSS \(Report.f(mib(m.pss))) (anonymous \(Report.f(mib(m.pssAnonymous))), "
                + "file \(Report.f(mib(m.pssFile)))), peak RSS \(Report.f(mib(m.peak)))"
        }
        report.add(section, "a dashboard on an empty workspace (same resellers, no customers): PSS", unit: "MiB",
                   ours: mib(bare.pss), described(bare))
        report.add(section, "1 dashboard: PSS", unit: "MiB", ours: mib(one.memory[0].pss),
                   described(one.memory[0]) + "; Home with counts after \(Report.f(one.allShownMs)) ms")
        report.add(section, "1 dashboard: per customer (anonymous PSS above the empty one's)", unit: "bytes",
                   ours: Double(model(one)) / customers)
        report.add(section, "4 dashboards at once: PSS, all four", unit: "MiB", ours: mib(four.totalPss),
                   "RSS of all four \(Report.f(mib(four.totalRss))) MiB; " + four.memory.map(described).joined(separator: " | ")
                       + "; all four showing Home with counts after \(Report.f(four.allShownMs)) ms")
        report.add(section, "4 dashboards at once: per customer, all four (anonymous PSS above 4 empty ones)", unit: "bytes",
                   ours: Double(model(four)) / customers)
        report.add(section, "4 dashboards: the models' memory, all four / 1 alone", unit: "×",
                   ours: Double(model(four)) / Double(max(model(one), 1)),
                   "4 is each holding its own; 1 would be one model shared by all")
    }

    /// Starts `count` dashboards at once on `directory`, polls each screen until Home shows
    /// its counts, reads each process's memory while all are open, then closes them.
    private func openDashboards(_ count: Int, on directory: URL, binary: String, tmux: Tmux, name: String) throws -> OpenDashboards {
        let command = "exec '\(binary)' --data '\(directory.path)' --as \(Self.signIn)"
        let sessions = (0..<count).map { "\(name)\($0)" }
        let start = nowNanos()
        for session in sessions {
            try tmux.start(session, rows: Self.size.rows, cols: Self.size.cols, command: command)
        }
        // Generous: at 200k customers on a loaded 2-core machine four opens share two cores.
        let timeout = 120_000 + Double(count * report.customers) / 1_000 * 60
        for session in sessions {
            try tmux.waitUntil([Self.homeText, Self.lastLineText], without: HomeScreen.counting, session: session,
                               pollMicroseconds: options.pollMicroseconds, timeout: timeout)
        }
        let shown = millis(since: start)
        let memory = try sessions.map { try dashboardMemory(tmux.panePid($0)) }
        for session in sessions { try tmux.end(session) }
        return OpenDashboards(memory: memory, allShownMs: shown)
    }

    private func dashboardMemory(_ pid: pid_t) throws -> DashboardMemory {
        let rollup = Machine.memoryRollup(of: pid)
        guard let rss = rollup["Rss"], let pss = rollup["Pss"] else {
            throw Spawn.Failure(description: "no /proc/\(pid)/smaps_rollup for a dashboard (Linux 4.14 or later has it)")
        }
        return DashboardMemory(rss: rss, pss: pss, pssAnonymous: rollup["Pss_Anon"] ?? 0, pssFile: rollup["Pss_File"] ?? 0,
                               peak: Machine.status("VmHWM", of: "\(pid)") ?? 0)
    }

    /// A copy of the workspace in the state a dashboard finds every day: the terms due by
    /// now renewed (signing in records them) and a snapshot written after them, so every
    /// dashboard opens the same snapshot with no journal to replay and writes nothing.
    private func settledCopy(_ name: String, catalog: OfferCatalog) throws -> URL {
        let copy = root.appendingPathComponent("scratch-\(name)")
        try FileManager.default.copyItem(at: workspaceDirectory, to: copy)
        try settle(copy, catalog: catalog)
        return copy
    }

    private func settle(_ directory: URL, catalog: OfferCatalog) throws {
        let workspace = try Workspace.open(at: directory, catalog: catalog)
        defer { workspace.close() }
        guard let user = workspace.model.user(principal: Self.signIn) else { throw Spawn.Failure(description: "no \(Self.signIn)") }
        workspace.recordTermEnds(signingIn: user)
        _ = try workspace.backend.checkpointNow(onlyIfDue: false)
    }
}
