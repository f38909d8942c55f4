/// Format 8's section table, between the header and the payload: where each section of the
/// payload lies and a CRC-32C of every block of it, so that an open reads and checks only
/// the sections it decodes (and a deferred subscription only the blocks it lies in), where
/// formats 5–7 had one checksum over the whole payload, which made every open read it all.
///
///     table length UInt64 | block size UInt32 | entry count UInt32 |
///     per entry: length UInt64, then a CRC-32C UInt32 for each block (the last may be short)
///
/// The header's checksum field holds the table's CRC-32C, and the header checks itself, so
/// a damaged table is damage, never a wrong map. The entries are the payload's sections as
/// `ModelSections` writes them (each with its length prefix), then the rest (last sequence,
/// check mark, subscription summary): the payload's bytes are format 7's.
struct SnapshotSectionTable: Equatable, Sendable {
    /// The first format whose file has a section table.
    static let firstVersion: UInt32 = 8
    /// Small enough that decoding a few scattered subscriptions reads little more than they
    /// hold; large enough that the table stays a few tens of kilobytes at 200k customers.
    static let defaultBlockBytes = 16 << 10
    static let fixedBytes = 16

    struct Entry: Equatable, Sendable {
        /// File offsets.
        var range: Range<Int>
        var blockChecksums: [UInt32]
    }

    var blockBytes: Int
    var entries: [Entry]

    /// Where the payload starts in the file (after the header and the table).
    var payloadStart: Int { entries.first?.range.lowerBound ?? SnapshotHeader.size + encodedLength }
    var encodedLength: Int { Self.fixedBytes + entries.reduce(0) { $0 + 8 + 4 * $1.blockChecksums.count } }

    /// The blocks of `entry` as file offsets.
    func blockRange(_ entry: Int, _ block: Int) -> Range<Int> {
        let range = entries[entry].range
        let start = range.lowerBound + block * blockBytes
        return start..<min(start + blockBytes, range.upperBound)
    }

    /// The blocks of `entry` that hold any of `range`.
    /// Every block of every entry, in file order.
    var everyBlock: [(entry: Int, block: Int)] {
        entries.indices.flatMap { entry in entries[entry].blockChecksums.indices.map { (entry, $0) } }
    }

    func blocks(of entry: Int, overlapping range: Range<Int>) -> Range<Int> {
        let whole = entries[entry].range
        let low = max(range.lowerBound, whole.lowerBound), high = min(range.upperBound, whole.upperBound)
        guard low < high else { return 0..<0 }
        return (low - whole.lowerBound) / blockBytes..<((high - 1 - whole.lowerBound) / blockBytes + 1)
    }

    /// What the section at `entry` is called in a message.
    static func name(of entry: Int) -> String {
        entry < ModelSections.names.count ? ModelSections.names[entry] : "part \(entry)"
    }

    /// The table of a payload made in pieces: the sections found by their length prefixes;
    /// a payload whose prefixes do not add up (only a fuzzer's) keeps the rest as one entry.
    init(payloadParts parts: [[UInt8]], blockBytes: Int = defaultBlockBytes) {
        // Bytes in memory are never read from a file, so nothing here can fail.
        try! self.init(pieces: parts.map(SnapshotPiece.bytes), blockBytes: blockBytes)
    }

