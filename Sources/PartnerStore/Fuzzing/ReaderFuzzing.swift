import PartnerCore

/// One input for each reader of bytes from outside the program: a journal segment, a
/// snapshot file, a snapshot payload (behind a header made to check, so the model decoder
/// itself is reached) and a pasted invitation link. The seeded fuzz test (`swift test`) and
/// the libFuzzer harness (`scripts/fuzz`) both feed inputs through here. Reading must never
/// trap (a trap kills the fuzzer's process and so fails it), and what a checksum covers must
/// never be accepted changed: each `String` returned is one broken property.
public enum ReaderFuzzing {
    /// Which reader an input is for.
    public enum Target: UInt8, CaseIterable, Sendable {
        case journalSegment, snapshotFile, snapshotPayload, invitationLink
    }

    /// The checksummed units of valid inputs (each record's frame, each snapshot file): a
    /// reader may accept only these, byte for byte. Empty means "do not check" (libFuzzer,
    /// which has no originals).
    public struct Originals: Sendable {
        public var frames: Set<[UInt8]> = []
        public var snapshots: Set<[UInt8]> = []
        public init() {}
    }

    /// Feeds `bytes` to the reader for `target`; nil when every property held.
    public static func feed(_ bytes: [UInt8], to target: Target, originals: Originals = Originals()) -> String? {
        switch target {
        case .journalSegment: return journalSegment(bytes, originals: originals)
        case .snapshotFile: return snapshotFile(bytes, originals: originals)
        case .snapshotPayload: return snapshotPayload(bytes)
        case .invitationLink: return invitationLink(bytes)
        }
    }

    /// The frames of a segment that reads soundly, one per record (for `Originals`).
    public static func frames(ofSegment bytes: [UInt8]) -> [[UInt8]] {
        guard let scan = try? SegmentScan.scan(bytes, path: "segment", expectedFirst: firstSequence(bytes),
                                               tornTailAllowed: false, keepRecords: true) else { return [] }
        return scan.records.map(frame)
    }

    private static func journalSegment(_ bytes: [UInt8], originals: Originals) -> String? {
        guard let scan = try? SegmentScan.scan(bytes, path: "segment", expectedFirst: firstSequence(bytes),
                                               tornTailAllowed: true, keepRecords: true) else { return nil }
        for record in scan.records {
            if !originals.frames.isEmpty && !originals.frames.contains(frame(record)) {
                return "record \(record.sequence) was accepted with bytes no valid frame has"
            }
            _ = try? ModelCodec.decodeTransactions(record)
        }
        if let torn = scan.tornTail, torn.offset != scan.validEnd {
            return "a torn tail at \(torn.offset) does not start where the records end (\(scan.validEnd))"
        }
        return nil
    }

    private static func snapshotFile(_ bytes: [UInt8], originals: Originals) -> String? {
        guard (try? SnapshotFile.read(bytes: bytes, source: "snapshot", readableVersions: ModelCodec.readableVersions)) != nil
        else { return nil }
        if !originals.snapshots.isEmpty && !originals.snapshots.contains(bytes) {
            return "a snapshot of \(bytes.count) bytes was accepted with bytes no valid snapshot has"
        }
        return nil
    }

    private static func snapshotPayload(_ bytes: [UInt8]) -> String? {
        let file = SnapshotFile.encodedBytes(payloadParts: [bytes], sequence: 0, formatVersion: ModelCodec.currentVersion)
        guard let snapshot = try? SnapshotFile.read(bytes: file, source: "payload", readableVersions: ModelCodec.readableVersions)
        else { return "a payload behind a sound header was refused as a file" }
        var reader = snapshot.payloadReader()
        guard let model = try? ModelCodec.decodeModel(&reader, version: snapshot.formatVersion, checkingUniqueness: true)
        else { return nil }
        _ = model.invariantViolations()
        return nil
    }

    private static func invitationLink(_ bytes: [UInt8]) -> String? {
        guard let link = InvitationLink(parsing: String(decoding: bytes, as: UTF8.self)) else { return nil }
        guard InvitationLink(parsing: link.description) == link else {
            return "the link \(link.description.debugDescription) does not read back as itself"
        }
        return nil
    }

    private static func frame(_ record: JournalRecord) -> [UInt8] {
        var writer = BinaryWriter(capacity: RecordFrame.frameSize(payload: record.payload.count))
        RecordFrame.encode(type: record.type, sequence: record.sequence, payload: record.payload, into: &writer)
        return writer.finish()
    }

    /// The sequence the header claims (checked there): a mutated one must fail the header's checksum, not the name.
    private static func firstSequence(_ bytes: [UInt8]) -> UInt64 {
        (try? SegmentHeader.decode(bytes, file: "segment").firstSequence) ?? 1
    }
}
