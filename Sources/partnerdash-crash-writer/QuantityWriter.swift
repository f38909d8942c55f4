import Foundation
import PartnerCore
import PartnerResources
import PartnerWorkspace
import PartnerWorkspacePostgres
import TestSupport

/// `partnerdash-crash-writer --quantity-world DIR`: the benchmark's writers workspace
/// (`QuantityWriter.world`, seed 1) in a new directory.
///
/// `partnerdash-crash-writer --quantities LOCATION WRITER COUNT`: one of the benchmark's
/// writer processes in this package's build, so that the CPU of a command can be
/// measured and profiled on the code being changed (`scripts/writers`): opens LOCATION as
/// the CLI does, says `ready`, waits for `go` on stdin, then makes COUNT attempts of
/// `QuantityWriter.run` through `Workspace.execute`, as the bench's writers do, and prints
/// `result <written> <refused> <start ns> <end ns> <CPU seconds>`.
func quantityWorld(directory: String) throws {
    let catalog = try benchCatalog()
    let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    let world = try QuantityWriter.world(names: names, catalog: catalog, seed: 1)
    try Workspace.create(at: URL(fileURLWithPath: directory), catalog: catalog, from: world).close()
}

func quantityWriter(location: DataLocation, writer: Int, count: Int) throws {
    let catalog = try benchCatalog()
    let workspace = try openWorkspace(location, catalog: catalog)
    defer { workspace.close() }
    say("ready")
    guard readLine() == "go" else { throw QuantityWriter.SetUpFailed(description: "not told to go") }
    let outcome = try QuantityWriter.run(writes: count, seed: UInt64(writer + 1), catalog: catalog, model: { workspace.model }) {
        try workspace.execute($0, as: $1)
        return .written
    }
    say("result \(outcome.written) \(outcome.refused) \(outcome.startNanos) \(outcome.endNanos) \(outcome.cpuSeconds)")
}

private func benchCatalog() throws -> OfferCatalog {
    OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
}
