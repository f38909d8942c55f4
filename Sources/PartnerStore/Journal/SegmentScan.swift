/// The result of reading one journal segment from start to end.
struct SegmentScan {
    var header: SegmentHeader
    var records: [JournalRecord]
    /// Sequence of the last good record, or `firstSequence - 1` when there is none.
    var lastSequence: UInt64
    /// Offset just past the last good record.
    var validEnd: Int
    /// Set when the segment ends in an incomplete or damaged record that nothing good follows.
    var tornTail: (offset: Int, reason: String)?

    /// Reads `bytes` (the whole file at `path`). A damaged record is a torn
    /// write only when `tornTailAllowed` (the last segment) and it is what a crash
    /// leaves (`RecordDamage`); anything else is `StoreError.corrupt` naming the offset.
    static func scan(
        _ bytes: [UInt8], path: String, expectedFirst: UInt64, tornTailAllowed: Bool, keepRecords: Bool
    ) throws -> SegmentScan {
        let header = try SegmentHeader.decode(bytes, file: path)
        guard header.firstSequence == expectedFirst else {
            throw StoreError.corrupt(
                file: path, offset: 8,
                reason: "segment header says it starts at sequence \(header.firstSequence), its name says \(expectedFirst)")
        }
        var scan = SegmentScan(
            header: header, records: [], lastSequence: expectedFirst &- 1, validEnd: SegmentHeader.size, tornTail: nil)
        var offset = SegmentHeader.size
        while offset < bytes.count {
            let parse = RecordFrame.parse(bytes, at: offset)
            switch parse {
            case let .record(record, next):
                guard record.sequence == scan.lastSequence &+ 1 else {
                    throw StoreError.corrupt(
                        file: path, offset: Int64(offset),
                        reason: "record has sequence \(record.sequence) where \(scan.lastSequence &+ 1) was expected")
                }
                if keepRecords { scan.records.append(record) }
                scan.lastSequence = record.sequence
                offset = next
                scan.validEnd = next
            case let .incomplete(reason), let .invalid(reason):
                guard tornTailAllowed else {
                    throw StoreError.corrupt(file: path, offset: Int64(offset), reason: "bad record: \(reason); \(RecordDamage.repairHint)")
                }
                switch RecordDamage.classify(bytes, at: offset, base: 0, after: scan.lastSequence, parse: parse) {
                case let .corruption(why):
                    throw StoreError.corrupt(file: path, offset: Int64(offset), reason: why)
                case let .tornWrite(why):
                    scan.tornTail = (offset, why)
                    return scan
                }
            }
        }
        return scan
    }
}
