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
}

extension POSIXFile: WritebackFile {}
