import PartnerCore

/// A section read a window ahead of its decoder rather than whole: a reader's `end` is the
/// end of what is loaded (read and checked against the blocks' checksums), moved on a window
/// ahead as the decoder nears it. With the bytes read released behind the decoder
/// (`BinaryReader.releasingAsRead`), a section being decoded holds about a window of its
/// snapshot bytes at any moment instead of all of them: at 200k the customers' section is
/// 57 MB and the subscriptions' 75 MB, and two are decoded at once beside the growing model.
/// For bytes already in memory (a snapshot given as bytes) loading does nothing and the
/// window only moves `end`.
struct SectionWindow {
    /// Large enough that the loads are few (about a hundred for a 75 MB section) and each
    /// record is read at most once more (when it straddles the loaded end), small enough
    /// that what is held is a small part of a section.
    static let defaultSize = 1 << 20

    let section: Range<Int>
    let size: Int

    init(_ section: Range<Int>, size: Int = defaultSize) {
        self.section = section
        self.size = max(1, size)
    }

    /// The whole section at once: for the small sections, and for those read another way.
    init(whole section: Range<Int>) {
        self.init(section, size: section.count)
    }

    /// What a reader releasing its bytes as it reads them keeps behind it at most.
    var releaseStep: Int { min(BinaryReader.releaseStep, size / 4) }

    /// A reader of the section's bytes from `start` (its beginning when nil), whose first
    /// window is loaded.
    func reader(of source: BinaryReader, from start: Int? = nil) throws -> BinaryReader {
        let start = start ?? section.lowerBound
        var reader = source.window(start, start)
        try reader.extend(to: min(section.upperBound, start + size))
        return reader
    }

    /// What `read` reads from `start` alone (a record found by its place, an audit chunk),
    /// having loaded only a window from there, more while `read` runs out of it; with where
    /// it stopped.
    func read<T>(from start: Int, of source: BinaryReader, _ read: (inout BinaryReader) throws -> T) throws -> (value: T, end: Int) {
        var reader = try reader(of: source, from: start)
        let value = try record(&reader, read)
        return (value, reader.offset)
    }

    /// What `read` reads from where `r` is: the next window loaded first when less than half
    /// a window is loaded ahead; and when `read` runs out of loaded bytes (a record longer
    /// than what is loaded), read again from the same place with four times as much loaded,
    /// until the section's end. `read` must not change anything but `r` before it returns
    /// (a record read again is read from scratch).
    @inline(__always)
    func record<T>(_ r: inout BinaryReader, _ read: (inout BinaryReader) throws -> T) throws -> T {
        if r.remaining < size / 2 && r.end < section.upperBound {
            try r.extend(to: min(section.upperBound, r.offset + size))
        }
        let start = r.offset
        var reach = size
        while true {
            do {
                return try read(&r)
            } catch StoreError.malformed where r.end < section.upperBound {
                reach *= 4
                try r.seek(to: start)
                try r.extend(to: min(section.upperBound, start + reach))
            }
        }
    }

    /// A count of the section's records: like `BinaryReader.readCount`, but checked against
    /// the bytes left in the section rather than in the window.
    func count(_ r: inout BinaryReader, _ what: String) throws -> Int {
        let at = r.offset
        let raw = try record(&r) { try $0.readVarUInt() }
        guard raw <= UInt64(section.upperBound - r.offset) else {
            throw StoreError.malformed(offset: at, reason: "\(what) of \(raw) exceeds the \(section.upperBound - r.offset) bytes left")
        }
        return Int(raw)
    }

    /// Fails unless the section was read to its very end (its bytes after the last record
    /// loaded and so checked, as a section read whole is).
    func expectEnd(_ r: inout BinaryReader, _ what: String) throws {
        try r.extend(to: section.upperBound)
        try r.expectEnd(what)
    }
}
