import PartnerCore
import Testing
@testable import PartnerStore

/// A background snapshot freezes the model by copying it, and the live model shares its
/// structure with that copy (`TreeDictionary`, `AppendOnlyLog`). Whatever commits change
/// while the snapshot is written, the file holds the model exactly as it was at its
/// sequence, and the live model holds every change.
struct SnapshotDuringCommitsTests {
    @Test func theSnapshotHoldsTheModelAtItsSequenceWhileCommitsGoOn() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let half = world.transactions.count / 2
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            try store.commit(Array(world.transactions.prefix(half)))
            // The model at the snapshot's sequence, built apart from the store that snapshots.
            let apart = try WorkspaceStore.create(directory: dir.file("apart"))
            try apart.commit(Array(world.transactions.prefix(half)))

            #expect(try store.startCheckpoint())
            // One commit at a time, each changing the live model while the snapshot thread reads its copy.
            for transaction in world.transactions.dropFirst(half) { try store.commit(transaction) }
            store.waitUntilCheckpointWritten()
            let report = try #require(try store.pollCheckpoint())
            #expect(report.sequence == UInt64(half))

            let file = try SnapshotFile.read(path: try #require(report.snapshotFile), readableVersions: ModelCodec.readableVersions)
            let snapshot = try ModelCodec.decodeModel(try file.payload, version: file.formatVersion)
            #expect(snapshot == apart.model)
            #expect(snapshot.lastSequence == UInt64(half))
            #expect(snapshot.auditLog.count == apart.model.auditLog.count)
            #expect(snapshot.customersByPartner == apart.model.customersByPartner)
            #expect(snapshot.subscriptionIdsByCustomer == apart.model.subscriptionIdsByCustomer)
            #expect(snapshot.takenDomains == apart.model.takenDomains)
            // The commits after it are in the live model, and not in the snapshot.
            #expect(store.model == world.model)
            #expect(snapshot != store.model)
        }
    }
}
