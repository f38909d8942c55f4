#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
@testable import PartnerCore
import Testing
@testable import PartnerStore

/// A store's open leaves the snapshot's full audit chunks in the file (`SnapshotAuditChunks`)
/// and reads one again, checked against the section table, when a record of it is asked
/// for: the log reads as the log decoded whole, before and after appends and a snapshot
/// written from the cold chunks; a chunk damaged after the open is `StoreError.corrupt`,
/// never a crash or a record; a snapshot pruned (unlinked) after the open still reads.
struct ColdAuditChunksTests {
    /// The demo world and enough quantity changes after it that the log spans `chunks` full
    /// chunks and part of the next.
    static func world(chunks: Int = 3) throws -> WorldBuilder {
        var world = try TestWorlds.demo()
        try change(&world, until: chunks * AuditChunk.capacity + 300)
        return world
    }

    /// Quantity changes (up while the offer allows, else down) by the provider's admin
    /// until the log holds `records`.
    static func change(_ world: inout WorldBuilder, until records: Int) throws {
        let catalog = try TestWorlds.catalog()
        let ana = try #require(world.model.user(principal: DemoWorld.providerAdmin)).id
        let ids = Array(world.model.subscriptions.values.filter { $0.status == .active }.map(\.id).sorted().prefix(8))
        var turn = 0
        while world.model.auditLog.count < records {
            let id = ids[turn % ids.count]
            turn += 1
            let subscription = try #require(world.model.subscriptions[id])
            let offer = try #require(catalog[subscription.offerId])
            let quantity = subscription.quantity < offer.maximumQuantity ? subscription.quantity + 1 : subscription.quantity - 1
            _ = try? world.run(.updateSubscription(id, SubscriptionChange(quantity: quantity)), as: .user(ana))
        }
    }

    /// A workspace holding `world`, its snapshot at the end written as `version` writes it.
    static func workspace(_ dir: TemporaryDirectory, _ world: WorldBuilder, version: UInt32 = ModelCodec.currentVersion) throws -> String {
        let path = dir.file("ws")
        let store = try WorkspaceStore.create(directory: path)
        try store.commit(world.transactions)
        if version == ModelCodec.currentVersion {
            try store.checkpoint()
        } else {
            try SnapshotFile.write(payloadParts: try ModelSections.encode(store.model, mark: .checked(with: nil), version: version),
                                   sequence: store.lastSequence, formatVersion: version, directory: path)
        }
        store.close()
        return path
    }

    /// The three-chunk world's workspace, opened, and the file its cold chunks are read from.
    static func opened(_ dir: TemporaryDirectory) throws -> (WorldBuilder, WorkspaceStore, SnapshotAuditChunks) {
        let world = try Self.world()
        let store = try WorkspaceStore.open(directory: try Self.workspace(dir, world))
        return (world, store, try Self.source(store.model))
    }

    static func source(_ model: PartnerModel) throws -> SnapshotAuditChunks {
        guard case .cold(let cold) = try #require(model.auditLog.fullChunks.first),
              let source = cold.source as? SnapshotAuditChunks else {
            Issue.record("the first chunk is held, not cold")
            throw StoreError.invalidArgument("no cold chunk")
        }
        return source
    }

    static func expectSameLog(_ store: WorkspaceStore, _ world: WorldBuilder, _ what: String) throws {
        let same = store.model == world.model
        #expect(same, "\(what): the model")
        #expect(try ModelDigest.hex(store.model) == ModelDigest.hex(world.model), "\(what): the digest")
        for account in world.model.accounts.keys {
            let visible = try store.model.auditRecords(visibleTo: account) == world.model.auditRecords(visibleTo: account)
            #expect(visible, "\(what): the records visible to \(account)")
            let newest = try store.model.auditRecords(visibleTo: account, filter: AuditFilter(limit: 3))
                == world.model.auditRecords(visibleTo: account, filter: AuditFilter(limit: 3))
            #expect(newest, "\(what): the newest visible to \(account)")
        }
        #expect(store.model.invariantViolations() == [], "\(what): the invariants")
    }

    /// Formats 9 and later write the audit log by chunk, which an open leaves cold; format 8
    /// wrote it record by record, which an open reads whole, as before.
    @Test(arguments: [8, 9, ModelCodec.currentVersion])
    func theLogReadThroughColdChunksIsTheLogDecodedWhole(version: UInt32) throws {
        try withTemporaryDirectory { dir in
            var world = try Self.world()
            let path = try Self.workspace(dir, world, version: version)
            let store = try WorkspaceStore.open(directory: path)
            defer { store.close() }
            #expect(store.model.auditLog.coldChunkCount == (version >= 9 ? 3 : 0))
            try Self.expectSameLog(store, world, "opened")

            // Appended after the open: a fourth and fifth chunk, held.
            let before = world.transactions.count
            try Self.change(&world, until: 5 * AuditChunk.capacity + 10)
            try store.commit(Array(world.transactions.dropFirst(before)))
            try Self.expectSameLog(store, world, "appended to")

            // A snapshot written from the cold chunks copies their bytes: the section is the
            // one the whole log encodes, and it reads back whole.
            let cold = try ModelSections.encode(store.model)[3], whole = try ModelSections.encode(world.model)[3]
            #expect(cold == whole)
            let report = try store.checkpoint()
            let file = try #require(report.snapshotFile)
            let written = try SnapshotFile.read(path: file, readableVersions: ModelCodec.readableVersions)
            let decoded = try ModelCodec.decodeModel(written.payload, version: written.formatVersion) == world.model
            #expect(decoded)
            let reopened = try WorkspaceStore.open(directory: path)
            defer { reopened.close() }
            #expect(reopened.model.auditLog.coldChunkCount == 5)
            try Self.expectSameLog(reopened, world, "reopened")
        }
    }

