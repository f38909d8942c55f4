/// The on-disk framing of one journal record:
///
///     offset 0  marker   UInt8   0xD5, so zero-filled or foreign bytes never parse
///            1  type     UInt8
///            2  sequence UInt64 LE
///           10  length   UInt32 LE (payload bytes)
///           14  crc      UInt32 LE, CRC32C of bytes 0..<14 followed by the payload
///           18  payload
enum RecordFrame {
    static let marker: UInt8 = 0xD5
    static let headerSize = 18
    /// Larger payloads are refused so that a damaged length cannot make a reader allocate gigabytes.
    static let maximumPayload = 256 << 20

    enum Parse {
        case record(JournalRecord, next: Int)
        /// The bytes end before the record does.
        case incomplete(String)
        /// The bytes are all there but are not a record.
        case invalid(String)
    }

    static func frameSize(payload: Int) -> Int { headerSize + payload }

    static func encode(type: UInt8, sequence: UInt64, payload: [UInt8], into writer: inout BinaryWriter) {
        let start = writer.count
        writer.writeUInt8(marker)
        writer.writeUInt8(type)
        writer.writeUInt64(sequence)
        writer.writeUInt32(UInt32(payload.count))
        writer.writeUInt32(0)
        writer.writeRaw(payload)
        var crc = CRC32C()
        writer.bytes.withUnsafeBytes { raw in
            crc.update(UnsafeRawBufferPointer(rebasing: raw[start..<(start + 14)]))
        }
        payload.withUnsafeBytes { crc.update($0) }
        writer.patchUInt32(crc.value, at: start + 14)
    }

    /// Parses the record starting at `offset`; never reads past `bytes.count`.
    static func parse(_ bytes: [UInt8], at offset: Int) -> Parse {
        let available = bytes.count - offset
        guard available >= headerSize else {
            if available > 0 && bytes[offset] != marker { return .invalid("record marker is 0x\(Hex.byte(bytes[offset])), not 0xd5") }
            return .incomplete("only \(available) of \(headerSize) header bytes")
        }
        return bytes.withUnsafeBytes { raw in
            guard raw[offset] == marker else { return .invalid("record marker is 0x\(Hex.byte(raw[offset])), not 0xd5") }
            let type = raw[offset + 1]
            let sequence = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 2, as: UInt64.self))
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 10, as: UInt32.self)))
            let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 14, as: UInt32.self))
            guard length <= maximumPayload else { return .invalid("payload length \(length) exceeds the limit of \(maximumPayload)") }
            guard available - headerSize >= length else {
                return .incomplete("payload needs \(length) bytes, \(available - headerSize) present")
            }
            var crc = CRC32C()
            crc.update(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + 14)]))
            let payloadStart = offset + headerSize
            crc.update(UnsafeRawBufferPointer(rebasing: raw[payloadStart..<(payloadStart + length)]))
            guard crc.value == stored else {
                return .invalid("checksum 0x\(Hex.word(stored)) does not match the record (0x\(Hex.word(crc.value)))")
            }
            let payload = Array(raw[payloadStart..<(payloadStart + length)])
            return .record(JournalRecord(sequence: sequence, type: type, payload: payload), next: payloadStart + length)
        }
    }

    /// Whether the record at `offset`, which its length says runs past the end, is in fact
    /// whole with a damaged length: the header with the length the bytes have checks.
    static func isWholeWithDamagedLength(_ bytes: [UInt8], at offset: Int) -> Bool {
        let present = bytes.count - offset - headerSize
        guard present >= 0, bytes[offset] == marker, let length = UInt32(exactly: present) else { return false }
        var header = Array(bytes[offset..<(offset + 14)])
        withUnsafeBytes(of: length.littleEndian) { header.replaceSubrange(10..<14, with: $0) }
        var crc = CRC32C()
        crc.update(header)
        bytes.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[(offset + headerSize)...])) }
        let stored = bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset + 14, as: UInt32.self)) }
        return crc.value == stored
    }

    /// How many checksummed records start anywhere in `bytes`: what a repair takes away.
    static func validRecordCount(in bytes: [UInt8]) -> Int {
        var count = 0
        var offset = 0
        while let found = validRecordExists(in: bytes, from: offset, after: 0) {
            count += 1
            offset = found + 1
        }
        return count
    }

    /// Whether a checksummed record with a sequence after `sequence` starts anywhere
    /// at or after `start`. Tells a torn tail (nothing good follows) from damage
    /// in the middle (good records follow), even when the damage hit a length.
    static func validRecordExists(in bytes: [UInt8], from start: Int, after sequence: UInt64) -> Int? {
        var offset = start
        while offset + headerSize <= bytes.count {
            if bytes[offset] == marker {
                let candidate = bytes.withUnsafeBytes {
                    UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset + 2, as: UInt64.self))
                }
                if candidate > sequence, case .record = parse(bytes, at: offset) { return offset }
            }
            offset += 1
        }
        return nil
    }
}
