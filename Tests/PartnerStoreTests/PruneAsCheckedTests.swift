#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11, item 2: pruning reads again only what this process has not checked of the
/// fallback (`SnapshotFile.soundness`, `CheckedSnapshots`): nothing of a file it opened
/// whole or wrote from its memory, the sections it left unread of one it opened in part;
/// a file damaged after the check, replaced by another, or never checked is read whole, and
/// the sound fallback is never the one deleted.
struct PruneAsCheckedTests {
    static let versions = ModelCodec.readableVersions

    /// A workspace whose only snapshot no reading in this process has seen yet.
    static func workspace(_ dir: TemporaryDirectory) throws -> (directory: String, snapshot: String) {
        let directory = try ColdAuditChunksTests.workspace(dir, try ColdAuditChunksTests.world())
        let sequence = try #require(try SnapshotFile.sequences(in: directory).first)
        return (directory, FileSystem.join(directory, WorkspaceFileName.snapshot(sequence: sequence)))
    }

    @Test func aSnapshotNeverCheckedIsReadWhole() throws {
        try withTemporaryDirectory { dir in
            let (_, path) = try Self.workspace(dir)
            #expect(SnapshotFile.soundness(path: path, readableVersions: Self.versions) == .soundWhole)
        }
    }

    @Test func aSnapshotOpenedWholeIsNotReadAgain() throws {
        try withTemporaryDirectory { dir in
            let (_, path) = try Self.workspace(dir)
            do {
                let opened = try SnapshotFile.read(path: path, readableVersions: Self.versions)
                #expect(SnapshotFile.soundness(path: path, readableVersions: Self.versions) == .soundAsChecked(bytesRead: 0))
                withExtendedLifetime(opened) {}
            }
            // Nothing reads from it any more: it is forgotten, and read whole again.
            #expect(SnapshotFile.soundness(path: path, readableVersions: Self.versions) == .soundWhole)
        }
    }

    @Test func theSectionsAnOpenLeftUnreadAreReadThenAlone() throws {
        try withTemporaryDirectory { dir in
            let (directory, path) = try Self.workspace(dir)
            let unread = ModelSections.subscriptionsSection
            let load = try SnapshotFile.loadNewest(directory: directory, readableVersions: Self.versions, leavingUnread: [unread])
            let table = try SnapshotFileBytes.table(path)
            #expect(SnapshotFile.soundness(path: path, readableVersions: Self.versions)
                    == .soundAsChecked(bytesRead: table.entries[unread].range.count))
            withExtendedLifetime(load) {}
        }
    }

    /// Damage written into the file after the open checked it changes its change time: the
    /// file is read whole, found damaged, and kept.
    @Test func aSnapshotDamagedAfterItsCheckIsReadWhole() throws {
        try withTemporaryDirectory { dir in
            let (_, path) = try Self.workspace(dir)
            let opened = try SnapshotFile.read(path: path, readableVersions: Self.versions)
            let size = Int(try FileSystem.fileSize(path))
            try SnapshotCopyTests.damage(path, at: size - 1)
            #expect(SnapshotFile.soundness(path: path, readableVersions: Self.versions) == .unsound)
            withExtendedLifetime(opened) {}
        }
    }

    /// Another process's file renamed over the path is another inode: read whole, sound or not
    /// as its own bytes are.
    @Test func aSnapshotReplacedByAnotherIsReadWhole() throws {
        try withTemporaryDirectory { dir in
            let (_, path) = try Self.workspace(dir)
            let opened = try SnapshotFile.read(path: path, readableVersions: Self.versions)
            let bytes = try FileSystem.readFile(path)
            try Self.replace(path, with: bytes, in: dir)
            #expect(SnapshotFile.soundness(path: path, readableVersions: Self.versions) == .soundWhole)
            var damaged = bytes
            damaged[damaged.count - 1] ^= 0x5A
            try Self.replace(path, with: damaged, in: dir)
            #expect(SnapshotFile.soundness(path: path, readableVersions: Self.versions) == .unsound)
            withExtendedLifetime(opened) {}
        }
    }

    /// A checkpoint's own file is vouched for where it was encoded from memory or copied from
    /// blocks the open checked; the next checkpoint keeps it as the fallback without reading
    /// those, and deletes the one before.
    @Test func aSnapshotThisProcessWroteIsTheFallbackWithoutBeingReadWhole() throws {
        try withTemporaryDirectory { dir in
            let (checkpointed, store, _, written) = try Self.checkpointedOnce(dir)
            var world = checkpointed
            defer { store.close() }
            let size = Int(try FileSystem.fileSize(written))
            guard case .soundAsChecked(let bytesRead) = SnapshotFile.soundness(path: written, readableVersions: Self.versions) else {
                Issue.record("the file this process wrote was read whole")
                return
            }
            #expect(bytesRead < size / 2, "only the copied cold audit chunks are read again: \(bytesRead) of \(size) bytes")
            let newest = try #require(try Self.changeAndCheckpoint(&world, store))
            #expect(try Self.snapshotNames(store) == [written, newest].map(Self.name))
        }
    }

    /// The fallback this process wrote, damaged since, is read whole and kept as evidence; the
    /// sound one before it stays the fallback and is not deleted.
    @Test func theOnlySoundFallbackIsNeverDeleted() throws {
        try withTemporaryDirectory { dir in
            let (checkpointed, store, first, written) = try Self.checkpointedOnce(dir)
            var world = checkpointed
            defer { store.close() }
            // The tail's last byte: encoded anew by every checkpoint, never copied into the next.
            try SnapshotCopyTests.damage(written, at: Int(try FileSystem.fileSize(written)) - 1)
            let newest = try #require(try Self.changeAndCheckpoint(&world, store))
            #expect(try Self.snapshotNames(store) == [first, written, newest].map(Self.name))
            #expect(SnapshotFile.soundness(path: first, readableVersions: Self.versions).isSound)
        }
    }

    /// A workspace's first snapshot, opened whole, changed, and a second written by this process.
    private static func checkpointedOnce(_ dir: TemporaryDirectory) throws
        -> (world: WorldBuilder, store: WorkspaceStore, first: String, written: String) {
        var world = try ColdAuditChunksTests.world()
        let directory = try ColdAuditChunksTests.workspace(dir, world)
        let store = try WorkspaceStore.open(directory: directory)
        let first = FileSystem.join(directory, WorkspaceFileName.snapshot(sequence: try #require(try SnapshotFile.sequences(in: directory).first)))
        let written = try #require(try changeAndCheckpoint(&world, store))
        return (world, store, first, written)
    }

    private static func name(_ path: String) -> String { String(path.split(separator: "/").last ?? "") }

    private static func snapshotNames(_ store: WorkspaceStore) throws -> [String] {
        try SnapshotFile.sequences(in: store.directory).sorted().map(WorkspaceFileName.snapshot(sequence:))
    }

    private static func changeAndCheckpoint(_ world: inout WorldBuilder, _ store: WorkspaceStore) throws -> String? {
        let before = world.transactions.count
        try ColdAuditChunksTests.change(&world, until: world.model.auditLog.count + 5)
        try store.commit(Array(world.transactions.dropFirst(before)))
        return try store.checkpoint().snapshotFile
    }

    private static func replace(_ path: String, with bytes: [UInt8], in dir: TemporaryDirectory) throws {
        let temporary = dir.file("replacement")
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        #expect(rename(temporary, path) == 0)
    }
}
