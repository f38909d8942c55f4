/// The first bytes of every journal segment:
///
///     "PDJ1" | format version UInt32 LE | first sequence UInt64 LE | CRC32C of the previous 16 bytes
struct SegmentHeader: Equatable {
    static let magic: [UInt8] = Array("PDJ1".utf8)
    static let size = 20
    /// Version 1: framing as in `RecordFrame`.
    static let currentVersion: UInt32 = 1
    static let oldestReadableVersion: UInt32 = 1

    var version: UInt32
    var firstSequence: UInt64

    func encoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: Self.size)
        writer.writeRaw(Self.magic)
        writer.writeUInt32(version)
        writer.writeUInt64(firstSequence)
        writer.writeUInt32(CRC32C.checksum(writer.bytes))
        return writer.finish()
    }

    /// Checks magic, checksum and version; `file` only names the file in errors.
    static func decode(_ bytes: [UInt8], file: String) throws -> SegmentHeader {
        guard bytes.count >= size else {
            throw StoreError.corrupt(file: file, offset: 0, reason: "journal header needs \(size) bytes, the file has \(bytes.count)")
        }
        guard Array(bytes[0..<4]) == magic else {
            throw StoreError.corrupt(file: file, offset: 0, reason: "not a partnerdash journal (magic is not PDJ1)")
        }
        var reader = BinaryReader(bytes, offset: 4, end: size)
        let version = try reader.readUInt32()
        let first = try reader.readUInt64()
        let stored = try reader.readUInt32()
        let computed = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<16])) }
        guard stored == computed else {
            throw StoreError.corrupt(file: file, offset: 16, reason: "journal header checksum does not match")
        }
        guard version <= currentVersion else {
            throw StoreError.newerFormat(file: file, found: version, supported: currentVersion)
        }
        guard version >= oldestReadableVersion else {
            throw StoreError.corrupt(file: file, offset: 4, reason: "journal format \(version) is older than this partnerdash reads (\(oldestReadableVersion))")
        }
        return SegmentHeader(version: version, firstSequence: first)
    }
}
