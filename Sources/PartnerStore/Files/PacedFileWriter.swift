#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a large new file so that its dirty pages never pile up in the page cache.
///
/// Why: on ext4 (data=ordered) a journal commit also writes out the data of files whose
/// blocks it allocates, so a snapshot of a few hundred megabytes left dirty until its own
/// fsync made the dashboard's next commit wait for all of it in its `fdatasync` (338 ms
/// at 200k customers). Here every full piece is handed to the device as soon as it is
/// written, and the piece before it is waited for, as databases write their checkpoints:
/// at most two pieces are ever dirty or in flight. Durability still comes only from the
/// caller's fsync at the end; a crash before it leaves a temporary file, as before.
struct PacedFileWriter<File: WritebackFile> {
    let file: File
    let pieceBytes: Int
    /// Bytes written so far.
    private(set) var written: Int64 = 0
    /// Where the piece being filled starts (every byte before it is handed to the device).
    private var pieceStart: Int64 = 0

    init(file: File, pieceBytes: Int) {
        precondition(pieceBytes > 0, "a piece of no bytes")
        self.file = file
        self.pieceBytes = pieceBytes
    }

    /// Writes the bytes, never one piece's bytes in the same call as the next piece's, so
    /// each piece is handed over the moment it is full.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes
        while !rest.isEmpty {
            let room = pieceBytes - Int(written - pieceStart)
            let now = UnsafeRawBufferPointer(rebasing: rest.prefix(room))
            try file.write(now)
            written += Int64(now.count)
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(now.count))
            if written - pieceStart == pieceBytes { try handOverPiece() }
        }
    }

    /// Appends `count` bytes of the file `source` from `offset`, copied by the kernel, paced
    /// as `write` paces bytes from memory.
    mutating func copy(from source: Int32, path: String, offset: Int64, count: Int) throws {
        var done = 0
        while done < count {
            let now = min(count - done, pieceBytes - Int(written - pieceStart))
            try file.copy(from: source, path: path, offset: offset + Int64(done), count: now)
            written += Int64(now)
            done += now
            if written - pieceStart == pieceBytes { try handOverPiece() }
        }
    }

    /// Starts the full piece's writeback, then waits for the one before it: the device
    /// always has the next piece queued while this thread waits.
    private mutating func handOverPiece() throws {
        let length = Int64(pieceBytes)
        try file.startWriteback(offset: pieceStart, length: length)
        if pieceStart > 0 { try file.waitForWriteback(offset: pieceStart - length, length: length) }
        pieceStart = written
    }
}

/// What `PacedFileWriter` needs of a file: `POSIXFile`, or a recorder in tests.
protocol WritebackFile: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Hands the range's dirty pages to the device without waiting.
    func startWriteback(offset: Int64, length: Int64) throws
    /// Waits until the range's pages are on the device.
    func waitForWriteback(offset: Int64, length: Int64) throws
    /// Appends `count` bytes of the file `source` from `offset`.
    func copy(from source: Int32, path: String, offset: Int64, count: Int) throws
}

extension WritebackFile {
    /// Through memory, a megabyte at a time: what `POSIXFile` falls back to, and a
    /// recorder's way (it sees the copy as writes).
    func copyThroughMemory(from source: Int32, path: String, offset: Int64, count: Int) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(count, 1 << 20), alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let want = min(buffer.count, count - done)
            let got = try FileSystem.preadAll(source, into: buffer.baseAddress!, count: want, from: offset + Int64(done), path: path)
            guard got == want else { throw StoreError.io(operation: "read (it ends early)", path: path, errno: EIO) }
            try write(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            done += got
        }
    }

    func copy(from source: Int32, path: String, offset: Int64, count: Int) throws {
        try copyThroughMemory(from: source, path: path, offset: offset, count: count)
    }
}

extension POSIXFile: WritebackFile {}
