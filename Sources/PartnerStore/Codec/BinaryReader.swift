#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PartnerCore

/// Reads what `BinaryWriter` wrote. Every read checks the remaining length
/// and throws `StoreError.malformed` with the offset instead of trapping, since
/// the bytes come from disk and may be torn or damaged. It reads through a pointer
/// into a `ByteBuffer` (a snapshot read into memory, or a copy of an array), so a read costs
/// one comparison with `end` and no array bounds check.
public struct BinaryReader: @unchecked Sendable {
    @usableFromInline let buffer: ByteBuffer
    /// `buffer.start` less its lower bound: the byte at offset `o` is `base[o]`.
    @usableFromInline let start: UnsafePointer<UInt8>
    @usableFromInline let lowerBound: Int
    @usableFromInline var position: Int
    /// Where what this reader may read ends; moved on (`extend`) by a reader that loads a
    /// section a window at a time.
    @usableFromInline private(set) var end: Int
    /// Recently read longer strings by a hash of their bytes (direct-mapped,
    /// so it never grows): see `readSharedString`.
    @usableFromInline var shared: [String?] = []
    /// Recently read lists of ids (the partners an audit record concerns): see `ModelCodec.readSharedIdents`.
    var sharedIdentLists = InternTable<[Ident]>()
    /// The list `readSharedIdents` returned last.
    var lastSharedIdents: [Ident] = []
    /// Where the bytes this reader has read and not yet released begin; nil when it releases
    /// nothing (see `releasingAsRead`).
    private var releasedUpTo: Int?
    /// How many bytes are read between releases (see `releaseStep`).
    private var releasingEvery = Self.releaseStep

