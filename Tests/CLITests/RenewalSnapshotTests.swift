import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import Testing

/// A command that records the terms that ended when it signs in, reading only or not, takes
/// the snapshot they make due: otherwise every later process replays them (at 200,000
/// customers two months away, 6 of a 9-second open).
@Suite struct RenewalSnapshotTests {
    /// The demo world as it was built 40 days ago, so its monthly terms have ended since.
    static func workspaceLeftForFortyDays() throws -> CLI {
        let cli = try CLI()
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
        let world = try DemoWorld.build(names: names, catalog: catalog, now: Date().addingTimeInterval(-40 * 86_400),
                                        fresh: SeededFreshValues(seed: 1))
        try WorkspaceStore.create(directory: cli.workspace.path, startingFrom: world.model).close()
        try #require(!world.model.termEnds(dueBy: Date(), catalog: catalog).isEmpty, "the demo has monthly terms")
        return cli
    }

    /// The snapshot the next open starts from, and what it replays after it.
    static func nextOpen(_ cli: CLI) throws -> (snapshot: UInt64?, replayed: UInt64, renewals: Int) {
        let store = try WorkspaceStore.open(directory: cli.workspace.path)
        defer { store.close() }
        let renewals = store.model.auditLog.filter { $0.operationType == .renew_subscription }.count
        return (store.recovery.snapshotSequence, store.lastSequence - (store.recovery.snapshotSequence ?? 0), renewals)
    }

    @Test(arguments: [["customers", "list"], ["log"], ["subscriptions", "ending"]])
    func aReadingCommandThatRenewsLeavesASnapshotCoveringTheRenewals(_ command: [String]) throws {
        let cli = try Self.workspaceLeftForFortyDays()
        defer { cli.removeScratch() }
        let before = try Self.nextOpen(cli)
        let result = try cli.run(command + ["--as", Demo.ana], environment: ["PARTNERDASH_CHECKPOINT_BYTES": "1"])
        #expect(result.status == 0, "\(result)")
        let next = try Self.nextOpen(cli)
        #expect(next.renewals > before.renewals, "signing in renewed the terms that ended")
        #expect(next.replayed == 0, "the snapshot covers the renewals: \(next)")
    }

    @Test func aBatchThatRenewsLeavesASnapshotCoveringTheRenewals() throws {
        let cli = try Self.workspaceLeftForFortyDays()
        defer { cli.removeScratch() }
        let before = try Self.nextOpen(cli)
        let result = try cli.run(["batch", "--as", Demo.ana], stdin: "whoami\ncustomers list\n",
                                 environment: ["PARTNERDASH_CHECKPOINT_BYTES": "1"])
        #expect(result.status == 0, "\(result)")
        let next = try Self.nextOpen(cli)
        #expect(next.renewals > before.renewals && next.replayed == 0, "\(next)")
    }

    /// Below the threshold (the default, 8 MiB, against a demo's few renewals) nothing more
    /// is written than the renewals.
    @Test func renewalsBelowTheThresholdTakeNoSnapshot() throws {
        let cli = try Self.workspaceLeftForFortyDays()
        defer { cli.removeScratch() }
        let before = try Self.nextOpen(cli)
        #expect(try cli.run("customers", "list", "--as", Demo.ana).status == 0)
        let next = try Self.nextOpen(cli)
        #expect(next.renewals > before.renewals && next.snapshot == before.snapshot && next.replayed > 0, "\(next)")
        #expect(try cli.run("check").status == 0)
    }
}
