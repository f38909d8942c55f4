import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// The shortcuts on a change's path that keep its CPU down with several writers
/// (STORE.md › "A command's CPU"), each with what it must not lose.
struct CommandCPUTests {
    /// Two stores on one demo workspace, as two processes would have it open.
    static func twoStores(_ dir: TemporaryDirectory) throws -> (WorkspaceStore, WorkspaceStore, URL, OfferCatalog) {
        let (first, url, catalog) = try ImportRecordTests.demoWorkspace(dir)
        first.close()
        return (try WorkspaceStore.open(directory: url.path, catalog: catalog),
                try WorkspaceStore.open(directory: url.path, catalog: catalog), url, catalog)
    }

    /// `readSharedString`'s table is for a snapshot's millions of repeated names; a journal
    /// record of a few hundred bytes (every other writer's, read before each change) made
    /// and freed 4,096 slots for a handful of strings.
    @Test func aRecordsReaderMakesASharedStringTableOfItsOwnSize() throws {
        var w = BinaryWriter(capacity: 256)
        let name = "CFQ7TTC0LH18:0001 Microsoft 365 Business"
        for _ in 0..<3 { w.writeString(name) }
        w.writeRaw([UInt8](repeating: 0, count: 200))
        var r = BinaryReader(w.finish())
        let strings = try (0..<3).map { _ in try r.readSharedString() }
        #expect(strings == [name, name, name])
        #expect(r.shared.count <= 16, "a table of \(r.shared.count) slots for \(r.remaining + 3 * (name.utf8.count + 1)) bytes")
        #expect(BinaryReader.sharedSlots(reading: 64 << 20) == 4096, "a snapshot keeps the whole table")
    }

    /// A writer's read before the write lock stays in its segment; the one under the lock
    /// looks for a segment a checkpoint started, and reads it.
    @Test func theReadBeforeTheLockDoesNotLookForTheFollowingSegment() throws {
        try withTemporaryDirectory { dir in
            let (first, url, catalog) = try ImportRecordTests.demoWorkspace(dir)
            first.close()
            let writer = try WorkspaceStore.open(directory: url.path, catalog: catalog)
            let following = WorkspaceFileName.journal(firstSequence: writer.lastSequence + 1)
            let plan = FaultPlan.counting()
            var madeBeforeTheLock: [FaultPlan.Made] = []
            writer.beforeTakingTheLockForTesting = { madeBeforeTheLock = plan.callsMade }
            try FaultPlan.$current.withValue(plan) {
                let (change, _) = try ImportRecordTests.addCustomer("alone", on: writer.model, catalog: catalog, seed: 1)
                try writer.commit(change)
            }
            #expect(!madeBeforeTheLock.isEmpty, "the read before the lock was counted")
            #expect(!madeBeforeTheLock.contains { $0.call == .status && $0.path.hasSuffix(following) },
                    "before the lock: \(madeBeforeTheLock)")
            #expect(plan.callsMade.contains { $0.call == .status && $0.path.hasSuffix(following) },
                    "under the lock the following segment is looked for")
            writer.close()
        }
    }

    @Test func aRecordInASegmentStartedByAnotherProcessIsReadBeforeDeciding() throws {
        try withTemporaryDirectory { dir in
            let (writer, other, url, catalog) = try Self.twoStores(dir)
            let (before, _) = try ImportRecordTests.addCustomer("before", on: other.model, catalog: catalog, seed: 1)
            try other.commit(before)
            try writer.refresh()
            // The writer has read to the end of its segment; the other's checkpoint starts the next.
            try other.checkpoint()
            let (taken, _) = try ImportRecordTests.addCustomer("race", on: other.model, catalog: catalog, seed: 2)
            let taker = try other.commit(taken)
            #expect(FileSystem.exists(FileSystem.join(url.path, WorkspaceFileName.journal(firstSequence: taker))))
            var decidedAt: UInt64?
            #expect(throws: DomainError.self) {
                try writer.commit(deciding: { latest in
                    decidedAt = latest.lastSequence
                    return [try ImportRecordTests.addCustomer("race", on: latest, catalog: catalog, seed: 3).0]
                })
            }
            #expect(decidedAt == taker, "decided on the other's record in the segment its checkpoint started")
            #expect(writer.model == other.model)
            writer.close()
            other.close()
        }
    }
}
