#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

struct WorkspaceStoreTests {
    /// A workspace holding the demo world, one journal record per command.
    private func demoWorkspace(_ dir: TemporaryDirectory) throws -> (WorkspaceStore, WorldBuilder) {
        let world = try TestWorlds.demo()
        let store = try WorkspaceStore.create(directory: dir.file("ws"))
        for transaction in world.transactions { try store.commit(transaction) }
        return (store, world)
    }

    private func snapshotNames(_ dir: TemporaryDirectory) throws -> [String] {
        try FileSystem.listDirectory(dir.file("ws")).filter { $0.hasPrefix("snapshot-") }
    }

    private func journalNames(_ dir: TemporaryDirectory) throws -> [String] {
        try FileSystem.listDirectory(dir.file("ws")).filter { $0.hasPrefix("journal-") }
    }

    @Test func commitsSurviveReopen() throws {
        try withTemporaryDirectory { dir in
            let (store, world) = try demoWorkspace(dir)
            #expect(store.model == world.model)
            #expect(store.lastSequence == UInt64(world.transactions.count))
            store.close()
            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.model == world.model)
            #expect(reopened.recovery.replayedRecords == world.transactions.count)
            #expect(reopened.recovery.isClean)
            #expect(reopened.recovery.snapshotSequence == nil)
        }
    }

    @Test func groupCommitIsOneSyncedAppendWithConsecutiveSequences() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            #expect(try store.commit(Array(world.transactions.prefix(5))) == 5)
            #expect(try store.commit(Array(world.transactions.dropFirst(5))) == UInt64(world.transactions.count))
            #expect(store.model.auditLog.map(\.sequence) == Array(1...UInt64(world.transactions.count)))
            store.close()
            #expect(try WorkspaceStore.open(directory: dir.file("ws")).model == world.model)
        }
    }

    @Test func checkpointThenReopenLoadsTheSnapshotAndReplaysTheRest() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            let half = world.transactions.count / 2
            try store.commit(Array(world.transactions.prefix(half)))
            let report = try store.checkpoint()
            #expect(report.sequence == UInt64(half))
            #expect(report.snapshotFile != nil)
            #expect(report.deletedSegments == 0)
            try store.commit(Array(world.transactions.dropFirst(half)))
            store.close()

            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.model == world.model)
            #expect(reopened.recovery.snapshotSequence == UInt64(half))
            #expect(reopened.recovery.replayedRecords == world.transactions.count - half)
        }
    }

    @Test func secondCheckpointKeepsTwoSnapshotsAndTheJournalBackToTheOlder() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            let chunks = stride(from: 0, to: world.transactions.count, by: 10).map {
                Array(world.transactions[$0..<min($0 + 10, world.transactions.count)])
            }
            var checkpoints: [UInt64] = []
            for chunk in chunks {
                try store.commit(chunk)
                checkpoints.append(try store.checkpoint().sequence)
            }
            #expect(checkpoints.count >= 3)
            #expect(try store.checkpoint().snapshotFile == nil)  // nothing new since the last one
            let newest = checkpoints[checkpoints.count - 1], previous = checkpoints[checkpoints.count - 2]
            #expect(try snapshotNames(dir) == [
                WorkspaceFileName.snapshot(sequence: previous), WorkspaceFileName.snapshot(sequence: newest),
            ])
            // Segments start at the one opened when the previous snapshot was taken: falling back loses nothing.
            #expect(try journalNames(dir) == [
                WorkspaceFileName.journal(firstSequence: previous + 1), WorkspaceFileName.journal(firstSequence: newest + 1),
            ])
            store.close()
            #expect(try WorkspaceStore.open(directory: dir.file("ws")).model == world.model)
        }
    }

    @Test func damagedNewestSnapshotFallsBackToThePreviousAndTheJournal() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            try workspaceWithTwoCheckpoints(at: dir.file("ws"), world: world).close()
            let newest = dir.file("ws/" + WorkspaceFileName.snapshot(sequence: 40))
            var bytes = try FileSystem.readFile(newest)
            bytes[bytes.count / 2] ^= 0x10
            try dir.write(bytes, to: "ws/" + WorkspaceFileName.snapshot(sequence: 40))

            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.model == world.model)
            #expect(reopened.recovery.snapshotSequence == 20)
            #expect(reopened.recovery.skippedSnapshots.count == 1)
            #expect(reopened.recovery.notes.contains { $0.contains("older snapshot") })
            #expect(try FileSystem.readFile(newest) == bytes)
            let report = WorkspaceStore.verify(directory: dir.file("ws"))
            #expect(report.warnings.contains { $0.contains("snapshot-00000000000000000040.bin is damaged") })
            #expect(report.isHealthy)

            // A new checkpoint keeps the damaged file untouched and the sound fallback (20) beside it.
            let checkpoint = try reopened.checkpoint()
            #expect(checkpoint.snapshotFile != nil)
            // Segments after 20 stay: 20 is still the fallback.
            #expect(checkpoint.deletedSegments == 0)
            #expect(try journalNames(dir).first == WorkspaceFileName.journal(firstSequence: 21))
            #expect(try snapshotNames(dir) == [
                WorkspaceFileName.snapshot(sequence: 20), WorkspaceFileName.snapshot(sequence: 40),
                WorkspaceFileName.snapshot(sequence: UInt64(world.transactions.count)),
            ])
            #expect(try FileSystem.readFile(newest) == bytes)
        }
    }

    @Test func aDamagedSnapshotIsNeverReplacedByOneForTheSameSequence() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            try store.commit(Array(world.transactions.prefix(20)))
            try store.checkpoint()
            try store.commit(Array(world.transactions.dropFirst(20).prefix(20)))
            try store.checkpoint()
            store.close()
            let name = "ws/" + WorkspaceFileName.snapshot(sequence: 40)
            var bytes = try dir.bytes(name)
            bytes[SnapshotHeader.size] ^= 1
            try dir.write(bytes, to: name)
            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.lastSequence == 40)
            #expect(try reopened.checkpoint().snapshotFile == nil)
            #expect(try dir.bytes(name) == bytes)
            #expect(reopened.model == {
                var model = PartnerModel()
                for (index, transaction) in world.transactions.prefix(40).enumerated() {
                    model.apply(transaction, sequence: UInt64(index + 1))
                }
                return model
            }())
        }
    }

    @Test func missingJournalRecordsAreRefused() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            try store.commit(Array(world.transactions.prefix(10)))
            try store.checkpoint()
            try store.commit(Array(world.transactions.dropFirst(10).prefix(10)))
            try store.checkpoint()
            store.close()
            // Without both snapshots, records 1…10 would be needed and they are gone.
            for name in try snapshotNames(dir) { try FileSystem.remove(dir.file("ws/" + name)) }
            let error = #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.file("ws")) }
            #expect("\(String(describing: error))".contains("records 1…10 are missing"))
            // check says the same, and has no model to test.
            let report = WorkspaceStore.verify(directory: dir.file("ws"))
            #expect(report.problems.contains { $0.contains("records 1…10 are missing") }, "\(report.problems)")
            #expect(report.model == nil)
        }
    }

    @Test func tornLastRecordIsRemovedAndReported() throws {
        try withTemporaryDirectory { dir in
            let (store, world) = try demoWorkspace(dir)
            store.close()
            let segment = "ws/" + WorkspaceFileName.journal(firstSequence: 1)
            let bytes = try dir.bytes(segment)
            try dir.write(Array(bytes.dropLast(3)), to: segment)
            let before = WorkspaceStore.verify(directory: dir.file("ws"))
            #expect(before.isHealthy)
            #expect(before.warnings.contains { $0.contains("unfinished record") })
            #expect(try dir.bytes(segment).count == bytes.count - 3)  // verify changed nothing

            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.lastSequence == UInt64(world.transactions.count - 1))
            #expect(!reopened.recovery.isClean)
            #expect(reopened.recovery.notes.first?.contains("never confirmed") == true)
        }
    }

    @Test func aSecondOpenSharesTheWorkspaceAndAClosedStoreRefusesChanges() throws {
        try withTemporaryDirectory { dir in
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            let second = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(second.lastSequence == store.lastSequence)
            second.close()
            store.close()
            #expect(throws: StoreError.self) { try store.commit(try TestWorlds.demo().transactions[0]) }
            _ = try WorkspaceStore.open(directory: dir.file("ws"))
        }
    }

    @Test func openRefusesWhatIsNotAWorkspaceAndCreateRefusesAnExistingOne() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.file("missing")) }
            #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.path) }
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            store.close()
            #expect(throws: StoreError.self) { try WorkspaceStore.create(directory: dir.file("ws")) }
            #expect(try FileSystem.mode(dir.file("ws")) == 0o700)
        }
    }

    @Test func backgroundCheckpointLetsCommitsContinue() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            try store.commit(Array(world.transactions.prefix(30)))
            #expect(try store.startCheckpoint())
            #expect(store.isCheckpointRunning)
            #expect(try store.startCheckpoint() == false, "one at a time")
            // Commits go on while the snapshot of the first 30 is written.
            try store.commit(Array(world.transactions.dropFirst(30)))
            store.waitUntilCheckpointWritten()
            #expect(try store.pollCheckpoint()?.sequence == 30)
            #expect(store.isCheckpointRunning == false)
            #expect(try store.startCheckpoint())
            store.waitUntilCheckpointWritten()
            _ = try store.pollCheckpoint()
            store.close()
            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.model == world.model)
            #expect(reopened.recovery.snapshotSequence == UInt64(world.transactions.count))
            #expect(reopened.recovery.replayedRecords == 0)
        }
    }

    @Test func verifyReportsAHealthyWorkspace() throws {
        try withTemporaryDirectory { dir in
            let (store, world) = try demoWorkspace(dir)
            try store.checkpoint()
            let report = WorkspaceStore.verify(directory: dir.file("ws"))
            #expect(report.isHealthy, "\(report.lines)")
            #expect(report.warnings.isEmpty, "\(report.warnings)")
            #expect(report.snapshotSequence == UInt64(world.transactions.count))
            #expect(report.lastSequence == UInt64(world.transactions.count))
            #expect(report.files.map(\.name).contains("snapshot.lock"))
            #expect(report.lines.last == "ok")
        }
    }

    @Test func verifyNamesCorruptionWithoutChangingAnything() throws {
        try withTemporaryDirectory { dir in
            let (store, _) = try demoWorkspace(dir)
            store.close()
            let segment = "ws/" + WorkspaceFileName.journal(firstSequence: 1)
            var bytes = try dir.bytes(segment)
            bytes[SegmentHeader.size + 30] ^= 0xFF
            try dir.write(bytes, to: segment)
            let report = WorkspaceStore.verify(directory: dir.file("ws"))
            #expect(!report.isHealthy)
            #expect(report.problems.first?.contains("journal-00000000000000000001.log is corrupt at byte 20") == true)
            #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.file("ws")) }
            #expect(try dir.bytes(segment) == bytes)
            #expect(try journalNames(dir) == [WorkspaceFileName.journal(firstSequence: 1)])
        }
    }

    @Test func checkpointFallsDueAfterEnoughJournalBytes() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            store.checkpointThresholdBytes = 4096
            #expect(!store.isCheckpointDue)
            var committed = 0
            while !store.isCheckpointDue {
                try store.commit(world.transactions[committed])
                committed += 1
            }
            #expect(store.journalBytesSinceCheckpoint >= 4096)
            try store.checkpoint()
            #expect(!store.isCheckpointDue)
            #expect(store.journalBytesSinceCheckpoint == 0)
        }
    }
}
