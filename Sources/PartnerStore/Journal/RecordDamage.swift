/// What a record that does not parse at the end of a journal segment is. Only what a
/// crash during an append can leave counts as a torn write: a record the file ends
/// before (short), or zeros where the record's bytes should be (blocks allocated but
/// never written). Anything else is corruption, kept for `partnerdash repair` to set
/// aside: a whole record with a bad checksum is a record that was acknowledged and then
/// damaged, and cutting it would lose a confirmed change and its evidence.
enum RecordDamage: Equatable {
    case tornWrite(String)
    case corruption(String)

    /// The hint every corruption message ends with.
    static let repairHint = "`partnerdash repair` cuts the journal there and keeps the bytes under damaged/"

    /// `bytes[offset...]` did not parse as `parse` says; `base` is the file offset of
    /// `bytes[0]` (zero fill is judged by block boundaries in the file).
    static func classify(_ bytes: [UInt8], at offset: Int, base: Int64, after lastSequence: UInt64,
                         parse: RecordFrame.Parse) -> RecordDamage {
        let reason: String
        switch parse {
        case let .incomplete(why), let .invalid(why): reason = why
        case .record: return .corruption("a valid record was taken for damage")
        }
        if let good = RecordFrame.validRecordExists(in: bytes, from: offset + 1, after: lastSequence) {
            return .corruption("bad record (\(reason)) followed by a valid record at byte \(base + Int64(good)); \(repairHint)")
        }
        if isZeroFilled(bytes, from: offset, base: base) {
            return .tornWrite("\(reason); zero fill to the end of the file")
        }
        if case .incomplete = parse {
            guard RecordFrame.isWholeWithDamagedLength(bytes, at: offset) else { return .tornWrite(reason) }
            return .corruption("the last record's length field is damaged (the bytes to the end of the file are the whole record, its checksum matches them); \(repairHint)")
        }
        return .corruption("the last record is whole but does not check (\(reason)): damaged after it was written, not a torn write; \(repairHint)")
    }

    /// The bytes from `offset` to the end are zero, or a run of zeros that starts inside
    /// the record at a 512-byte boundary of the file (a sector the crash left unwritten)
    /// reaches the end.
    static func isZeroFilled(_ bytes: [UInt8], from offset: Int, base: Int64) -> Bool {
        var zerosStart = bytes.count
        while zerosStart > offset && bytes[zerosStart - 1] == 0 { zerosStart -= 1 }
        if zerosStart == offset { return offset < bytes.count }
        let run = bytes.count - zerosStart
        return run >= 16 && (base + Int64(zerosStart)) % 512 == 0
    }
}
