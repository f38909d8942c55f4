/// The first 32 bytes of a snapshot file:
///
///     "PDS1" | format version UInt32 | last sequence covered UInt64 |
///     payload length UInt64 | CRC32C of the payload UInt32 | CRC32C of the previous 28 bytes UInt32
///
/// All little-endian. The header has its own checksum so that a damaged
/// length or version is reported as damage, not as a newer format.
struct SnapshotHeader: Equatable {
    static let magic: [UInt8] = Array("PDS1".utf8)
    static let size = 32

    var formatVersion: UInt32
    var sequence: UInt64
    var payloadLength: UInt64
    var payloadChecksum: UInt32

    func encoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: Self.size)
        writer.writeRaw(Self.magic)
        writer.writeUInt32(formatVersion)
        writer.writeUInt64(sequence)
        writer.writeUInt64(payloadLength)
        writer.writeUInt32(payloadChecksum)
        writer.writeUInt32(CRC32C.checksum(writer.bytes))
        return writer.finish()
    }

    /// Why the header is unusable, or the header, from the first bytes of a snapshot file.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<SnapshotHeader, SnapshotDamage> {
        guard bytes.count >= size else {
            return .failure(SnapshotDamage(offset: 0, reason: "the file has \(bytes.count) bytes, shorter than the \(size)-byte header"))
        }
        guard Array(bytes[0..<4]) == magic else {
            return .failure(SnapshotDamage(offset: 0, reason: "not a partnerdash snapshot (magic is not PDS1)"))
        }
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<28]))
        var reader = BinaryReader(Array(bytes[0..<size]), offset: 4, end: size)
        do {
            let header = SnapshotHeader(
                formatVersion: try reader.readUInt32(), sequence: try reader.readUInt64(),
                payloadLength: try reader.readUInt64(), payloadChecksum: try reader.readUInt32())
            guard try reader.readUInt32() == computed else {
                return .failure(SnapshotDamage(offset: 28, reason: "header checksum does not match"))
            }
            return .success(header)
        } catch {
            return .failure(SnapshotDamage(offset: Int64(reader.offset), reason: "\(error)"))
        }
    }
}
