#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import PartnerCore
import TestSupport

/// One CLI command as a script runs it: the release `partnerdash` started, the workspace
/// opened, the command run and the process gone. Wall time from spawn to exit, and the
/// process's peak resident set from its /proc/PID/status (`PeakWatcher`).
extension Bench {
    func measureCommands(catalog: OfferCatalog, model: PartnerModel) throws {
        guard let binary = partnerdashBinary() else {
            report.notes.append("one CLI command: skipped, no partnerdash binary next to this program")
            return
        }
        say("one CLI command, whole process (\(options.runs) runs of each)…")
        guard let user = model.user(principal: Self.signIn) else { throw Spawn.Failure(description: "no ana") }
        guard let reseller = model.partneredResellers(of: user.accountId).first else {
            throw Spawn.Failure(description: "the provider has no resellers")
        }
        let common = ["--as", Self.signIn]
        var list: [ProcessFigures] = []
        for _ in 0..<options.runs {
            list.append(try Self.timeProcess(binary, ["customers", "list", "--data", workspaceDirectory.path,
                                                      "--reseller", reseller.mpnId] + common))
        }
        let (workspace, _, copy) = try openScratchCopy("commands", catalog: catalog)
        // Active ones only: the rules may refuse a change to a suspended subscription.
        let active = Self.liveSubscriptions(workspace.model).filter { $0.status == .active }
        var licences = LicenceRaiser(live: active, catalog: catalog, seed: options.seed)
        var targets: [(SubscriptionID, Int)] = []
        for _ in 0..<options.runs { targets.append(try licences.next(in: workspace.model)) }
        // A file per run, each raising subscriptions no other run touches.
        var raised: Set<SubscriptionID> = Set(targets.map(\.0))
        var batches: [URL] = []
        for run in 0..<options.runs {
            batches.append(try Self.batchOfCommands(options.batch, licences: &licences, raised: &raised, model: workspace.model,
                                                    reseller: reseller.mpnId,
                                                    file: root.appendingPathComponent("scratch-batch-\(run).txt")))
        }
        workspace.close()
        var update: [ProcessFigures] = []
        for (id, quantity) in targets {
            update.append(try Self.timeProcess(binary, ["subscriptions", "update", id.description, "--quantity", String(quantity),
                                                        "--data", copy.path] + common))
        }
        var batched: [ProcessFigures] = []
        for file in batches {
            batched.append(try Self.timeProcess(binary, ["batch", file.path, "--data", copy.path] + common))
        }
        let section = "One CLI command, whole process (\(Report.buildKind) partnerdash: spawn → exit)"
        for (what, key, runs) in [("customers list --reseller <mpn>", "cli.customersList", list),
                                  ("subscriptions update <id> --quantity N", "cli.subscriptionsUpdate", update)] {
            let peak = Samples(runs.map { Double($0.peakBytes) / 1_048_576 }).median
            report.add(section, what, Samples(runs.map(\.ms)), key: key,
                       detail: "peak resident set \(Report.f(peak)) MiB; " + Report.spread(Samples(runs.map(\.ms))), goal: "300 ms")
        }
        let b = Samples(batched.map(\.ms))
        report.add(section, "batch of \(options.batch) commands, one process", b, key: "cli.batch",
                   detail: "half `customers list --reseller`, half `subscriptions update` (each its own subscription); peak resident set "
                       + "\(Report.f(Samples(batched.map { Double($0.peakBytes) / 1_048_576 }).median)) MiB; " + Report.spread(b),
                   goal: "2 s for 1,000")
    }

    /// A file of commands for `partnerdash batch`: lists and licence rises taking turns,
    /// each rise on a subscription no earlier file raised, so every one is accepted.
    static func batchOfCommands(_ batchSize: Int, licences: inout LicenceRaiser, raised: inout Set<SubscriptionID>, model: PartnerModel,
                                reseller: String, file: URL) throws -> URL {
        var lines: [String] = []
        while lines.count < batchSize {
            if lines.count % 2 == 0 {
                lines.append("customers list --reseller \(reseller)")
                continue
            }
            let (id, quantity) = try licences.next(in: model)
            guard raised.insert(id).inserted else { continue }
            lines.append("subscriptions update \(id) --quantity \(quantity)")
        }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    struct ProcessFigures {
        var ms: Double
        var peakBytes: Int
    }

    /// Runs `binary` to its exit (stdout discarded) and returns its wall time and its peak
    /// resident set; a non-zero exit is a failure of the benchmark, which says what the
    /// command printed on stderr (the run's figures are lost with it, so the cause must not be).
    static func timeProcess(_ binary: String, _ arguments: [String]) throws -> ProcessFigures {
        let errors = NSTemporaryDirectory() + "partnerdash-bench-command-\(getpid()).err"
        defer { unlink(errors) }
        let start = nowNanos()
        let pid = try Spawn.start(binary, arguments, environment: childEnvironment, stderr: .file(errors))
        let peak = PeakWatcher(pid: pid)
        // Waits for the exit without reaping, so the watcher never reads a reused pid's status.
        var exited = siginfo_t()
        while waitid(P_PID, id_t(pid), &exited, WEXITED | WNOWAIT) < 0 {
            guard errno == EINTR else { throw Spawn.Failure(description: "waitid: \(String(cString: strerror(errno)))") }
        }
        let ms = millis(since: start)
        let peakBytes = peak.stop()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Spawn.Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
        }
        guard status == 0 else {
            let said = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Spawn.Failure(description: "partnerdash \(arguments.joined(separator: " ")) ended with wait status \(status): \(said)")
        }
        return ProcessFigures(ms: ms, peakBytes: peakBytes)
    }

    /// A child's peak resident set, read from its /proc/PID/status (VmHWM) every 2 ms on a
    /// thread of its own until it is reaped. Not `wait4`'s `ru_maxrss`: posix_spawn starts the
    /// child in this process's memory (CLONE_VM), and exec keeps that memory's high-water
    /// mark as the child's, so every command looked as big as the bench holding a 1M model
    /// (7,364 MiB for a listing whose own peak is 2.3 GB). The last reading before the exit
    /// may miss a rise in the last 2 ms.
    final class PeakWatcher: Sendable {
        private let stopped = Mutex(false)
        private let peak = Mutex(0)
        private let done = DispatchSemaphore(value: 0)

        init(pid: pid_t) {
            Thread.detachNewThread { [self] in
                while !stopped.withLock({ $0 }) {
                    if let high = Machine.status("VmHWM", of: "\(pid)") { peak.withLock { $0 = max($0, high) } }
                    usleep(2_000)
                }
                done.signal()
            }
        }

        /// The highest reading; the watcher has stopped when this returns.
        func stop() -> Int {
            stopped.withLock { $0 = true }
            done.wait()
            return peak.withLock { $0 }
        }
    }
}
