import Foundation
@testable import PartnerCore
import Testing
@testable import PartnerStore

/// A checkpoint copies each customer and order chunk unchanged since a snapshot file this
/// process read or wrote holds it (`EncodedChunkBytes`, `SectionPieces`) and encodes only
/// the others: after random changes and snapshots every snapshot is byte for byte the one a
/// whole encode writes and decodes to the model; a byte damaged in the older file since the
/// open is refused or carried as damage, never made a sound block; another process's snapshot
/// in between changes nothing; the customers' places still serve a reseller's narrowed open.
struct SnapshotChunkCopyTests {
    /// Four full chunks of customers and part of a fifth.
    /// A workspace whose snapshot holds four full chunks of customers and part of a fifth.
    static func workspace(_ dir: TemporaryDirectory) throws -> String {
        let world = try TestWorlds.synthetic(resellers: 4, customers: 4 * EntityTable<Customer>.chunkSize + 40, seed: 3)
        let path = dir.file("ws")
        try WorkspaceStore.create(directory: path, startingFrom: world.model, catalog: nil).close()
        return path
    }

    /// A number below `bound` from the seeded source.
    static func pick(_ random: inout SeededFreshValues, _ bound: Int) -> Int {
        Int(random.next() % UInt64(bound))
    }

    /// One change committed to `store`: a customer edited where it is (its first name
    /// longer, so the chunks after it move; in `chunk` when given), or a customer
    /// added with an order (the last chunks grow).
    static func change(_ store: WorkspaceStore, _ random: inout SeededFreshValues, chunk: Int? = nil) throws {
        let customers = store.model.customers
        if chunk == nil && Self.pick(&random, 3) == 0 {
            let prefix = "added\(customers.count)x\(Self.pick(&random, 1_000_000))"
            try store.commit([try ImportRecordTests.addCustomer(prefix, on: store.model, catalog: try TestWorlds.catalog(),
                                                                seed: UInt64(Self.pick(&random, 1 << 30))).0])
            return
        }
        let size = EntityTable<Customer>.chunkSize
        let slot = chunk.map { $0 * size + Self.pick(&random, min(size, customers.count - $0 * size)) } ?? Self.pick(&random, customers.count)
        var customer = customers.values[slot]
        customer.billingProfile.firstName += String(repeating: "e", count: 1 + Self.pick(&random, 12))
        try store.commit(DeferredSubscriptionsTests.edit(.customerUpdated(customer), .add_customer, customer.id))
    }

    /// `model` with no chunk noted as lying anywhere: what a whole encode writes.
    static func encodedWhole(_ model: PartnerModel) -> PartnerModel {
        var whole = model
        whole.customers = model.customers.mapValues { $0 }
        whole.orders = model.orders.mapValues { $0 }
        whole.subscriptions = model.subscriptions.mapValues { $0 }
        return whole
    }

    /// The bytes of `model`'s snapshot written from its pieces (unchanged chunks copied) and
    /// encoded whole, and how many bytes of `groups` (by default customers and orders) were copied.
    static func copiedAndWhole(_ model: PartnerModel, sequence: UInt64, in dir: TemporaryDirectory, _ name: String,
                               groups: Range<Int> = 0..<2) throws -> (copied: Data?, whole: Data?, bytesCopied: Int) {
        let encoded = try ModelSections.encodePieces(model, mark: .checked(with: nil))
        let copiedBytes = encoded.groups[groups].joined().reduce(0) { total, piece in
            if case .copied(let run) = piece { total + run.range.count } else { total }
        }
        let (copied, _) = try SnapshotFile.write(pieces: encoded.pieces, sequence: sequence, formatVersion: ModelCodec.currentVersion,
                                                 directory: try SnapshotCopyTests.directory(dir, "copied-\(name)"))
        let whole = try SnapshotFile.write(payloadParts: try ModelSections.encode(encodedWhole(model), mark: .checked(with: nil)),
                                           sequence: sequence, formatVersion: ModelCodec.currentVersion,
                                           directory: try SnapshotCopyTests.directory(dir, "whole-\(name)"))
        return (FileManager.default.contents(atPath: copied), FileManager.default.contents(atPath: whole), copiedBytes)
    }

    static func expectSnapshot(_ file: String, is model: PartnerModel) throws {
        let read = try SnapshotFile.read(path: file, readableVersions: ModelCodec.readableVersions)
        let decoded = try ModelCodec.decodeModel(read.payload, version: read.formatVersion)
        #expect(decoded == model, "\(file) decodes to the model")
    }