    /// Bytes of a cold chunk changed after the open fail their block's checksum when the
    /// chunk is read: every read says so, naming the file (what `log` prints), and a
    /// snapshot written after carries them as damage; nothing traps, and no record is made of them.
    @Test func aColdChunkDamagedAfterTheOpenIsAnErrorNotARecord() throws {
        try withTemporaryDirectory { dir in
            let (world, store, source) = try Self.opened(dir)
            defer { store.close() }
            let fd = open(source.path, O_WRONLY)
            #expect(fd >= 0)
            var byte: UInt8 = 0x5A
            // In the middle of the chunk: more than a block (16 KiB) from either end, so its
            // neighbours' blocks are sound.
            let chunk = source.range(of: 1)
            #expect(chunk.count > 40_960)
            #expect(pwrite(fd, &byte, 1, off_t((chunk.lowerBound + chunk.upperBound) / 2)) == 1)
            close(fd)
            let provider = try #require(store.model.user(principal: DemoWorld.providerAdmin)).accountId
            do {
                _ = try store.model.auditRecords(visibleTo: provider)
                Issue.record("a damaged chunk was read")
            } catch let StoreError.corrupt(file, _, reason) {
                #expect(file == source.path && reason.contains("audit log section checksum"), "\(reason)")
            }
            #expect(throws: StoreError.self) { try ModelDigest.hex(store.model) }
            // A change after the open, then a snapshot: the damaged block is copied, not read,
            // and fails its check in the new file too (SnapshotCopyTests).
            var later = world
            try Self.change(&later, until: world.model.auditLog.count + 1)
            try store.commit(Array(later.transactions.dropFirst(world.transactions.count)))
            let file = try #require(try store.checkpoint().snapshotFile)
            #expect(!SnapshotFile.isSound(path: file, readableVersions: ModelCodec.readableVersions))
            // The chunks around it still read, and so do the records after the chunks.
            #expect(try store.model.auditLog.record(at: 0) == world.model.auditLog[0])
            #expect(try store.model.auditLog.record(at: 3 * 1_024 + 5) == world.model.auditLog[3 * 1_024 + 5])
            // Newest first, the damaged chunk is reached only past the newest records.
            let newest = try store.model.auditRecords(visibleTo: provider, filter: AuditFilter(limit: 5))
            #expect(newest == Array(try later.model.auditRecords(visibleTo: provider).prefix(5)))
        }
    }

    /// The open keeps the snapshot file open: pruned (unlinked) after it, as another
    /// process's checkpoint prunes, its chunks still read.
    @Test func aColdChunkStillReadsAfterItsSnapshotIsUnlinked() throws {
        try withTemporaryDirectory { dir in
            let (world, store, source) = try Self.opened(dir)
            defer { store.close() }
            try FileManager.default.removeItem(atPath: source.path)
            try Self.expectSameLog(store, world, "after the unlink")
        }
    }

    /// An audit record out of sequence order inside a chunk left cold is found by the
    /// open's whole check (the snapshot is unmarked), from what the open read of the chunk.
    @Test func aBrokenAuditInvariantInAColdChunkIsFound() throws {
        try withTemporaryDirectory { dir in
            let world = try Self.world()
            var broken = world.model
            var records = Array(broken.auditLog)
            records.swapAt(1_500, 1_600)
            broken.auditLog = AuditLog(records)
            let found = broken.auditLogViolations()
            #expect(found.count == 2)
            let path = dir.file("ws")
            let store = try WorkspaceStore.create(directory: path)
            try store.commit(world.transactions)
            try SnapshotFile.write(payloadParts: try ModelSections.encode(broken), sequence: broken.lastSequence,
                                   formatVersion: ModelCodec.currentVersion, directory: path)
            store.close()
            do {
                _ = try WorkspaceStore.open(directory: path)
                Issue.record("a log out of order opened")
            } catch let StoreError.brokenInvariants(_, violations) {
                #expect(violations == found)
            }
        }
    }

    /// The open reads the section a window (1 MiB) at a time, larger while a chunk does not
    /// fit: a chunk of 2.5 MB of value texts is left cold and reads back as written.
    @Test func aChunkLargerThanTheOpensWindowIsLeftColdWhole() throws {
        try withTemporaryDirectory { dir in
            var model = PartnerModel()
            let records = (1...1_100).map { n in
                AuditRecord(sequence: UInt64(n), operationDate: Date(timeIntervalSinceReferenceDate: Double(n)),
                            userPrincipalName: "ana@contoso.example", accountId: nil, operationType: .update_subscription,
                            resourceName: "Contoso", customerId: nil, oldValue: String(repeating: "é", count: 600 + n % 7),
                            newValue: String(repeating: "x", count: 1_000), involvedAccounts: [])
            }
            model.auditLog = AuditLog(records)
            model.lastSequence = 1_100
            try SnapshotFile.write(payloadParts: try ModelSections.encode(model), sequence: 1_100,
                                   formatVersion: ModelCodec.currentVersion, directory: dir.path)
            let load = try SnapshotFile.loadNewest(directory: dir.path, readableVersions: ModelCodec.readableVersions)
            let snapshot = try #require(load.snapshot)
            var reader = snapshot.payloadReader()
            let decoded = try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion)
            #expect(decoded.auditLog.coldChunkCount == 1)
            let source = try Self.source(decoded)
            #expect(source.range(of: 0).count > 2_000_000)
            let same = decoded.auditLog == model.auditLog
            #expect(same)
        }
    }
}
