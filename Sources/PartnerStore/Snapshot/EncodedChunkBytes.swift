import PartnerCore

/// Where an `EntityTable` chunk of customers or orders lies encoded in a snapshot file this
/// process read (and checked) or wrote: a checkpoint copies an unchanged chunk's bytes from
/// there (`SnapshotPiece.copied`) instead of encoding it again. Kept by the model's table
/// until the chunk changes (`EntityTable.noteEncodedChunks`).
final class EncodedChunkBytes: EncodedChunk {
    let source: SnapshotSectionReads
    /// File offsets in `source`, inside one section: the chunk's records end to end.
    let range: Range<Int>
    /// Where each record begins, from `range`'s start: what the customers' places need.
    let recordStarts: [UInt32]

    init(source: SnapshotSectionReads, range: Range<Int>, recordStarts: [UInt32]) {
        self.source = source
        self.range = range
        self.recordStarts = recordStarts
    }

    /// A chunk's records as a section holds them, each record's start from the section's
    /// start; a chunk is where it lies once the file it is in is known.
    struct Place: Sendable {
        var range: Range<Int>
        var recordStarts: [UInt32]

        func inFile(_ source: SnapshotSectionReads, sectionStart: Int) -> EncodedChunkBytes {
            EncodedChunkBytes(source: source, range: sectionStart + range.lowerBound..<sectionStart + range.upperBound,
                              recordStarts: recordStarts)
        }
    }

    /// Where a section being read puts each chunk, noted record by record (`noteRecord(at:)`
    /// with the record's file offset, before it is read); nil chunks for bytes that are not a file's.
    struct Noting {
        private let source: SnapshotSectionReads?
        private var places: [Place] = []
        private var starts: [UInt32] = []
        private var chunkStart = 0
        private let chunkSize: Int

        init(source: SnapshotSectionReads?, chunkSize: Int) {
            self.source = source
            self.chunkSize = chunkSize
        }

        mutating func noteRecord(at offset: Int) {
            guard source != nil else { return }
            if starts.count == chunkSize { close(at: offset) }
            if starts.isEmpty { chunkStart = offset }
            starts.append(UInt32(offset - chunkStart))
        }

        private mutating func close(at end: Int) {
            places.append(Place(range: chunkStart..<end, recordStarts: starts))
            starts = []
            starts.reserveCapacity(chunkSize)
        }

        /// Every chunk's bytes, the last ending at `end`.
        mutating func finish(at end: Int) -> [(any EncodedChunk)?] {
            guard let source else { return [] }
            if !starts.isEmpty { close(at: end) }
            return places.map { $0.inFile(source, sectionStart: 0) }
        }
    }
}