    /// The same for a payload part of which is copied from older snapshot files: a block
    /// that is exactly one block of the older file's table takes that table's checksum, not
    /// read (the audit log's full chunks: the sections' blocks are counted from each
    /// section's start, so a chunk run at the same place in the section lies in the same
    /// blocks); every other copied byte is read and checked first. Throws the older file's damage.
    init(pieces: [SnapshotPiece], blockBytes: Int = defaultBlockBytes) throws {
        let payload = PayloadPieces(pieces)
        var lengths: [Int] = []
        var offset = 0
        for _ in 0..<ModelSections.count {
            guard payload.count - offset >= 8 else { break }
            let length = try payload.uint64(at: offset)
            guard length <= UInt64(payload.count - offset - 8) else { break }
            lengths.append(8 + Int(length))
            offset += 8 + Int(length)
        }
        lengths.append(payload.count - offset)
        let tableLength = Self.fixedBytes + lengths.reduce(0) { $0 + 8 + 4 * Self.blockCount($1, blockBytes) }
        var start = SnapshotHeader.size + tableLength
        var payloadOffset = 0
        var entries: [Entry] = []
        for length in lengths {
            let checksums = try stride(from: 0, to: length, by: blockBytes).map {
                try payload.checksum(payloadOffset + $0..<payloadOffset + min($0 + blockBytes, length))
            }
            entries.append(Entry(range: start..<start + length, blockChecksums: checksums))
            start += length
            payloadOffset += length
        }
        self.init(blockBytes: blockBytes, entries: entries)
    }

    init(blockBytes: Int, entries: [Entry]) {
        self.blockBytes = blockBytes
        self.entries = entries
    }

    static func blockCount(_ length: Int, _ blockBytes: Int) -> Int { (length + blockBytes - 1) / blockBytes }

    func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: encodedLength)
        w.writeUInt64(UInt64(encodedLength))
        w.writeUInt32(UInt32(blockBytes))
        w.writeUInt32(UInt32(entries.count))
        for entry in entries {
            w.writeUInt64(UInt64(entry.range.count))
            for checksum in entry.blockChecksums { w.writeUInt32(checksum) }
        }
        return w.finish()
    }

    /// The table's length, from its first 8 bytes; nil when they cannot be a table's.
    static func length(fromPrefix bytes: UnsafeRawBufferPointer, payloadLength: UInt64) -> Int? {
        guard bytes.count >= 8 else { return nil }
        let length = bytes.loadUnaligned(as: UInt64.self).littleEndian
        guard length >= UInt64(fixedBytes), length <= payloadLength else { return nil }
        return Int(length)
    }

    /// The table from its bytes (read at `SnapshotHeader.size`), checked against the
    /// header's checksum and the payload's length; why not, when it is damaged.
    static func decode(_ bytes: UnsafeRawBufferPointer, header: SnapshotHeader) -> Result<SnapshotSectionTable, SnapshotDamage> {
        let at = Int64(SnapshotHeader.size)
        guard let length = length(fromPrefix: bytes, payloadLength: header.payloadLength), bytes.count >= length else {
            return .failure(SnapshotDamage(offset: at, reason: "the section table's length is not within the payload's \(header.payloadLength) bytes"))
        }
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<length]))
        guard computed == header.payloadChecksum else {
            return .failure(SnapshotDamage(
                offset: at,
                reason: "section table checksum 0x\(Hex.word(computed)) does not match the header's 0x\(Hex.word(header.payloadChecksum))"))
        }
        var r = BinaryReader(Array(bytes[0..<length]))
        do {
            _ = try r.readUInt64()
            let blockBytes = Int(try r.readUInt32())
            let count = Int(try r.readUInt32())
            guard blockBytes > 0, count > 0 else { throw StoreError.malformed(offset: 8, reason: "an empty section table") }
            var start = SnapshotHeader.size + length
            let end = SnapshotHeader.size + Int(header.payloadLength)
            var entries: [Entry] = []
            for _ in 0..<count {
                let sectionLength = try r.readUInt64()
                guard sectionLength <= UInt64(end - start) else {
                    throw StoreError.malformed(offset: r.offset, reason: "a section of \(sectionLength) bytes runs past the file's end")
                }
                let checksums = try (0..<blockCount(Int(sectionLength), blockBytes)).map { _ in try r.readUInt32() }
                entries.append(Entry(range: start..<start + Int(sectionLength), blockChecksums: checksums))
                start += Int(sectionLength)
            }
            try r.expectEnd("the section table")
            guard start == end else {
                throw StoreError.malformed(offset: 0, reason: "the sections hold \(start - SnapshotHeader.size - length) bytes, the payload \(end - SnapshotHeader.size - length)")
            }
            return .success(SnapshotSectionTable(blockBytes: blockBytes, entries: entries))
        } catch let StoreError.malformed(offset, reason) {
            return .failure(SnapshotDamage(offset: at + Int64(offset), reason: "section table: \(reason)"))
        } catch {
            return .failure(SnapshotDamage(offset: at, reason: "section table: \(error)"))
        }
    }

    /// Why `bytes`, the file's bytes at `block` of `entry`, are not what was written; nil when they are.
    func damage(_ entry: Int, _ block: Int, _ bytes: UnsafeRawBufferPointer) -> SnapshotDamage? {
        let expected = entries[entry].blockChecksums[block]
        let range = blockRange(entry, block)
        guard bytes.count == range.count else {
            return SnapshotDamage(offset: Int64(range.lowerBound + bytes.count),
                                  reason: "the file ends inside the \(Self.name(of: entry)) section")
        }
        let computed = CRC32C.checksum(bytes)
        guard computed != expected else { return nil }
        return SnapshotDamage(
            offset: Int64(range.lowerBound),
            reason: "\(Self.name(of: entry)) section checksum 0x\(Hex.word(computed)) (bytes \(range)) does not match the table's 0x\(Hex.word(expected))")
    }
}

