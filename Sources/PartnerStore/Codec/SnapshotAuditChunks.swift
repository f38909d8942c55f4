import Foundation
import PartnerCore

/// The full audit chunks an open left in their snapshot file (`ColdAuditChunk`), read
/// again when a record of one is asked for. The file stays open (a snapshot pruned or
/// deleted by another process's checkpoint still reads), and every read is checked
/// against the section table's block checksums, as the open checked it: bytes that
/// changed since are `StoreError.corrupt` naming the file, never a record. The few
/// chunks read last are kept, so paging through the log or a binary search by sequence
/// does not read the same chunk again and again.
final class SnapshotAuditChunks: AuditChunkSource, @unchecked Sendable {
    /// The snapshot file the chunks lie in.
    let file: SnapshotSectionReads
    /// Each chunk's bytes in the file, by the index its `ColdAuditChunk` names.
    private let ranges: [Range<Int>]
    /// Chunks read last, newest last; under `lock` (a dashboard's screen and its snapshot
    /// thread read at once).
    private var recent: [(index: Int, chunk: AuditChunk)] = []
    private let lock = NSLock()
    /// A chunk is about 230 KB in memory (1,024 records): four are a megabyte.
    static let recentLimit = 4

    init(file: SnapshotSectionReads, ranges: [Range<Int>]) {
        self.file = file
        self.ranges = ranges
    }

    var path: String { file.path }

    /// How many chunks the file holds.
    var count: Int { ranges.count }

    /// Where chunk `index` lies in the file.
    func range(of index: Int) -> Range<Int> { ranges[index] }

    func chunk(_ index: Int) throws -> AuditChunk {
        if let kept = lock.withLock({ recent.first { $0.index == index }?.chunk }) { return kept }
        let bytes = try bytes(of: index)
        var reader = BinaryReader(bytes)
        let chunk: AuditChunk
        do {
            chunk = try ModelCodec.readAuditChunk(&reader)
            try reader.expectEnd("audit chunk")
        } catch let StoreError.malformed(offset, reason) {
            throw StoreError.corrupt(file: file.path, offset: Int64(ranges[index].lowerBound + offset), reason: "audit chunk \(index): \(reason)")
        }
        lock.withLock {
            recent.removeAll { $0.index == index }
            recent.append((index, chunk))
            if recent.count > Self.recentLimit { recent.removeFirst() }
        }
        return chunk
    }

    /// The chunk's bytes as the snapshot holds them, checked: what a snapshot written from
    /// a model holding this chunk cold copies, neither decoded nor encoded again.
    func bytes(of index: Int) throws -> [UInt8] {
        do {
            return try file.readChecked(ranges[index])
        } catch let damage as SnapshotSectionDamage {
            throw damage.storeError
        }
    }
}