    @Test(arguments: [5, 17]) func everySnapshotAfterRandomChangesIsTheWholeEncodes(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let store = try WorkspaceStore.open(directory: try Self.workspace(dir))
            defer { store.close() }
            var random = SeededFreshValues(seed: seed)
            for round in 0..<5 {
                for _ in 0...Self.pick(&random, 3) { try Self.change(store, &random) }
                let (copied, whole, bytesCopied) = try Self.copiedAndWhole(store.model, sequence: store.lastSequence, in: dir, "\(round)")
                #expect(copied != nil && copied == whole, "round \(round): the copying snapshot's bytes are the whole encode's")
                #expect(bytesCopied > 0, "round \(round): unchanged chunks are copied")
                let file = try #require(try store.checkpoint().snapshotFile)
                try Self.expectSnapshot(file, is: store.model)
            }
        }
    }

    /// A byte of an unchanged customer chunk changed in the older file after the open. With
    /// the change in the last chunk the chunks before it lie on the same blocks in the new
    /// file: copied whole, their checksums the older table's, so the new file's block fails
    /// its check. With the change in the first chunk (its record shorter) every chunk after
    /// lies elsewhere: read and checked first, so the checkpoint fails naming the older file.
    @Test(arguments: [false, true]) func aDamagedByteInAnUnchangedChunkIsNeverMadeSound(changingFirstChunk: Bool) throws {
        try withTemporaryDirectory { dir in
            let store = try WorkspaceStore.open(directory: try Self.workspace(dir))
            defer { store.close() }
            let source = try #require(store.model.customers.encodedChunk(2) as? EncodedChunkBytes)
            var random = SeededFreshValues(seed: 1)
            try Self.change(store, &random, chunk: changingFirstChunk ? 0 : store.model.customers.chunkCount - 1)
            try Self.expectDamageNeverMadeSound(in: source, checkpointing: store, moved: changingFirstChunk)
        }
    }

    /// Damages a byte in the middle of `source` (an unchanged chunk's bytes in the older file),
    /// then checkpoints `store`: when the change made before `moved` the bytes after it, they
    /// are read and checked first, so the checkpoint fails naming the older file and writes
    /// nothing; otherwise they are copied on their older blocks, whose checksums the new file
    /// takes, so the new file fails its check where the older one does.
    static func expectDamageNeverMadeSound(in source: EncodedChunkBytes, checkpointing store: WorkspaceStore, moved: Bool) throws {
        try SnapshotCopyTests.damage(source.source.path, at: (source.range.lowerBound + source.range.upperBound) / 2)
        let sequences = try SnapshotFile.sequences(in: store.directory)
        do {
            let file = try #require(try store.checkpoint().snapshotFile)
            #expect(!moved, "bytes not on their older blocks are read and checked before they are summed")
            #expect(!SnapshotFile.isSound(path: file, readableVersions: ModelCodec.readableVersions))
            #expect(throws: StoreError.self) { try SnapshotFile.read(path: file, readableVersions: ModelCodec.readableVersions) }
        } catch let StoreError.corrupt(path, _, _) {
            #expect(moved, "bytes on their older blocks are copied, not read")
            #expect(path == source.source.path)
            #expect(try SnapshotFile.sequences(in: store.directory) == sequences, "nothing written")
        }
    }

    /// Another process writes a snapshot between this one's open and its own: this one still
    /// copies its unchanged chunks from the file it read (held open), and its snapshot holds
    /// both processes' changes.
    @Test func anotherProcessesSnapshotInBetween() throws {
        try withTemporaryDirectory { dir in
            let path = try Self.workspace(dir)
            let store = try WorkspaceStore.open(directory: path)
            defer { store.close() }
            var random = SeededFreshValues(seed: 9)
            let other = try WorkspaceStore.open(directory: path)
            try Self.change(other, &random, chunk: 1)
            try other.checkpoint()
            let theirs = other.model
            other.close()

            try store.refresh()
            try Self.change(store, &random, chunk: 3)
            #expect(store.model.customers.chunk(1) == theirs.customers.chunk(1), "the other process's change caught up")
            let (copied, whole, bytesCopied) = try Self.copiedAndWhole(store.model, sequence: store.lastSequence, in: dir, "after")
            #expect(copied != nil && copied == whole)
            #expect(bytesCopied > 0)
            let file = try #require(try store.checkpoint().snapshotFile)
            try Self.expectSnapshot(file, is: store.model)
            let reopened = try WorkspaceStore.open(directory: path)
            defer { reopened.close() }
            #expect(reopened.model == store.model, "both processes' changes")
        }
    }

    /// After snapshots that copied chunks behind a changed one (so their places moved), a
    /// reseller's customers read alone through the newest snapshot's places are the whole model's.
    @Test func thePlacesServeAResellersNarrowedOpen() throws {
        try withTemporaryDirectory { dir in
            let path = try Self.workspace(dir)
            let store = try WorkspaceStore.open(directory: path)
            var random = SeededFreshValues(seed: 4)
            for chunk in [0, 2] {
                try Self.change(store, &random, chunk: chunk)
                try store.checkpoint()
            }
            let whole = store.model
            store.close()
            let provider = try #require(whole.accounts.values.first { $0.kind == .indirectProvider }).id
            for reseller in whole.accounts.values.filter({ $0.kind == .indirectReseller }).map(\.id) {
                let narrowed = try WorkspaceStore.open(directory: path, deferring: [.allButCustomersAndPartners, .customers])
                defer { narrowed.close() }
                #expect(narrowed.model.customers.isEmpty)
                try narrowed.loadCustomers(of: reseller)
                #expect(narrowed.model.customerList(visibleTo: provider, sharedWith: reseller)
                        == whole.customerList(visibleTo: provider, sharedWith: reseller))
                #expect(narrowed.model.customers.count == whole.customerIds(visibleTo: reseller).count)
            }
        }
    }
}
