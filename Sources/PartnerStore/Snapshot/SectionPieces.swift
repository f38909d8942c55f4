import PartnerCore

/// A section's contents (after its length) as a checkpoint writes them: bytes encoded now,
/// and runs of table chunks copied from the snapshot file they lie in (`EncodedChunkBytes`),
/// chunks lying end to end in one file joined into one run.
struct SectionPieces {
    private var pieces: [SnapshotPiece] = []
    /// Where the next encoded bytes go (after every piece so far).
    var writer: BinaryWriter
    /// Bytes in the pieces before `writer`'s.
    private var flushed = 0

    init(capacity: Int) {
        writer = BinaryWriter(capacity: capacity)
    }

    /// Bytes so far.
    var count: Int { flushed + writer.count }

    mutating func copy(_ chunk: EncodedChunkBytes) {
        copy(chunk.range, of: chunk.source)
    }

    /// `range` of `source` copied next: one run with the copy before it when it goes on where that one ended.
    mutating func copy(_ range: Range<Int>, of source: SnapshotSectionReads) {
        flush()
        if case .copied(let run) = pieces.last, run.source === source, run.range.upperBound == range.lowerBound {
            pieces[pieces.count - 1] = .copied(CopiedBytes(source: source, range: run.range.lowerBound..<range.upperBound))
        } else {
            pieces.append(.copied(CopiedBytes(source: source, range: range)))
        }
        flushed += range.count
    }

    private mutating func flush() {
        guard writer.count > 0 else { return }
        flushed += writer.count
        let bytes = writer.bytes
        writer = BinaryWriter(capacity: 1 << 16)
        pieces.append(.bytes(bytes))
    }

    /// The pieces, the section's length prefix first.
    consuming func finish() -> [SnapshotPiece] {
        flush()
        return Self.lengthPrefixed(pieces)
    }

    /// A section's pieces after their length, as every section begins.
    static func lengthPrefixed(_ pieces: [SnapshotPiece]) -> [SnapshotPiece] {
        var prefix = BinaryWriter(capacity: 8)
        prefix.writeUInt64(UInt64(pieces.reduce(0) { $0 + $1.count }))
        return [.bytes(prefix.finish())] + pieces
    }

    /// Writes `table`'s values as `writeArray` does (their count, then each record), chunk
    /// by chunk: a chunk unchanged since a snapshot file this process read or wrote holds it
    /// is copied from there, any other encoded. Returns where each chunk lies from the
    /// section's start (its length prefix) and calls `noting` with each value and where its
    /// record begins, from the first byte after the prefix.
    static func writeTable<Value>(_ table: EntityTable<Value>, capacity: Int,
                                  encoding: (Value, inout BinaryWriter) -> Void,
                                  noting: (Value, UInt64) -> Void = { _, _ in }) -> (pieces: [SnapshotPiece], chunks: [EncodedChunkBytes.Place]) {
        var body = SectionPieces(capacity: capacity)
        body.writer.writeVarUInt(UInt64(table.count))
        var places: [EncodedChunkBytes.Place] = []
        places.reserveCapacity(table.chunkCount)
        for index in 0..<table.chunkCount {
            let values = table.chunk(index)
            let start = body.count
            if let copied = table.encodedChunk(index) as? EncodedChunkBytes, copied.recordStarts.count == values.count {
                body.copy(copied)
                for (value, place) in zip(values, copied.recordStarts) { noting(value, UInt64(start + Int(place))) }
                places.append(EncodedChunkBytes.Place(range: 8 + start..<8 + body.count, recordStarts: copied.recordStarts))
                continue
            }
            var starts: [UInt32] = []
            starts.reserveCapacity(values.count)
            for offset in values.indices {
                starts.append(UInt32(body.count - start))
                noting(values[offset], UInt64(body.count))
                encoding(values[offset], &body.writer)
            }
            places.append(EncodedChunkBytes.Place(range: 8 + start..<8 + body.count, recordStarts: starts))
        }
        return (body.finish(), places)
    }
}
