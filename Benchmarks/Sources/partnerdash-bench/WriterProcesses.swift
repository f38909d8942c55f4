#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PartnerCore
import PartnerPostgres
import PartnerWorkspace
import TestSupport

/// Writers as separate processes of this program (`--child-writer SPEC`), as several
/// dashboards and scripts on one workspace are: each opens the workspace itself, says
/// `ready`, waits for `go` on its stdin (so that none starts while another is still
/// opening), makes its changes and prints one JSON line. Throughput is the acknowledged
/// changes of all of them over the time from the first one's start to the last one's end
/// (CLOCK_MONOTONIC, which every process on the machine shares).
enum WriterProcesses {
    /// What one writer does: where the workspace is, and which of the writers it is.
    struct Spec: Codable {
        enum Store: String, Codable {
            case directory
            case postgres
            /// The peer: appends and syncs to a file in the directory, no model (`BareDiskWriter`).
            case bareDisk
        }

        var store: Store
        /// A directory, or a conninfo.
        var location: String
        /// The workspace's name in PostgreSQL, and the local snapshot cache.
        var workspace: String?
        var cacheDirectory: String?
        var index: Int
        var writes: Int
        var seed: UInt64
    }

    /// Starts one process per spec, lets them all go at once, and sums what they did.
    static func run(_ specs: [Spec]) throws -> Bench.Throughput {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let path = me.hasPrefix("/") ? me : FileManager.default.currentDirectoryPath + "/" + me
        let children = try specs.map { spec in
            try ChildProcess.spawn(path, ["--child-writer", String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)],
                                   withInput: true, environment: Bench.childEnvironment)
        }
        for child in children {
            guard child.read(until: ContinuousClock.now + .seconds(120), { $0.contains("ready") }) else {
                throw Spawn.Failure(description: "a writer did not open the workspace: \(child.lines.joined(separator: "\n"))")
            }
        }
        for child in children { child.send("go") }
        var outcomes: [QuantityWriter.Outcome] = []
        for child in children {
            _ = child.readToEnd(until: ContinuousClock.now + .seconds(600))
            let status = child.wait()
            guard status == 0, let line = child.lines.last, let outcome = try? JSONDecoder().decode(QuantityWriter.Outcome.self, from: Data(line.utf8)) else {
                throw Spawn.Failure(description: "a writer failed (status \(status)): \(child.lines.joined(separator: "\n"))")
            }
            outcomes.append(outcome)
        }
        let start = outcomes.map(\.startNanos).min() ?? 0, end = outcomes.map(\.endNanos).max() ?? 0
        var total = Bench.Throughput(seconds: Double(end - start) / 1e9, cpuSeconds: outcomes.reduce(0) { $0 + $1.cpuSeconds })
        for outcome in outcomes {
            total.appended += outcome.written
            total.conflicts += outcome.refused
            total.gaveUp += outcome.gaveUp
        }
        return total
    }

    /// The child's side: open, `ready`, wait for `go`, write, report.
    static func runChild(_ json: String) {
        do {
            let spec = try JSONDecoder().decode(Spec.self, from: Data(json.utf8))
            let catalog = try Bench.catalog()
            let outcome: QuantityWriter.Outcome
            switch spec.store {
            case .directory:
                let workspace = try Workspace.open(at: URL(fileURLWithPath: spec.location), catalog: catalog)
                defer { workspace.close() }
                outcome = try whenToldToGo(spec, catalog: catalog, model: { workspace.model }) {
                    try workspace.execute($0, as: $1)
                    return .written
                }
            case .bareDisk:
                let files = try BareDiskWriter.Files(directory: spec.location)
                defer { files.close() }
                tell("ready")
                guard readLine() == "go" else { throw Spawn.Failure(description: "not told to go") }
                outcome = try BareDiskWriter.run(writes: spec.writes, files: files)
            case .postgres:
                let store = try PostgresWorkspaceStore.open(conninfo: spec.location, workspace: spec.workspace ?? "",
                                                           cacheDirectory: spec.cacheDirectory ?? NSTemporaryDirectory(),
                                                           actor: DemoWorld.providerAdmin)
                defer { store.close() }
                var fresh: any FreshValues = SeededFreshValues(seed: spec.seed &+ UInt64(spec.index))
                outcome = try whenToldToGo(spec, catalog: catalog, model: { store.model }) { command, actor in
                    do {
                        _ = try store.commit(deciding: { latest in
                            var context = CommandContext(now: QuantityWriter.worldDate, fresh: fresh, catalog: catalog)
                            let decision = try latest.decide(command, as: actor, context: &context)
                            fresh = context.fresh
                            return [decision.transaction]
                        })
                        return .written
                    } catch PostgresStoreError.tooManyConflicts {
                        return .gaveUp
                    }
                }
            }
            tell(String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self))
            exit(0)
        } catch {
            tell("error: \(error)")
            exit(1)
        }
    }

    /// One line to the parent at once (unbuffered: it waits for it).
    private static func tell(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func whenToldToGo(_ spec: Spec, catalog: OfferCatalog, model: () -> PartnerModel,
                                     execute: (Command, Actor) throws -> QuantityWriter.Attempt) throws -> QuantityWriter.Outcome {
        tell("ready")
        guard readLine() == "go" else { throw Spawn.Failure(description: "not told to go") }
        return try QuantityWriter.run(writes: spec.writes, seed: UInt64(spec.index + 1), catalog: catalog, model: model,
                                      execute: execute)
    }
}
