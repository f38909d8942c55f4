import PartnerCore

/// A count (UInt64), then that many entries of one size: how the snapshot's summaries
/// (`SubscriptionSummary`, `CustomerPlaces`) store their tables, read where they lie in the
/// snapshot's bytes and never decoded whole.
struct EntryTable: Sendable {
    private let entries: BinaryReader
    let count: Int
    let entrySize: Int

    /// Writes a table of places by id: the count, then each id (two UInt64) and its place
    /// (UInt64), sorted by id, for `entry(withId:)` to find.
    static func writePlaces(byId places: [(id: Ident, place: UInt64)], _ w: inout BinaryWriter) {
        var sorted = KeyedEntries(capacity: places.count)
        for (id, place) in places { sorted.append(id, value: place) }
        sorted.sort()
        w.writeUInt64(UInt64(sorted.entries.count))
        for entry in sorted.entries {
            w.writeUInt64(entry.high)
            w.writeUInt64(entry.low)
            w.writeUInt64(entry.value)
        }
    }

    /// Reads the count and steps over the entries; refused when they would run past the end.
    static func read(_ r: inout BinaryReader, entrySize: Int, what: String) throws -> EntryTable {
        let at = r.offset
        let count = try r.readUInt64()
        guard count <= UInt64(r.remaining / entrySize) else {
            throw StoreError.malformed(offset: at, reason: "\(count) \(what) exceed the \(r.remaining) bytes left")
        }
        let entries = r.window(r.offset, r.offset + Int(count) * entrySize)
        try r.skip(Int(count) * entrySize)
        return EntryTable(entries: entries, count: Int(count), entrySize: entrySize)
    }

    /// Where the table's entries start in the snapshot's bytes.
    var offset: Int { entries.offset }

    /// The `index`th entry (`index < count`).
    func entry(_ index: Int) -> BinaryReader {
        let start = entries.offset + index * entrySize
        return entries.window(start, start + entrySize)
    }

    /// In a table whose entries begin with an id (two UInt64) and are sorted by it, the
    /// entry of `id`, found by binary search: what follows the id, and where the entry
    /// starts. Nil when the table has no such id.
    func entry(withId id: Ident) throws -> (rest: BinaryReader, offset: Int)? {
        let index = try firstIndex(notBelow: id)
        guard index < count else { return nil }
        var r = entry(index)
        guard try Self.readId(&r) == id else { return nil }
        return (r, entries.offset + index * entrySize)
    }

    /// In such a table, the first entry whose id is not below `id` (`count` when none is):
    /// the ids a prefix matches start there, one run of entries.
    func firstIndex(notBelow id: Ident) throws -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            var r = entry(middle)
            if try Self.readId(&r) < id {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// The id an entry begins with.
    static func readId(_ r: inout BinaryReader) throws -> Ident {
        Ident(high: try r.readUInt64(), low: try r.readUInt64())
    }
}
