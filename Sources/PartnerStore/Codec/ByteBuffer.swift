#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes that `BinaryReader`s read, alive as long as any reader over them: a copy of
/// part of an array, or a whole file mapped read-only. A snapshot is mapped, so opening
/// a 200 MB workspace neither copies it nor faults in 200 MB of fresh memory; snapshot
/// files are never changed in place (a new one is written and renamed), so the mapping
/// stays valid.
public final class ByteBuffer: @unchecked Sendable {
    /// The byte at offset `lowerBound`.
    @usableFromInline let start: UnsafePointer<UInt8>
    /// Offsets `lowerBound..<upperBound` are readable (offsets as in the original array or file).
    public let lowerBound: Int
    public let upperBound: Int
    private let allocation: UnsafeMutableRawPointer
    private let mappedLength: Int

    /// A copy of `bytes[range]`, addressed by the array's offsets.
    public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        let range = range ?? 0..<bytes.count
        let count = range.count
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if count > 0, let base = source.baseAddress {
                memory.copyMemory(from: base + range.lowerBound, byteCount: count)
            }
        }
        allocation = memory
        start = UnsafePointer(memory.assumingMemoryBound(to: UInt8.self))
        lowerBound = range.lowerBound
        upperBound = range.upperBound
        mappedLength = 0
    }

    private init(mapping: UnsafeMutableRawPointer, length: Int) {
        allocation = mapping
        start = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
        lowerBound = 0
        upperBound = length
        mappedLength = length
    }

    deinit {
        if mappedLength > 0 {
            munmap(allocation, mappedLength)
        } else {
            allocation.deallocate()
        }
    }

    public var count: Int { upperBound - lowerBound }

    /// The readable bytes.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: start, count: count)
    }

    /// A copy of some of the bytes (offsets as given to the initialiser).
    public func copy(_ range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= lowerBound && range.upperBound <= upperBound, "range outside the buffer")
        return Array(UnsafeBufferPointer(start: start + (range.lowerBound - lowerBound), count: range.count))
    }

    /// The whole file, mapped read-only with its pages populated at once (one system
    /// call instead of a fault per page); read into memory where mapping fails.
    static func mapFile(_ path: String) throws -> ByteBuffer {
        let (fd, size) = try FileSystem.openToRead(path)
        defer { _ = close(fd) }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        if size > 0, let mapped = mmap(nil, size, PROT_READ, flags, fd, 0), mapped != MAP_FAILED {
            return ByteBuffer(mapping: mapped, length: size)
        }
        return ByteBuffer(try FileSystem.readFile(path))
    }
}
