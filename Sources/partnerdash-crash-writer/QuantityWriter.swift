import Foundation
import PartnerCore
import PartnerPostgres
import PartnerResources
import PartnerWorkspace
import PartnerWorkspacePostgres
import TestSupport

/// `partnerdash-crash-writer --quantity-world LOCATION`: the benchmark's writers workspace
/// (`QuantityWriter.world`, seed 1) in a new directory, or a new workspace in PostgreSQL
/// (`postgresql://…?workspace=NAME`, as `init` makes one).
///
/// `partnerdash-crash-writer --quantities LOCATION WRITER COUNT`: one of the benchmark's
/// writer processes in this package's build, so that the CPU of a command can be
/// measured and profiled on the code being changed (`scripts/writers`): opens LOCATION as
/// the CLI does, says `ready`, waits for `go` on stdin, then makes COUNT attempts of
/// `QuantityWriter.run` through `Workspace.execute`, as the bench's writers do, and prints
/// `result <written> <refused> <start ns> <end ns> <CPU seconds> <gave up> <paths…>` (gave up:
/// the PostgreSQL store retried conflicts as often as it may; paths: `paths(of:)`).
func quantityWorld(location: DataLocation) throws {
    let catalog = try benchCatalog()
    let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    let world = try QuantityWriter.world(names: names, catalog: catalog, seed: 1)
    switch location {
    case .directory(let url): try Workspace.create(at: url, catalog: catalog, from: world).close()
    case .postgres: try SharedWorkspace.createInPostgres(location, catalog: catalog, from: world).close()
    }
}

func quantityWriter(location: DataLocation, writer: Int, count: Int) throws {
    let catalog = try benchCatalog()
    let workspace = try openWorkspace(location, catalog: catalog)
    defer { workspace.close() }
    // To compare the PostgreSQL store's tries before its append lock within one build (0: every try under the lock).
    if let tries = ProcessInfo.processInfo.environment["PARTNERDASH_TRIES_BEFORE_THE_LOCK"].flatMap({ Int($0) }) {
        (workspace.backend as? PostgresBackend)?.store?.triesBeforeTheLock = tries
    }
    // To compare deciding before the file store's write lock with deciding under it only (0).
    if ProcessInfo.processInfo.environment["PARTNERDASH_DECIDE_BEFORE_THE_LOCK"] == "0" {
        workspace.fileStore?.decidesBeforeTheLock = false
    }
    say("ready")
    guard readLine() == "go" else { throw QuantityWriter.SetUpFailed(description: "not told to go") }
    let outcome = try QuantityWriter.run(writes: count, seed: UInt64(writer + 1), catalog: catalog, model: { workspace.model }) {
        do {
            try workspace.execute($0, as: $1)
            return .written
        } catch is PostgresStoreError {
            return .gaveUp
        }
    }
    say("result \(outcome.written) \(outcome.refused) \(outcome.startNanos) \(outcome.endNanos) \(outcome.cpuSeconds) \(outcome.gaveUp) "
        + paths(of: workspace).map(String.init).joined(separator: " "))
}

/// `partnerdash-crash-writer --bare-disk DIRECTORY WRITER COUNT`: the writers' peer
/// (`BareDiskWriter`): COUNT appends of a record with a sync each, no model; `ready`, `go`
/// and `result` as `--quantities`.
func bareDiskWriter(directory: String, count: Int) throws {
    let files = try BareDiskWriter.Files(directory: directory)
    defer { files.close() }
    say("ready")
    guard readLine() == "go" else { throw QuantityWriter.SetUpFailed(description: "not told to go") }
    let outcome = try BareDiskWriter.run(writes: count, files: files)
    say("result \(outcome.written) 0 \(outcome.startNanos) \(outcome.endNanos) \(outcome.cpuSeconds) 0")
}

/// How the writer's changes were written (`scripts/writers` sums them): file mode, decided
/// before the write lock and written / decided again under it / refused before it, then
/// the commits timed and their microseconds in each step (`CommitTimes`);
/// PostgreSQL, appended by a try before the lock / under it / tries that lost.
private func paths(of workspace: Workspace) -> [Int] {
    if let store = workspace.fileStore {
        let decisions = store.decisionsBeforeTheLock, times = store.commitTimes
        let micros = [times.beforeTheLock, times.waitingForTheLock, times.holdingTheLock, times.syncing].map {
            Int($0.components.seconds * 1_000_000 + $0.components.attoseconds / 1_000_000_000_000)
        }
        return [decisions.written, decisions.madeAgain, decisions.refused, times.commits] + micros
    }
    guard let paths = (workspace.backend as? PostgresBackend)?.store?.appendPaths else { return [] }
    return [paths.beforeTheLock, paths.underTheLock, paths.triesLost]
}

private func benchCatalog() throws -> OfferCatalog {
    OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
}
