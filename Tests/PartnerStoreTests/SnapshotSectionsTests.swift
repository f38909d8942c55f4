import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11, item 4: snapshot format 8 gives each section (and what follows them) its own
/// checksums in a table the header covers, so an open reads and checks only the sections it
/// decodes; a section left unread is read and checked when it is loaded, and `check` (and
/// pruning, and copying) still checks every one.
struct SnapshotSectionsTests {
    private static let deferring = DeferredSections.allButCustomersAndPartners

    /// The demo world in a workspace whose only snapshot (checked) is its whole model.
    private func workspace(_ dir: TemporaryDirectory) throws -> (WorldBuilder, String) {
        let world = try TestWorlds.demo()
        try WorkspaceStore.create(directory: dir.file("ws"), startingFrom: world.model).close()
        let sequence = try #require(try SnapshotFile.sequences(in: dir.file("ws")).first)
        return (world, dir.file("ws/" + WorkspaceFileName.snapshot(sequence: sequence)))
    }

    private func table(_ path: String) throws -> SnapshotSectionTable { try SnapshotFileBytes.table(path) }

    private func flip(_ path: String, at offset: Int) throws { try SnapshotFileBytes.flip(path, at: offset) }

    /// (Format 9 keeps format 8's file; only its audit log section is written by chunk.)
    @Test func aFormat8SnapshotRoundTripsWithFormat7sPayload() throws {
        try withTemporaryDirectory { dir in
            let (world, path) = try workspace(dir)
            let snapshot = try SnapshotFile.read(path: path, readableVersions: ModelCodec.readableVersions)
            #expect(snapshot.formatVersion == ModelCodec.currentVersion)
            var reader = snapshot.payloadReader()
            let decoded = try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion) == world.model
            #expect(decoded)
            #expect(try snapshot.payload == Array(ModelSections.encode(world.model, mark: .checked(with: nil)).joined()))
            let table = try table(path)
            #expect(table.entries.count == ModelSections.count + 1)
            #expect(table.entries.last?.range.upperBound == Int(try FileSystem.fileSize(path)))
            let opened = try WorkspaceStore.open(directory: dir.file("ws")).model == world.model
            #expect(opened)
        }
    }

    /// A flipped byte in any section: `check`'s read and a whole open pass the file over
    /// naming the section; an open that leaves that section unread uses the file, and the
    /// section is found damaged when it is read, naming it.
    @Test(arguments: 0...ModelSections.count) func aFlippedByteIsFoundWhereItsSectionIsRead(entry: Int) throws {
        try withTemporaryDirectory { dir in
            let (_, path) = try workspace(dir)
            let range = try table(path).entries[entry].range
            try flip(path, at: (range.lowerBound + range.upperBound) / 2)
            let name = SnapshotSectionTable.name(of: entry)

            let checked = #expect(throws: StoreError.self) {
                try SnapshotFile.read(path: path, readableVersions: ModelCodec.readableVersions)
            }
            #expect("\(try #require(checked))".contains("\(name) section checksum"))
            #expect(!SnapshotFile.isSound(path: path, readableVersions: ModelCodec.readableVersions))
            #expect(WorkspaceStore.verify(directory: dir.file("ws")).problems.contains { $0.contains("\(name) section checksum") })

            let leftUnread = Set(ModelSections.largeSections(deferring: Self.deferring).deferred)
            let load = try? SnapshotFile.loadNewest(directory: dir.file("ws"), readableVersions: ModelCodec.readableVersions,
                                                    leavingUnread: leftUnread)
            guard leftUnread.contains(entry) else {
                #expect(load?.snapshot?.sequence == nil, "a section the open reads is checked by the open")
                return
            }
            let snapshot = try #require(load?.snapshot)
            var reader = snapshot.payloadReader()
            let damage = #expect(throws: SnapshotSectionDamage.self) {
                try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion)
            }
            #expect(damage?.damage.reason.contains("\(name) section checksum") == true)
            #expect(throws: StoreError.self) { try snapshot.payload }
        }
    }

    /// Counted, not timed: an open that defers the orders, subscriptions and audit log reads
    /// every byte of the snapshot but theirs; loading them reads the rest.
    @Test func aListingsOpenReadsNoDeferredSection() throws {
        try withTemporaryDirectory { dir in
            let (world, path) = try workspace(dir)
            let table = try table(path)
            let payload = table.entries.reduce(0) { $0 + $1.range.count }
            let deferred = [ModelSections.ordersSection, ModelSections.subscriptionsSection, ModelSections.auditLogSection]
                .reduce(0) { $0 + table.entries[$1].range.count }
            #expect(deferred > payload / 2)
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring)
            #expect(store.deferredSections == Self.deferring)
            #expect(store.openTimings.snapshotBytesRead == payload - deferred)
            try store.loadDeferred()
            let loaded = store.model == world.model
            #expect(loaded)

            let whole = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(whole.openTimings.snapshotBytesRead == payload)
        }
    }

    /// Counted, not timed: an open reads the small sections and the tail first, and each large
    /// section only when the thread that decodes it comes to it, so the file and the model
    /// it becomes are not both resident at the open's peak; by its end it has read them all.
    @Test func anOpenReadsEachLargeSectionWhenItsDecodeComesToIt() throws {
        try withTemporaryDirectory { dir in
            let (world, path) = try workspace(dir)
            let table = try table(path)
            let payload = table.entries.reduce(0) { $0 + $1.range.count }
            let large = ModelSections.largeDecodingOrder.reduce(0) { $0 + table.entries[$1].range.count }
            let store = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(store.openTimings.snapshotBytesReadFirst == payload - large)
            #expect(store.openTimings.snapshotBytesRead == payload)
            let same = store.model == world.model
            #expect(same)
        }
    }

    /// A deferred section found damaged after the open: nothing of that snapshot is used. The
    /// store reads the model again from the sound snapshot before it and the journal after
    /// that; without one, loading fails loudly and every change is refused.
    @Test func aDamagedDeferredSectionFallsBackToTheSnapshotBefore() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let writer = try WorkspaceStore.create(directory: dir.file("ws"))
            let half = world.transactions.count / 2
            try writer.commit(Array(world.transactions.prefix(half)))
            try writer.checkpoint()
            try writer.commit(Array(world.transactions.dropFirst(half)))
            try writer.checkpoint()
            writer.close()
            let newest = try #require(try SnapshotFile.sequences(in: dir.file("ws")).first)
            let path = dir.file("ws/" + WorkspaceFileName.snapshot(sequence: newest))
            let orders = try table(path).entries[ModelSections.ordersSection].range
            try flip(path, at: orders.lowerBound + orders.count / 2)

            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: .auditLog)
            #expect(store.recovery.skippedSnapshots.count == 1, "the open reads the orders section")
            #expect(store.recovery.snapshotSequence != newest)
            try store.loadDeferred()
            let sameAsWhole = store.model == world.model
            #expect(sameAsWhole)

            let audit = try table(path).entries[ModelSections.auditLogSection].range
            try flip(path, at: orders.lowerBound + orders.count / 2)
            try flip(path, at: audit.lowerBound + audit.count / 2)
            let deferring = try WorkspaceStore.open(directory: dir.file("ws"), deferring: .auditLog)
            #expect(deferring.deferredSections == .auditLog)
            #expect(deferring.recovery.skippedSnapshots.isEmpty)
            try deferring.loadDeferred()
            #expect(deferring.deferredSections.isEmpty)
            let readAgainWhole = deferring.model == world.model
            #expect(readAgainWhole)
            #expect(deferring.recovery.skippedSnapshots.first?.contains("audit log section checksum") == true)

            for sequence in try SnapshotFile.sequences(in: dir.file("ws")) where sequence != newest {
                try FileManager.default.removeItem(atPath: dir.file("ws/" + WorkspaceFileName.snapshot(sequence: sequence)))
            }
            let alone = try WorkspaceStore.open(directory: dir.file("ws"), deferring: .auditLog)
            #expect(throws: StoreError.self) { try alone.loadDeferred() }
            #expect(throws: StoreError.self) { try alone.commit(deciding: { _ in [] }) }
        }
    }

    /// A format-7 snapshot (one checksum over the payload) still opens, and the next
    /// snapshot is written as format 8.
    @Test func aFormat7SnapshotOpensAndTheNextIsFormat8() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.path)
            let half = world.transactions.count / 2
            try store.commit(Array(world.transactions.prefix(half)))
            let snapshotSequence = store.lastSequence
            try SnapshotFile.write(payloadParts: try ModelSections.encode(store.model, mark: .checked(with: nil), version: 7),
                                   sequence: snapshotSequence, formatVersion: 7, directory: dir.path)
            try store.commit(Array(world.transactions.dropFirst(half)))
            store.close()

            let reopened = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(reopened.recovery.snapshotSequence == snapshotSequence)
            #expect(reopened.openTimings.snapshotBytesRead > 0)
            try reopened.loadDeferred()
            let loaded = reopened.model == world.model
            #expect(loaded)
            let report = try reopened.checkpoint()
            let file = try #require(report.snapshotFile)
            #expect(try SnapshotFile.read(path: file, readableVersions: ModelCodec.readableVersions).formatVersion == ModelCodec.currentVersion)
            reopened.close()
            let rewritten = try WorkspaceStore.open(directory: dir.path).model == world.model
            #expect(rewritten)
        }
    }

    /// Pruning's check (`isSound`) reads many blocks at a time: a flipped byte in the first
    /// block, the last and first blocks on either side of a read's end, and the last block
    /// of a section longer than one read is found, and the file is sound again once mended.
    @Test func pruningsCheckFindsAFlipInEveryBlockOfALongSection() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.synthetic(resellers: 20, customers: 6_000)
            try WorkspaceStore.create(directory: dir.file("ws"), startingFrom: world.model).close()
            let sequence = try #require(try SnapshotFile.sequences(in: dir.file("ws")).first)
            let path = dir.file("ws/" + WorkspaceFileName.snapshot(sequence: sequence))
            let table = try table(path)
            let perRead = (1 << 20) / table.blockBytes
            let longest = try #require(table.entries.indices.max { table.entries[$0].range.count < table.entries[$1].range.count })
            let blocks = table.entries[longest].blockChecksums.count
            try #require(blocks > perRead + 1, "a section longer than one read (\(blocks) blocks)")
            #expect(SnapshotFile.isSound(path: path, readableVersions: ModelCodec.readableVersions))
            for block in Set([0, perRead - 1, perRead, blocks - 1]) {
                let range = table.blockRange(longest, block)
                for offset in [range.lowerBound, range.upperBound - 1] {
                    try flip(path, at: offset)
                    #expect(!SnapshotFile.isSound(path: path, readableVersions: ModelCodec.readableVersions),
                            "a flip at byte \(offset), block \(block)")
                    try flip(path, at: offset)
                }
            }
            #expect(SnapshotFile.isSound(path: path, readableVersions: ModelCodec.readableVersions))
        }
    }
}
