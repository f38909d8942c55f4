/// Unsigned LEB128 varints (7 bits a byte, the low ones first), as the packed records
/// (`CustomerRecord`, `OrderLines`) hold their lengths and numbers: one byte for the usual
/// small value.
enum Varint {
    /// Reads the varint at `at` of bytes a packer wrote (so never past the end) and moves past it.
    @inline(__always) static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = bytes[at]
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}
