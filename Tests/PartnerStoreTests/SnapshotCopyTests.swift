#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
@testable import PartnerCore
import Testing
@testable import PartnerStore

/// A checkpoint copies the audit log's cold chunks from the snapshot they lie in
/// (`SnapshotPiece.copied`, copy_file_range) and takes the blocks' checksums that file's
/// table holds for the same blocks: the file is the one the whole encode writes; bytes
/// damaged in the older file since its open are carried as damage, never checksummed as
/// sound; and a store that writes snapshots lets go of the older files it read chunks from.
struct SnapshotCopyTests {
    /// The three-chunk world opened from its snapshot (three cold chunks), then changed
    /// until a fourth chunk is full and held.
    static func openedAndChanged(_ dir: TemporaryDirectory) throws -> (WorldBuilder, WorkspaceStore) {
        var world = try ColdAuditChunksTests.world()
        let store = try WorkspaceStore.open(directory: try ColdAuditChunksTests.workspace(dir, world))
        let before = world.transactions.count
        try ColdAuditChunksTests.change(&world, until: 4 * AuditChunk.capacity + 10)
        try store.commit(Array(world.transactions.dropFirst(before)))
        return (world, store)
    }

    static func directory(_ dir: TemporaryDirectory, _ name: String) throws -> String {
        let path = dir.file(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    @Test func aSnapshotCopyingColdChunksIsTheOneEncodedWhole() throws {
        try withTemporaryDirectory { dir in
            let (world, store) = try Self.openedAndChanged(dir)
            defer { store.close() }
            #expect(store.model.auditLog.coldChunkCount == 3)
            let encoded = try ModelSections.encodePieces(store.model, mark: .checked(with: nil))
            // The audit log's group (the customers' and orders' unchanged chunks are copied too: SnapshotChunkCopyTests).
            let copied = encoded.groups[ModelSections.groups.firstIndex(of: ModelSections.auditLogSection..<ModelSections.auditLogSection + 1)!].compactMap { piece -> Int? in
                if case .copied(let run) = piece { run.range.count } else { nil }
            }
            // The three cold chunks lie end to end in the file: one run, many blocks long.
            #expect(copied.count == 1 && copied.allSatisfy { $0 > 3 * SnapshotSectionTable.defaultBlockBytes })
            #expect(encoded.auditChunks.count == 4)

            let sequence = store.lastSequence
            let (path, table) = try SnapshotFile.write(pieces: encoded.pieces, sequence: sequence,
                                                       formatVersion: ModelCodec.currentVersion,
                                                       directory: try Self.directory(dir, "copied"))
            let whole = try SnapshotFile.write(payloadParts: try ModelSections.encode(store.model, mark: .checked(with: nil)),
                                               sequence: sequence, formatVersion: ModelCodec.currentVersion,
                                               directory: try Self.directory(dir, "whole"))
            let same = FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: whole)
            #expect(same, "the copied snapshot's bytes are the whole encode's")
            #expect(table == (try SnapshotSectionTable(pieces: [.bytes(Array(try ModelSections.encode(store.model, mark: .checked(with: nil)).joined()))])))
            let read = try SnapshotFile.read(path: path, readableVersions: ModelCodec.readableVersions)
            let decoded = try ModelCodec.decodeModel(read.payload, version: read.formatVersion) == world.model
            #expect(decoded)
        }
    }

    /// A byte of a cold chunk changed in the older file after the open, inside a block the
    /// new file takes whole: the checkpoint copies it (it does not read it), and its block
    /// in the new file fails its check, since the checksum is the older table's for the bytes
    /// the open checked. Every read of the new file finds it.
    @Test func aDamagedBlockCopiedWholeStaysDamage() throws {
        try withTemporaryDirectory { dir in
            let (_, store) = try Self.openedAndChanged(dir)
            defer { store.close() }
            let source = try ColdAuditChunksTests.source(store.model)
            let chunk = source.range(of: 1)
            try Self.damage(source.path, at: (chunk.lowerBound + chunk.upperBound) / 2)
            let file = try #require(try store.checkpoint().snapshotFile)
            #expect(!SnapshotFile.isSound(path: file, readableVersions: ModelCodec.readableVersions))
            do {
                _ = try SnapshotFile.read(path: file, readableVersions: ModelCodec.readableVersions)
                Issue.record("a copied damaged block read as sound")
            } catch let StoreError.corrupt(path, _, reason) {
                #expect(path == file && reason.contains("audit log section checksum"), "\(reason)")
            }
            // The store now reads its chunks from the new file, where the block is damaged too.
            #expect(throws: StoreError.self) { try ModelDigest.hex(store.model) }
        }
    }

    /// A byte damaged in a block the new file shares only in part (the section's first,
    /// which also holds its length and counts) is read and checked before it is summed:
    /// the checkpoint fails, naming the older file, and writes nothing.
    @Test func aDamagedByteInAPartlyCopiedBlockFailsTheSnapshot() throws {
        try withTemporaryDirectory { dir in
            let (_, store) = try Self.openedAndChanged(dir)
            defer { store.close() }
            let source = try ColdAuditChunksTests.source(store.model)
            try Self.damage(source.path, at: source.range(of: 0).lowerBound + 100)
            let before = try SnapshotFile.sequences(in: store.directory)
            do {
                try store.checkpoint()
                Issue.record("a snapshot was written from a damaged block")
            } catch let StoreError.corrupt(path, _, _) {
                #expect(path == source.path)
            }
            #expect(try SnapshotFile.sequences(in: store.directory) == before)
        }
    }

    /// A store that writes two snapshots lets go of the one its chunks were first read from
    /// once it is pruned (its cold chunks read from the newest file instead), and every
    /// record still reads as it did.
    @Test func aLongLivedStoreLetsGoOfPrunedSnapshots() throws {
        try withTemporaryDirectory { dir in
            var world = try ColdAuditChunksTests.world()
            let store = try WorkspaceStore.open(directory: try ColdAuditChunksTests.workspace(dir, world))
            defer { store.close() }
            let first = try ColdAuditChunksTests.source(store.model).path
            var newest = first
            for _ in 1...2 {
                let before = world.transactions.count
                try ColdAuditChunksTests.change(&world, until: world.model.auditLog.count + 1)
                try store.commit(Array(world.transactions.dropFirst(before)))
                newest = try #require(try store.checkpoint().snapshotFile)
            }
            #expect(!FileManager.default.fileExists(atPath: first), "pruned")
            #expect(Self.deletedFilesHeldOpen(under: dir.path) == [])
            #expect(try ColdAuditChunksTests.source(store.model).path == newest)
            #expect(store.model.auditLog.coldChunkCount == 3)
            try ColdAuditChunksTests.expectSameLog(store, world, "after two snapshots")
        }
    }

    static func damage(_ path: String, at offset: Int) throws {
        let fd = open(path, O_RDWR)
        #expect(fd >= 0)
        defer { close(fd) }
        var byte: UInt8 = 0
        #expect(pread(fd, &byte, 1, off_t(offset)) == 1)
        byte ^= 0x5A
        #expect(pwrite(fd, &byte, 1, off_t(offset)) == 1)
    }

    /// Files under `directory` this process holds open although they were deleted.
    static func deletedFilesHeldOpen(under directory: String) -> [String] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0.hasPrefix(directory) && $0.hasSuffix(" (deleted)") }
    }
}
