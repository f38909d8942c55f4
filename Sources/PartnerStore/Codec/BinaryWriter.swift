/// Appends compact little-endian values to a byte buffer. The layout mirrors
/// `BinaryReader` exactly; both are the only place that knows it.
public struct BinaryWriter: Sendable {
    @usableFromInline var storage: [UInt8]

    public var bytes: [UInt8] { storage }

    public init(capacity: Int = 0) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { storage.count }

    @inlinable public mutating func writeUInt8(_ value: UInt8) {
        storage.append(value)
    }

    @inlinable public mutating func writeBool(_ value: Bool) {
        storage.append(value ? 1 : 0)
    }

    /// LEB128: seven bits per byte, low bits first, high bit set on all but the last.
    @inlinable public mutating func writeVarUInt(_ value: UInt64) {
        if value < 0x80 {
            storage.append(UInt8(truncatingIfNeeded: value))
            return
        }
        var rest = value
        while rest >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        storage.append(UInt8(truncatingIfNeeded: rest))
    }

    /// Zigzag so that small negative numbers stay short.
    @inlinable public mutating func writeVarInt(_ value: Int64) {
        writeVarUInt(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inlinable public mutating func writeInt(_ value: Int) {
        writeVarInt(Int64(value))
    }

    @inlinable public mutating func writeUInt32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    @inlinable public mutating func writeUInt64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    /// The IEEE bit pattern, so every value (NaN payloads, -0) survives exactly.
    @inlinable public mutating func writeDouble(_ value: Double) {
        writeUInt64(value.bitPattern)
    }

    @inlinable public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarUInt(UInt64(utf8.count))
            storage.append(contentsOf: utf8)
        }
    }

    /// Length-prefixed bytes.
    @inlinable public mutating func writeBytes(_ value: [UInt8]) {
        writeVarUInt(UInt64(value.count))
        storage.append(contentsOf: value)
    }

    /// Bytes without a length: the reader must know how many to take.
    @inlinable public mutating func writeRaw(_ value: UnsafeRawBufferPointer) {
        storage.append(contentsOf: value)
    }

    @inlinable public mutating func writeRaw(_ value: [UInt8]) {
        storage.append(contentsOf: value)
    }

    @inlinable public mutating func writeOptional<T>(_ value: T?, _ writeValue: (inout BinaryWriter, T) -> Void) {
        if let value {
            storage.append(1)
            writeValue(&self, value)
        } else {
            storage.append(0)
        }
    }

    @inlinable public mutating func writeArray<C: Collection>(_ values: C, _ writeElement: (inout BinaryWriter, C.Element) -> Void) {
        writeVarUInt(UInt64(values.count))
        // By index rather than for-in: the subscript lends each element, where an
        // iterator would copy it (a retain per String field, millions per snapshot).
        var index = values.startIndex
        while index != values.endIndex {
            writeElement(&self, values[index])
            values.formIndex(after: &index)
        }
    }

    /// Overwrites four bytes written earlier, for lengths and checksums known only afterwards.
    public mutating func patchUInt32(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= storage.count, "patch outside the written bytes")
        storage.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
        }
    }

    public mutating func patchUInt64(_ value: UInt64, at offset: Int) {
        precondition(offset >= 0 && offset + 8 <= storage.count, "patch outside the written bytes")
        storage.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
        }
    }

    /// Hands the buffer over without copying.
    public consuming func finish() -> [UInt8] { storage }
}
