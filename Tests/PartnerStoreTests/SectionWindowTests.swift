import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11, the peak: an open reads the customers', orders' and subscriptions' sections a
/// window ahead of their decoder (`SectionWindow`) rather than whole, and gives back what it
/// decoded, so it never holds a whole section of the file. Counted, not timed; the windows
/// here are a few kilobytes so that a small world's sections span many of them.
struct SectionWindowTests {
    private static let window = 4 << 10

    /// A workspace whose only snapshot is a synthetic world's model (each large section
    /// spans many blocks and windows), with the snapshot's path.
    private func workspace(_ dir: TemporaryDirectory) throws -> (PartnerModel, String) {
        let model = try TestWorlds.synthetic(resellers: 4, customers: 1_000).model
        try WorkspaceStore.create(directory: dir.file("ws"), startingFrom: model).close()
        let sequence = try #require(try SnapshotFile.sequences(in: dir.file("ws")).first)
        return (model, dir.file("ws/" + WorkspaceFileName.snapshot(sequence: sequence)))
    }

    /// The snapshot as an open reads it: every section but the large ones read and checked.
    private func snapshotLeavingLargeSectionsUnread(_ dir: TemporaryDirectory) throws -> SnapshotFile {
        let load = try SnapshotFile.loadNewest(directory: dir.file("ws"), readableVersions: ModelCodec.readableVersions,
                                               leavingUnread: Set(ModelSections.largeSections))
        return try #require(load.snapshot)
    }

    /// Decodes as an open does (releasing what it decoded), the audit log (read a chunk at a
    /// time its own way) after the others; with the most bytes of the file held at once
    /// before the audit log.
    private func decode(_ snapshot: SnapshotFile, window: Int = window) throws -> (model: PartnerModel, held: Int?) {
        var reader = snapshot.payloadReader()
        let loading = try ModelCodec.beginDecodingModel(&reader, version: snapshot.formatVersion, deferring: .auditLog,
                                                        releasingRead: true, window: window)
        var timings = OpenTimings()
        var model = try loading.finish(timings: &timings)
        let held = reader.buffer.bytesHeldAtMost
        model.prependAuditLog(try loading.decodeDeferredAuditLog())
        return (model, held)
    }

    private func table(_ path: String) throws -> SnapshotSectionTable { try SnapshotFileBytes.table(path) }

    private func flip(_ path: String, at offset: Int) throws { try SnapshotFileBytes.flip(path, at: offset) }

    /// At most what was read before decoding and, for each windowed section being decoded at
    /// once, a window ahead and a quarter window behind, rounded out to whole blocks and pages;
    /// a section loaded whole holds all of its bytes at once.
    @Test func anOpenHoldsAWindowOfEachLargeSectionNotTheWholeSection() throws {
        try withTemporaryDirectory { dir in
            let (model, path) = try workspace(dir)
            let table = try table(path)
            let snapshot = try snapshotLeavingLargeSectionsUnread(dir)
            let readFirst = snapshot.payloadBytesRead
            let perSection = Self.window + Self.window / 4 + 2 * table.blockBytes + 2 * ByteBuffer.pageSize
            let bound = readFirst + ModelSections.windowedSections.count * perSection
            let largest = ModelSections.windowedSections.map { table.entries[$0].range.count }.max() ?? 0
            try #require(readFirst + largest > bound, "sections of \(largest) bytes are larger than the windows")

            let (decoded, heldAtMost) = try decode(snapshot)
            #expect(decoded == model)
            let held = try #require(heldAtMost)
            #expect(held <= bound, "held \(held) bytes at once; a window of each section is at most \(bound - readFirst)")
            #expect(snapshot.payloadBytesRead == table.entries.reduce(0) { $0 + $1.range.count })
        }
    }

    /// The open counts it too: with its own windows of a megabyte, this world's sections are
    /// each loaded whole, so it holds at least what it read first and one of them.
    @Test func anOpenSaysHowManyBytesItHeldAtMost() throws {
        try withTemporaryDirectory { dir in
            let (model, path) = try workspace(dir)
            let table = try table(path)
            let store = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(store.model == model)
            let held = store.openTimings.snapshotBytesHeldAtMost
            #expect(held <= store.openTimings.snapshotBytesRead)
            #expect(held > store.openTimings.snapshotBytesReadFirst + ModelSections.windowedSections.map { table.entries[$0].range.count }.min()!)
        }
    }

    /// A window of 64 bytes is smaller than any customer, order or subscription: each record
    /// is read again with more loaded until it fits, from a file and from bytes in memory.
    @Test func recordsLargerThanTheWindowStillDecode() throws {
        try withTemporaryDirectory { dir in
            let (model, _) = try workspace(dir)
            let snapshot = try snapshotLeavingLargeSectionsUnread(dir)
            #expect(try decode(snapshot, window: 64).model == model)

            var inMemory = BinaryReader(try ModelCodec.encode(model))
            let loading = try ModelCodec.beginDecodingModel(&inMemory, version: ModelCodec.currentVersion, window: 64)
            var timings = OpenTimings()
            #expect(try loading.finish(timings: &timings) == model)
        }
    }

    /// A flipped byte in the last block of each windowed section, many windows after its
    /// first: found when its window is loaded, before any of its bytes is decoded, and
    /// reported as a damaged section naming it, as for a section loaded whole.
    @Test(arguments: ModelSections.windowedSections) func damageInALaterWindowIsFoundWhenItIsLoaded(section: Int) throws {
        try withTemporaryDirectory { dir in
            let (_, path) = try workspace(dir)
            let table = try table(path)
            let range = table.entries[section].range
            try #require(range.count > 8 * Self.window)
            try flip(path, at: range.upperBound - 2)
            let snapshot = try snapshotLeavingLargeSectionsUnread(dir)
            let damage = #expect(throws: SnapshotSectionDamage.self) { try decode(snapshot) }
            let name = SnapshotSectionTable.name(of: section)
            #expect(damage?.damage.reason.contains("\(name) section checksum") == true)
            #expect(damage?.damage.offset == Int64(table.blockRange(section, table.entries[section].blockChecksums.count - 1).lowerBound))
        }
    }

    /// An open that decodes every section reads neither the subscriptions' summary nor the
    /// places after the sections, so their bytes go back at once rather than stay to the
    /// open's end; a decode that keeps every byte (one that may be followed by a read of
    /// them) keeps them.
    @Test func aReleasingDecodeGivesBackTheSummaryAndPlaces() throws {
        try withTemporaryDirectory { dir in
            let (model, path) = try workspace(dir)
            let tail = try table(path).entries[ModelSections.count].range
            let inside = tail.lowerBound + ByteBuffer.pageSize..<tail.upperBound - ByteBuffer.pageSize
            try #require(inside.count > ByteBuffer.pageSize)
            for releasing in [true, false] {
                let snapshot = try snapshotLeavingLargeSectionsUnread(dir)
                var reader = snapshot.payloadReader()
                let loading = try ModelCodec.beginDecodingModel(&reader, version: snapshot.formatVersion, releasingRead: releasing)
                #expect(reader.buffer.isReleased(inside) == releasing)
                #expect(loading.hasSubscriptionPlaces == !releasing)
                #expect(loading.hasCustomerPlaces == !releasing)
                var timings = OpenTimings()
                #expect(try loading.finish(timings: &timings) == model)
            }
        }
    }
}
