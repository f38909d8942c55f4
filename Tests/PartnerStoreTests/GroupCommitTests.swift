#if canImport(Glibc)
import Glibc
#endif
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// Group commit: a writer lets the write lock go before its `fdatasync`, so others append
/// while it syncs, and it is acknowledged (its commit returns, its change applied) only
/// once synced. A failed sync still refuses the change and turns the store read-only.
struct GroupCommitTests {
    /// Another open of the directory: its own descriptors and locks, as another process has.
    private func stores(_ dir: TemporaryDirectory) throws -> (WorkspaceStore, WorkspaceStore, WorldBuilder) {
        let world = try TestWorlds.demo()
        let first = try WorkspaceStore.create(directory: dir.file("ws"))
        try first.commit(world.transactions[0])
        let second = try WorkspaceStore.open(directory: dir.file("ws"))
        return (first, second, world)
    }

    /// Whether a third descriptor of the directory gets the write lock at once.
    private func writeLockIsFree(_ directory: String) throws -> Bool {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: directory, errno: errno) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(fd, LOCK_UN)
        return true
    }

    /// Closes the stores and opens the workspace again, which must need no repair.
    private func lastSequenceAfterReopening(_ dir: TemporaryDirectory, closing stores: WorkspaceStore...) throws -> UInt64 {
        stores.forEach { $0.close() }
        let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
        #expect(reopened.recovery.journal.isClean)
        return reopened.lastSequence
    }

    @Test func anotherWriterAppendsWhileAnAppendSyncs() throws {
        try withTemporaryDirectory { dir in
            let (first, second, world) = try stores(dir)
            var sawLockFree = false
            var secondsSequence: UInt64 = 0
            first.beforeSyncForTesting = {
                sawLockFree = try writeLockIsFree(dir.file("ws"))
                guard sawLockFree else { return }
                // Written, not yet synced: the other writer reads it, decides after it and syncs both.
                secondsSequence = try second.commit(deciding: { model in
                    #expect(model.lastSequence == 2, "the unsynced record is read like any other")
                    return [world.transactions[2]]
                })
            }
            #expect(try first.commit(world.transactions[1]) == 2)
            #expect(sawLockFree, "the write lock is let go before the sync")
            #expect(secondsSequence == 3)
            #expect(first.lastSequence == 2, "applied once synced; the other's record is read at the next catch-up")
            #expect(try first.refresh())
            #expect(first.model == second.model)
            #expect(try lastSequenceAfterReopening(dir, closing: first, second) == 3)
        }
    }

    @Test func aFailedSyncWithNothingAfterItIsCutOffAndRefused() throws {
        try withTemporaryDirectory { dir in
            let (first, second, world) = try stores(dir)
            let before = first.model
            first.beforeSyncForTesting = { throw StoreError.io(operation: "fdatasync", path: "journal", errno: EIO) }
            #expect(throws: StoreError.io(operation: "fdatasync", path: "journal", errno: EIO)) {
                try first.commit(world.transactions[1])
            }
            #expect(first.model == before, "a refused change is not applied")
            #expect(first.isReadOnly)
            // The lock was let go and the bytes cut: the other writer appends at the same sequence.
            #expect(try second.commit(world.transactions[1]) == 2)
            #expect(try lastSequenceAfterReopening(dir, closing: first, second) == 2)
        }
    }

    @Test func aFailedSyncAfterOthersAppendedKeepsTheRecordAndSaysSo() throws {
        try withTemporaryDirectory { dir in
            let (first, second, world) = try stores(dir)
            first.beforeSyncForTesting = {
                try second.commit(deciding: { _ in [world.transactions[2]] })
                throw StoreError.io(operation: "fdatasync", path: "journal", errno: EIO)
            }
            let error = #expect(throws: StoreError.self) { try first.commit(world.transactions[1]) }
            guard case let .readOnly(reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(reason.contains("stays in the journal"), "\(reason)")
            #expect(first.isReadOnly)
            // Its record stays (the other writer built on it), so its model holds it too and reads on after it.
            #expect(first.lastSequence == 2)
            #expect(try first.refresh())
            #expect(first.model == second.model)
        }
    }

    @Test func aNewSegmentSyncsTheOneBeforeIt() throws {
        try withTemporaryDirectory { dir in
            let (journal, opened) = try FaultyFile.journal(in: dir)
            // Another process's append, written and not yet synced, may be at the end.
            _ = try journal.write([JournalEntry(type: 2, payload: Array("unsynced".utf8))], expectedLastSequence: 0)
            opened()?.fault = .syncFails
            #expect(throws: StoreError.self) { try journal.startNewSegment() }
            #expect(try FileSystem.listDirectory(dir.path).filter { WorkspaceFileName.journalSequence($0) != nil }.count == 1,
                    "no segment may follow records that are not durable")
        }
    }

    /// A batch's group commit: changes written and applied without a sync each, then one
    /// sync for all of them; a sync without the deferral also covers those before it.
    @Test func changesLeftUnsyncedAreSyncedTogetherOnce() throws {
        try withTemporaryDirectory { dir in
            let (first, second, world) = try stores(dir)
            var syncs = 0
            first.beforeSyncForTesting = { syncs += 1 }
            first.defersSyncs = true
            for index in 1...3 { try first.commit(world.transactions[index]) }
            #expect(syncs == 0, "written and applied, not synced")
            #expect(first.lastSequence == 4 && first.unsyncedChanges == 2...4)
            #expect(try second.refresh() && second.model == first.model, "others read them as group commit always let them")
            try first.syncDeferredChanges()
            #expect(syncs == 1 && first.unsyncedChanges == nil)
            try first.syncDeferredChanges()
            #expect(syncs == 1, "nothing left to sync")
            try first.commit(world.transactions[4])
            first.defersSyncs = false
            try first.commit(world.transactions[5])
            #expect(syncs == 2 && first.unsyncedChanges == nil, "the undeferred sync covered the change before it")
            #expect(try lastSequenceAfterReopening(dir, closing: first, second) == 6)
        }
    }

    /// A failed group sync acknowledges none of the changes: the store turns read-only and
    /// says which sequences may be lost.
    @Test func aFailedGroupSyncNamesItsChangesAndTurnsReadOnly() throws {
        try withTemporaryDirectory { dir in
            let (first, second, world) = try stores(dir)
            first.defersSyncs = true
            for index in 1...3 { try first.commit(world.transactions[index]) }
            first.beforeSyncForTesting = { throw StoreError.io(operation: "fdatasync", path: "journal", errno: EIO) }
            let error = #expect(throws: StoreError.self) { try first.syncDeferredChanges() }
            guard case let .readOnly(reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(reason.contains("sequences 2–4") && reason.contains("unacknowledged"), "\(reason)")
            #expect(first.isReadOnly && first.unsyncedChanges == nil)
            #expect(throws: StoreError.self) { try first.commit(world.transactions[4]) }
            // The records stay where the kernel has them: nothing is cut from under a reader.
            #expect(try second.refresh() && second.lastSequence == 4)
        }
    }
}