    /// Reads `bytes[offset..<end]` (a copy of just those bytes; offsets stay the array's).
    public init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        let end = min(end ?? bytes.count, bytes.count)
        let offset = max(0, min(offset, end))
        self.init(ByteBuffer(bytes, range: offset..<end), offset: offset, end: end)
    }

    /// Reads `buffer` from `offset` to `end` (its upper bound when nil), without copying.
    public init(_ buffer: ByteBuffer, offset: Int? = nil, end: Int? = nil) {
        let end = min(end ?? buffer.upperBound, buffer.upperBound)
        self.buffer = buffer
        self.start = buffer.start
        self.lowerBound = buffer.lowerBound
        self.position = max(buffer.lowerBound, min(offset ?? buffer.lowerBound, end))
        self.end = max(end, self.position)
    }

    /// The byte at offset `offset` (the caller has checked it is before `end`).
    @inlinable @inline(__always) func pointer(_ offset: Int) -> UnsafePointer<UInt8> {
        start + (offset - lowerBound)
    }

    @inlinable public var offset: Int { position }
    @inlinable public var remaining: Int { end - position }
    @inlinable public var isAtEnd: Bool { position >= end }

    @usableFromInline func truncated(_ what: String, needed: Int) -> StoreError {
        .malformed(offset: position, reason: "truncated \(what): needs \(needed) bytes, \(end - position) left")
    }

    @inlinable public mutating func readUInt8() throws -> UInt8 {
        guard position < end else { throw truncated("byte", needed: 1) }
        let value = pointer(position).pointee
        position += 1
        return value
    }

    @inlinable public mutating func readBool() throws -> Bool {
        let start = position
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let other: throw StoreError.malformed(offset: start, reason: "boolean byte is \(other), not 0 or 1")
        }
    }

    @inlinable public mutating func readVarUInt() throws -> UInt64 {
        // One-byte values dominate (counts, enum tags, short lengths).
        if position < end {
            let first = pointer(position).pointee
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
        }
        return try readVarUIntSlow()
    }

    @usableFromInline mutating func readVarUIntSlow() throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw truncated("varint", needed: 1) }
            let byte = pointer(position).pointee
            position += 1
            if shift == 63 && byte > 1 {
                throw StoreError.malformed(offset: start, reason: "varint does not fit in 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    @inlinable public mutating func readVarInt() throws -> Int64 {
        let raw = try readVarUInt()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inlinable public mutating func readInt() throws -> Int {
        let start = position
        let value = try readVarInt()
        guard let result = Int(exactly: value) else {
            throw StoreError.malformed(offset: start, reason: "integer \(value) does not fit in Int")
        }
        return result
    }

    /// A non-negative varint used as a count or length, checked against what is left.
    @inlinable public mutating func readCount(_ what: String) throws -> Int {
        let start = position
        let raw = try readVarUInt()
        guard raw <= UInt64(end - position) else {
            throw StoreError.malformed(offset: start, reason: "\(what) of \(raw) exceeds the \(end - position) bytes left")
        }
        return Int(raw)
    }

    @inlinable public mutating func readUInt32() throws -> UInt32 {
        guard end - position >= 4 else { throw truncated("UInt32", needed: 4) }
        let value = UnsafeRawPointer(pointer(position)).loadUnaligned(as: UInt32.self)
        position += 4
        return UInt32(littleEndian: value)
    }

    @inlinable public mutating func readUInt64() throws -> UInt64 {
        guard end - position >= 8 else { throw truncated("UInt64", needed: 8) }
        let value = UnsafeRawPointer(pointer(position)).loadUnaligned(as: UInt64.self)
        position += 8
        return UInt64(littleEndian: value)
    }

    @inlinable public mutating func readDouble() throws -> Double {
        Double(bitPattern: try readUInt64())
    }

    /// Invalid UTF-8 is replaced rather than rejected: the checksum already
    /// vouches for the bytes, and a readable name beats a refused workspace.
    @inlinable public mutating func readString() throws -> String {
        let length = try readCount("string length")
        let text = UnsafeBufferPointer(start: pointer(position), count: length)
        position += length
        return String(decoding: text, as: UTF8.self)
    }

    /// A string's UTF-8 bytes where they lie in the buffer, for a caller that copies them
    /// before it reads on (the bytes may be released after: `releaseRead`).
    @inlinable public mutating func readStringBytes() throws -> UnsafeBufferPointer<UInt8> {
        let length = try readCount("string length")
        let text = UnsafeBufferPointer(start: pointer(position), count: length)
        position += length
        return text
    }

    /// A string that is likely to repeat (an offer's name, the user who placed
    /// every order): equal bytes give the same String storage instead of a new
    /// allocation each, which saves time and memory on large snapshots.
    /// Strings of up to 15 UTF-8 bytes live inline and are not worth sharing.
    public mutating func readSharedString() throws -> String {
        let length = try readCount("string length")
        let text = UnsafeBufferPointer(start: pointer(position), count: length)
        position += length
        guard length > 15 && length <= 256 else {
            return String(decoding: text, as: UTF8.self)
        }
        // A slot per 32 bytes to read, up to 4,096: a journal record of a few hundred bytes
        // (another writer's, read before every change) would otherwise make and free 4,096.
        if shared.isEmpty { shared = Array(repeating: nil, count: Self.sharedSlots(reading: end - lowerBound)) }
        let slotCount = shared.count
        let raw = UnsafeRawBufferPointer(text)
        let head = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        var hash = (head ^ (tail &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 29
        let slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
        if let cached = shared[slot],
           cached.utf8.withContiguousStorageIfAvailable({
               // Both are longer than 15 bytes here, so neither base address is nil.
               guard $0.count == length, let mine = $0.baseAddress, let theirs = text.baseAddress else { return false }
               return memcmp(mine, theirs, length) == 0
           }) == true {
            return cached
        }
        let made = String(decoding: text, as: UTF8.self)
        shared[slot] = made
        return made
    }

    /// The size of `readSharedString`'s table for a reader of `bytes`: a power of two.
    static func sharedSlots(reading bytes: Int) -> Int {
        var slots = 8
        while slots < 4096 && slots * 32 < bytes { slots *= 2 }
        return slots
    }

    @inlinable public mutating func readBytes() throws -> [UInt8] {
        let length = try readCount("byte string length")
        return try readRaw(count: length)
    }

    @inlinable public mutating func readRaw(count: Int) throws -> [UInt8] {
        guard count >= 0, end - position >= count else { throw truncated("bytes", needed: count) }
        let start = position
        position += count
        return buffer.copy(start..<(start + count))
    }

    /// The next `count` bytes in place, without moving past them; nil when fewer are left.
    /// For a run of fixed-width rows checked at once (`AuditRowRun`).
    func peekBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, end - position >= count else { return nil }
        return UnsafeRawBufferPointer(start: pointer(position), count: count)
    }

    @inlinable public mutating func skip(_ count: Int) throws {
        guard count >= 0, end - position >= count else { throw truncated("bytes", needed: count) }
        position += count
    }

    @inlinable public mutating func readOptional<T>(_ readValue: (inout BinaryReader) throws -> T) throws -> T? {
        let start = position
        switch try readUInt8() {
        case 0: return nil
        case 1: return try readValue(&self)
        case let other: throw StoreError.malformed(offset: start, reason: "optional tag is \(other), not 0 or 1")
        }
    }

    /// Every element takes at least one byte, so a count larger than what is
    /// left is rejected before anything is allocated.
    @inlinable public mutating func readArray<T>(_ readElement: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = try readCount("array count")
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            result.append(try readElement(&self))
        }
        return result
    }

    /// From here on, `releaseRead` gives the bytes read back to the kernel: for a reader that
    /// is the last ever to read its bytes (a snapshot section decoded at open).
    /// `every` is how many bytes are read between releases: a section read a window at a time
    /// releases a quarter window at a time, so it never holds more than about a window behind.
    mutating func releasingAsRead(every: Int = releaseStep) {
        releasedUpTo = position
        releasingEvery = max(every, ByteBuffer.pageSize)
    }

    /// How many bytes are read between releases: few enough calls (a thousand for a 220 MB
    /// snapshot), small enough that what is held is a small part of a section.
    static let releaseStep = 256 << 10

    /// Releases what was read since the last release, once that is `releaseStep` or more
    /// (whole pages only; see `ByteBuffer.release`). Cheap to call after every entity.
    @inline(__always) mutating func releaseRead() {
        guard let from = releasedUpTo, position - from >= releasingEvery else { return }
        let upTo = position / ByteBuffer.pageSize * ByteBuffer.pageSize
        buffer.release(from..<upTo)
        releasedUpTo = upTo
    }

    /// Releases the rest of what was read, at the end of the reader's bytes (the page it
    /// shares with the bytes after `end` is kept).
    mutating func releaseAllRead() {
        guard let from = releasedUpTo else { return }
        buffer.release(from..<position)
        releasedUpTo = position
    }

    /// Moves `end` on to `newEnd` (at most the buffer's end), having loaded (read and checked)
    /// the bytes up to it: for reading a section a window ahead of its decoder.
    mutating func extend(to newEnd: Int) throws {
        let newEnd = min(newEnd, buffer.upperBound)
        guard newEnd > end else { return }
        try buffer.load(end..<newEnd)
        end = newEnd
    }

    /// Moves to `offset` of the same bytes (up to `end`), keeping the strings it shares:
    /// for reading records scattered through a section one after another.
    mutating func seek(to offset: Int) throws {
        guard offset >= lowerBound && offset <= end else {
            throw StoreError.malformed(offset: position, reason: "offset \(offset) is outside \(lowerBound)..<\(end)")
        }
        position = offset
    }

    /// A reader over `start..<end` of the same bytes (offsets stay those of the whole buffer).
    public func window(_ start: Int, _ end: Int) -> BinaryReader {
        BinaryReader(buffer, offset: start, end: min(end, self.end))
    }

    /// Fails unless every byte was consumed, so trailing garbage is not silently accepted.
    public func expectEnd(_ what: String) throws {
        guard position == end else {
            throw StoreError.malformed(offset: position, reason: "\(end - position) unexpected bytes after \(what)")
        }
    }
}
