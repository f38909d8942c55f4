#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerResources
import Testing
import TestSupport
@testable import PartnerStore
@testable import PartnerWorkspace

/// Several processes writing one workspace at once: 4 `partnerdash-crash-writer
/// --conflicts` processes × 250 changes chosen to conflict (the same four subscriptions'
/// license counts, new customers from one set of 120 tenant domains), checkpointing
/// often, some killed with SIGKILL at random moments and started again for the rest of
/// their changes. Every acknowledged change must be in the workspace exactly once, every
/// surviving process and a fresh open must hold the same model (digest), and the
/// workspace must verify clean with every invariant holding.
struct ConcurrentWritersTests {
    static let writers = 4
    static let changesPerWriter = 250

    @Test(.timeLimit(.minutes(4)))
    func fourWritersWithKillsLoseNothingAndAgree() throws {
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        try withTemporaryDirectory { dir in
            let workspace = dir.file("ws")
            let catalog = try Self.catalog()
            let world = try DemoWorld.build(names: Self.names(), catalog: catalog, now: Date(), fresh: SeededFreshValues(seed: 7))
            let created = try Workspace.create(at: URL(fileURLWithPath: workspace), catalog: catalog, from: world)
            created.close()

            // Two slots of four get killed now and then, after a random number of their changes.
            let writers = ConflictingWriters(writerPath: try ConflictingWriters.writerPath(), location: workspace,
                                             writers: Self.writers, changesPerWriter: Self.changesPerWriter, seed: seed,
                                             killable: [0, 2])
            try writers.run(until: ContinuousClock.now + .seconds(200))
            #expect(writers.kills > 0, "no writer was killed (seed \(seed))")
            #expect(writers.gaveUp.isEmpty && writers.unknown.isEmpty, "\(writers.gaveUp) \(writers.unknown) (seed \(seed))")
            print("ConcurrentWritersTests: \(writers.summary)")

            // Every acknowledged change exactly once: one sequence each, and that record is the change.
            let fresh = try WorkspaceStore.open(directory: workspace)
            defer { fresh.close() }
            let model = fresh.model
            #expect(writers.problems(in: model).isEmpty, "\(writers.problems(in: model)) (seed \(seed))")
            // Conflicts really happened: some domains were refused because another writer had taken them.
            #expect(writers.refusals.contains { $0.contains("already taken") }, "no domain race was lost (seed \(seed))")

            // Every surviving process and a fresh open hold the same model.
            let expected = try "digest \(ModelDigest.hex(model)) \(model.lastSequence)"
            for (slot, answer) in writers.digests(until: ContinuousClock.now + .seconds(30)) {
                #expect(answer == expected, "writer \(slot) (seed \(seed))")
            }

            let report = WorkspaceStore.verify(directory: workspace)
            print("ConcurrentWritersTests: \(report.lines.joined(separator: " | ")); damaged: \((try? FileSystem.listDirectory(FileSystem.join(workspace, "damaged"))) ?? [])")
            #expect(report.isHealthy, "\(report.lines) (seed \(seed))")
            #expect(model.invariantViolations(catalog: catalog).isEmpty, "seed \(seed)")
        }
    }

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    static func names() throws -> WorldNames {
        try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    }
}