/// A payload made in pieces, addressed as if joined (without joining them).
private struct PayloadPieces {
    let parts: [SnapshotPiece]
    let starts: [Int]
    let count: Int

    init(_ parts: [SnapshotPiece]) {
        self.parts = parts
        var starts: [Int] = []
        var total = 0
        for part in parts {
            starts.append(total)
            total += part.count
        }
        self.starts = starts
        count = total
    }

    /// The parts `range` may touch: from the last one starting at or before it (a binary
    /// search: a checkpoint's subscriptions alone may be thousands of parts, and the payload
    /// tens of thousands of blocks) to the last one starting before its end.
    private func parts(overlapping range: Range<Int>) -> Range<Int> {
        let first = max(starts.partitionPoint { $0 <= range.lowerBound }, 1) - 1
        var end = first
        while end < starts.count && starts[end] < range.upperBound { end += 1 }
        return first..<max(end, first)
    }

    func uint64(at offset: Int) throws -> UInt64 {
        let bytes = try self.bytes(offset..<offset + 8)
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
    }

    /// A few bytes (a section's length prefix), wherever they lie.
    private func bytes(_ range: Range<Int>) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for index in parts(overlapping: range) {
            let part = parts[index]
            let low = max(range.lowerBound, starts[index]), high = min(range.upperBound, starts[index] + part.count)
            guard low < high else { continue }
            let within = (low - starts[index])..<(high - starts[index])
            switch part {
            case .bytes(let held): bytes += held[within]
            case .copied(let copied): bytes += try copied.read(copied.range.lowerBound + within.lowerBound..<copied.range.lowerBound + within.upperBound)
            }
        }
        return bytes
    }

    func checksum(_ range: Range<Int>) throws -> UInt32 {
        var crc = CRC32C()
        for index in parts(overlapping: range) {
            let part = parts[index]
            let low = max(range.lowerBound, starts[index]), high = min(range.upperBound, starts[index] + part.count)
            guard low < high else { continue }
            let within = (low - starts[index])..<(high - starts[index])
            switch part {
            case .bytes(let held):
                held.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[within])) }
            case .copied(let copied):
                let there = copied.range.lowerBound + within.lowerBound..<copied.range.lowerBound + within.upperBound
                if there.count == range.count, let known = copied.knownChecksum(of: there) { return known }
                crc.update(try copied.read(there))
            }
        }
        return crc.value
    }
}
