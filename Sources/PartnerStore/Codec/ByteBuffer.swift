#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Bytes that `BinaryReader`s read, alive as long as any reader over them: a copy of
/// part of an array, or a whole file read into memory of its own. A snapshot is read,
/// not mapped: a mapped file that someone truncates kills its reader with SIGBUS at the
/// next page it touches, and a truncated copy is only a short file, which the snapshot's
/// length and checksum turn into a clear refusal.
public final class ByteBuffer: @unchecked Sendable {
    /// The byte at offset `lowerBound`.
    @usableFromInline let start: UnsafePointer<UInt8>
    /// Offsets `lowerBound..<upperBound` are readable (offsets as in the original array or file).
    public let lowerBound: Int
    public private(set) var upperBound: Int
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

    /// The whole file as it is now, read with pread into anonymous memory of its own, in
    /// two halves on two threads: most of a read's cost is the kernel giving the process
    /// fresh pages and copying into them, and two threads do that in about three quarters
    /// of the time one takes. A file that shrinks meanwhile gives fewer bytes, never a signal.
    public static func readFile(_ path: String) throws -> ByteBuffer {
        let (fd, size) = try FileSystem.openToRead(path)
        defer { _ = close(fd) }
        guard size > 0, let memory = anonymousMemory(size) else { return ByteBuffer(try FileSystem.readFile(path)) }
        let buffer = ByteBuffer(mapping: memory, length: size)
        let half = size >= 1 << 20 ? (size / 2) & ~4095 : size
        let parts = [0..<half, half..<size].filter { !$0.isEmpty }
        let results = PartResults(count: parts.count)
        // Each thread writes only its own part of the memory.
        nonisolated(unsafe) let target = memory
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            let part = parts[index]
            results.set(index, Result {
                try FileSystem.preadAll(fd, into: target + part.lowerBound, count: part.count, from: Int64(part.lowerBound), path: path)
            })
        }
        // The bytes up to the first short part are the file as read; a part after a short one
        // read past a truncation and is not used.
        var end = 0
        for (index, part) in parts.enumerated() {
            let got = try results.get(index)
            end = part.lowerBound + got
            if got < part.count { break }
        }
        buffer.upperBound = end
        return buffer
    }

    /// What each part of a read returned, written by its own thread.
    private final class PartResults: @unchecked Sendable {
        // Each slot is written by one thread and read only after `concurrentPerform`
        // returns; raw memory, since an Array written from two threads is a race.
        private let slots: UnsafeMutablePointer<Result<Int, any Error>>
        private let count: Int
        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: .success(0), count: count)
        }
        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        func set(_ index: Int, _ result: Result<Int, any Error>) { slots[index] = result }
        func get(_ index: Int) throws -> Int { try slots[index].get() }
    }

    private static func anonymousMemory(_ size: Int) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_ANONYMOUS
        #else
        let flags = MAP_PRIVATE | MAP_ANON
        #endif
        guard let memory = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0), memory != MAP_FAILED else { return nil }
        return memory
    }
}
