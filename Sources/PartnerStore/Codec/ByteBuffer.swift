#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// Bytes that `BinaryReader`s read, alive as long as any reader over them: a copy of
/// part of an array, a whole file read into memory of its own, or a format-8 snapshot
/// whose sections are read into such memory when first needed (`load`). A snapshot is read,
/// not mapped: a mapped file that someone truncates kills its reader with SIGBUS at the
/// next page it touches, and a truncated copy is only a short file, which the snapshot's
/// length and checksums turn into a clear refusal.
public final class ByteBuffer: @unchecked Sendable {
    /// The byte at offset `lowerBound`.
    @usableFromInline let start: UnsafePointer<UInt8>
    /// Offsets `lowerBound..<upperBound` are readable (offsets as in the original array or file).
    public let lowerBound: Int
    public private(set) var upperBound: Int
    private let allocation: UnsafeMutableRawPointer
    private let mappedLength: Int
    /// Byte ranges given back to the kernel (`release`), which no reader may read again;
    /// apart and in order (each release is joined to those it touches).
    private var released: [Range<Int>] = []
    private let releasedLock = NSLock()
    /// Of a snapshot read on demand: the bytes loaded and not released now, and the most
    /// ever at once (under `releasedLock`).
    private var held = 0
    private var mostHeld = 0
    /// The ranges `adviseHugePages` was asked for, in order.
    private var sectionsAdvised: [Range<Int>] = []
    /// A format-8 snapshot's section reads: nil when every byte is in memory already.
    private let sectionReads: SnapshotSectionReads?

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
        sectionReads = nil
    }

    private init(mapping: (memory: UnsafeMutableRawPointer, reserved: Int), length: Int, sectionReads: SnapshotSectionReads? = nil) {
        allocation = mapping.memory
        start = UnsafePointer(mapping.memory.assumingMemoryBound(to: UInt8.self))
        lowerBound = 0
        upperBound = length
        mappedLength = mapping.reserved
        self.sectionReads = sectionReads
    }

    /// A format-8 snapshot file of `size` bytes, of which nothing is read yet: `load` reads
    /// (and checks) the blocks a reader is about to read. Its memory is reserved, not
    /// touched, so what is never loaded costs no page. Takes over `fd`.
    static func readingSections(fd: Int32, size: Int, path: String, table: SnapshotSectionTable) throws -> ByteBuffer {
        let reads = SnapshotSectionReads(fd: fd, path: path, table: table)
        guard size > 0, let memory = anonymousMemory(size, hugePages: true, advised: false) else {
            throw StoreError.io(operation: "mmap", path: path, errno: errno)
        }
        return ByteBuffer(mapping: memory, length: size, sectionReads: reads)
    }

    /// Makes `range` readable: reads and checks the blocks of a format-8 snapshot that hold
    /// it and were not read yet (damage is `SnapshotSectionDamage`); nothing for any other
    /// buffer, whose bytes are all in memory.
    public func load(_ range: Range<Int>) throws {
        guard let sectionReads else { return }
        noteLoaded(try sectionReads.load(range, into: allocation))
    }

    /// `load` of whole sections (the table's entries), on two threads.
    func load(entries: [Int]) throws {
        guard let sectionReads else { return }
        noteLoaded(try sectionReads.load(entries: entries, into: allocation))
    }

    private func noteLoaded(_ bytes: Int) {
        releasedLock.withLock {
            held += bytes
            mostHeld = max(mostHeld, held)
        }
    }

    /// The most bytes of a snapshot read on demand that were in memory at once, loaded and
    /// not yet released (nil for a buffer that is all in memory): what the file adds to an
    /// open's peak.
    var bytesHeldAtMost: Int? {
        sectionReads == nil ? nil : releasedLock.withLock { mostHeld }
    }

    /// The ranges asked to use huge pages (`adviseHugePages`), in order.
    var rangesAdvisedForHugePages: [Range<Int>] { releasedLock.withLock { sectionsAdvised } }

    /// The snapshot file behind this buffer when it is a format-8 snapshot read on demand.
    var sectionFile: SnapshotSectionReads? { sectionReads }

    /// The section table when this is a format-8 snapshot read on demand.
    var sectionTable: SnapshotSectionTable? { sectionReads?.table }

    /// Bytes read from the file on demand (nil for a buffer that is all in memory).
    var bytesReadOnDemand: Int? { sectionReads?.bytesRead }

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
        precondition(!isReleased(range), "bytes \(range) were released after they were read")
        return Array(UnsafeBufferPointer(start: start + (range.lowerBound - lowerBound), count: range.count))
    }

    /// Whether any byte of `range` was released.
    public func isReleased(_ range: Range<Int>) -> Bool {
        releasedLock.withLock { released.contains { $0.overlaps(range) } }
    }

    /// Gives the whole pages inside `range` back to the kernel, once their bytes are read for
    /// the last time: a snapshot's sections, as they are decoded, so that the snapshot and the
    /// model it becomes are not both in memory at the peak of an open. Pages that `range`
    /// only partly covers are kept (a neighbouring section may still be reading them).
    /// Only memory read from a file (`readFile`) can be released; for any other buffer this
    /// does nothing. Returns the bytes released.
    @discardableResult
    public func release(_ range: Range<Int>) -> Int {
        guard mappedLength > 0 else { return 0 }
        let page = Self.pageSize
        let first = (max(range.lowerBound, lowerBound) + page - 1) / page * page
        let last = min(range.upperBound, upperBound) / page * page
        guard first < last else { return 0 }
        guard madvise(allocation + first, last - first, Int32(MADV_DONTNEED)) == 0 else { return 0 }
        return releasedLock.withLock {
            let fresh = join(released: first..<last)
            held -= fresh
            return fresh
        }
    }

    /// Adds `range` to `released`, joined with the ranges it overlaps or touches (a section
    /// is released in steps, each where the last ended, or from its start again); returns
    /// how many of its bytes were not released before.
    private func join(released range: Range<Int>) -> Int {
        let touching = released.indices.filter { released[$0].upperBound >= range.lowerBound && released[$0].lowerBound <= range.upperBound }
        var joined = range
        var fresh = range.count
        for index in touching {
            let other = released[index]
            fresh -= max(0, min(other.upperBound, range.upperBound) - max(other.lowerBound, range.lowerBound))
            joined = min(joined.lowerBound, other.lowerBound)..<max(joined.upperBound, other.upperBound)
        }
        released.removeSubrange((touching.first ?? 0)..<(touching.last.map { $0 + 1 } ?? 0))
        let at = released.firstIndex { $0.lowerBound > joined.lowerBound } ?? released.count
        released.insert(joined, at: at)
        return fresh
    }

    /// How many of the pages inside `range` are in memory now (`mincore`); what `release` gave
    /// back is not. Nil for a buffer that is not a file's mapping.
    func residentPages(_ range: Range<Int>) -> Int? {
        guard mappedLength > 0 else { return nil }
        let page = Self.pageSize
        let first = range.lowerBound / page * page
        let last = (min(range.upperBound, mappedLength) + page - 1) / page * page
        guard first < last else { return 0 }
        var vector = [UInt8](repeating: 0, count: (last - first) / page)
        guard mincore(allocation + first, last - first, &vector) == 0 else { return nil }
        return vector.reduce(0) { $0 + Int($1 & 1) }
    }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The whole file as it is now, read with pread into anonymous memory of its own, in
    /// two halves on two threads: most of a read's cost is the kernel giving the process
    /// fresh pages and copying into them, and two threads do that in about three quarters
    /// of the time one takes. A file that shrinks meanwhile gives fewer bytes, never a signal.
    ///
    /// Small pages unless asked: a whole file is read at once (an older format's snapshot),
    /// and with the kernel's default `defrag` setting every huge page of a region advised to
    /// use them may wait for memory to be compacted: a 295 MB read so advised took 210–685 ms
    /// where small pages took 112–183 ms in the same minutes on this machine (once 71 ms). Windows read as a decoder goes (`readingSections`) fault a
    /// page at a time, where huge pages pay.
    public static func readFile(_ path: String, hugePages: Bool = false) throws -> ByteBuffer {
        let (fd, size) = try FileSystem.openToRead(path)
        defer { _ = close(fd) }
        guard size > 0, let memory = anonymousMemory(size, hugePages: hugePages, advised: true) else { return ByteBuffer(try FileSystem.readFile(path)) }
        let buffer = ByteBuffer(mapping: memory, length: size)
        let half = size >= 1 << 20 ? (size / 2) & ~4095 : size
        let parts = [0..<half, half..<size].filter { !$0.isEmpty }
        let results = PartResults(count: parts.count)
        // Each thread writes only its own part of the memory.
        nonisolated(unsafe) let target = memory.memory
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

    /// Memory for `size` bytes of a file and how much of it is reserved (unmapped with it);
    /// with `hugePages`, on Linux, `hugePageMemory`'s, `advised` whole or left for
    /// `adviseHugePages` to advise in part.
    private static func anonymousMemory(_ size: Int, hugePages: Bool, advised: Bool) -> (memory: UnsafeMutableRawPointer, reserved: Int)? {
        #if os(Linux)
        if hugePages { return hugePageMemory(size, advised: advised) }
        let flags = MAP_PRIVATE | MAP_ANONYMOUS
        #else
        let flags = MAP_PRIVATE | MAP_ANON
        #endif
        guard let memory = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0), memory != MAP_FAILED else { return nil }
        return (memory, size)
    }

    #if os(Linux)
    /// `anonymousMemory` starting on a huge page's boundary and asking to be backed by huge pages
    /// (`MADV_HUGEPAGE`): a snapshot's bytes are read into fresh pages window after window,
    /// and with 4 KiB pages the kernel's fault for each page (about 60,000 at 200k, each
    /// given, charged and cleared alone) was 15% of an open's decode CPU, more than copying
    /// the bytes. A huge page is one fault for 2 MiB. Releasing part of one (`release`)
    /// splits it and gives those pages back as before; a huge page is whole again only once
    /// every page of it is read, so an open holds at most one more per section.
    private static func hugePageMemory(_ size: Int, advised: Bool) -> (memory: UnsafeMutableRawPointer, reserved: Int)? {
        let flags = MAP_PRIVATE | MAP_ANONYMOUS
        let huge = hugePageSize
        let reserved = (size + huge - 1) / huge * huge
        guard let mapping = mmap(nil, reserved + huge, PROT_READ | PROT_WRITE, flags, -1, 0), mapping != MAP_FAILED else { return nil }
        let head = (huge - Int(bitPattern: mapping) % huge) % huge
        if head > 0 { munmap(mapping, head) }
        if huge - head > 0 { munmap(mapping + head + reserved, huge - head) }
        let memory = mapping + head
        // Advice only: where huge pages are off or none is free, the kernel gives small ones.
        if advised { _ = madvise(memory, reserved, MADV_HUGEPAGE) }
        return (memory, reserved)
    }
    #endif

    /// Asks for huge pages for the whole huge pages inside `range` (offsets as given to the
    /// initialiser), on Linux, for memory on a huge page's boundary: for a section a decoder
    /// reads a window at a time from start to end, releasing behind it. A snapshot's memory
    /// is not advised when it is made: a command that reads a few scattered blocks
    /// (`customers list --reseller`, a subscription's update) faulted in and cleared 2 MiB
    /// for each 4 KiB block it read (222 MB resident and 0.44 s where small pages took 96 MB
    /// and 0.11 s, at 200k). Returns the bytes advised.
    @discardableResult
    func adviseHugePages(_ range: Range<Int>) -> Int {
        releasedLock.withLock { sectionsAdvised.append(range) }
        #if os(Linux)
        let huge = Self.hugePageSize
        guard mappedLength > 0, Int(bitPattern: allocation) % huge == 0 else { return 0 }
        let first = (max(range.lowerBound, lowerBound) + huge - 1) / huge * huge
        let last = min(range.upperBound, upperBound) / huge * huge
        guard first < last, madvise(allocation + first, last - first, MADV_HUGEPAGE) == 0 else { return 0 }
        return last - first
        #else
        return 0
        #endif
    }

    /// The size of a transparent huge page on x86-64 and most arm64 kernels; on any other, the
    /// boundary is only an alignment, and the advice gives what that kernel has.
    static let hugePageSize = 2 << 20
}
