import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11, item 3: an open gives each large section's snapshot bytes back to the kernel
/// as it decodes them, so the snapshot (1.4 KB a customer) and the model it becomes are
/// not both resident at the peak. Residency is what the kernel says (`mincore`), and the
/// model decoded that way is the model decoded keeping every byte.
struct SnapshotReleaseTests {
    /// A snapshot file of a synthetic world (each large section spans many pages), read back.
    private func snapshot(_ dir: TemporaryDirectory) throws -> (PartnerModel, SnapshotFile) {
        let model = try TestWorlds.synthetic(resellers: 4, customers: 1_000).model
        let path = try SnapshotFile.write(
            payloadParts: try ModelCodec.encodeParts(model), sequence: model.lastSequence,
            formatVersion: ModelCodec.currentVersion, directory: dir.path)
        return (model, try SnapshotFile.read(path: path, readableVersions: ModelCodec.readableVersions))
    }

    private func largeSectionRanges(_ snapshot: SnapshotFile) throws -> [Range<Int>] {
        var reader = snapshot.payloadReader()
        let located = try ModelSections.locate(&reader, version: snapshot.formatVersion)
        return ModelSections.largeSections.map { located.ranges[$0] }
    }

    private func decode(_ snapshot: SnapshotFile, releasingRead: Bool) throws -> PartnerModel {
        var reader = snapshot.payloadReader()
        let loading = try ModelCodec.beginDecodingModel(&reader, version: snapshot.formatVersion, releasingRead: releasingRead)
        var timings = OpenTimings()
        return try loading.finish(timings: &timings)
    }

    private func pages(_ range: Range<Int>) -> Int {
        (range.upperBound + ByteBuffer.pageSize - 1) / ByteBuffer.pageSize - range.lowerBound / ByteBuffer.pageSize
    }

    @Test func eachLargeSectionIsReleasedAsItIsDecodedAndTheModelIsTheSame() throws {
        try withTemporaryDirectory { dir in
            let (model, snapshot) = try snapshot(dir)
            let buffer = snapshot.payloadReader().buffer
            let ranges = try largeSectionRanges(snapshot)
            for range in ranges {
                #expect(pages(range) > 8)
                #expect(buffer.residentPages(range) == pages(range))
            }
            #expect(try decode(snapshot, releasingRead: true) == model)
            for range in ranges {
                // Only the two pages a section shares with its neighbours may stay.
                let resident = try #require(buffer.residentPages(range))
                #expect(resident <= 2, "\(resident) of \(pages(range)) pages of \(range) still resident")
                #expect(buffer.isReleased(range))
            }
        }
    }

    @Test func aDecodeThatMayBeFollowedByAnotherKeepsEveryByte() throws {
        try withTemporaryDirectory { dir in
            let (model, snapshot) = try snapshot(dir)
            let buffer = snapshot.payloadReader().buffer
            #expect(try decode(snapshot, releasingRead: false) == model)
            for range in try largeSectionRanges(snapshot) {
                #expect(buffer.residentPages(range) == pages(range))
                #expect(!buffer.isReleased(range))
            }
            // The PostgreSQL store copies a payload into its local cache after decoding it.
            #expect(try ModelCodec.decodeModel(try snapshot.payload) == model)
        }
    }
}
