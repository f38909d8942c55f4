import Testing
@testable import PartnerCore

/// A table notes where each chunk lies encoded (`EncodedChunk`) only while the chunk is
/// unchanged: every path that changes a chunk's values drops its note, even a change made in
/// place to a chunk nobody shares (which keeps the array's address), and a note from a
/// snapshot of a frozen copy is taken only for the chunks still shared with that copy.
struct EncodedChunkTests {
    typealias Item = EntityTableTests.Item
    typealias Table = EntityTable<Item>

    final class Place: EncodedChunk {
        let name: String
        init(_ name: String) { self.name = name }
    }

    /// Three full chunks and a fourth of ten, each noted as lying encoded somewhere.
    static func noted(_ name: String = "read") -> Table {
        var table = Table((0..<(3 * Table.chunkSize + 10)).map { Item(id: $0, payload: UInt64($0)) })
        table.noteEncodedChunks((0..<table.chunkCount).map { Place("\(name) \($0)") })
        return table
    }

    static func notes(_ table: Table) -> [String?] {
        (0..<table.chunkCount).map { (table.encodedChunk($0) as? Place)?.name }
    }

    @Test func everyChangeDropsItsChunksNoteAndNoOther() {
        var table = Self.noted()
        #expect(Self.notes(table) == ["read 0", "read 1", "read 2", "read 3"])
        // Unique, so changed in place: the chunk keeps its address but not its note.
        table[Table.chunkSize + 5] = Item(id: Table.chunkSize + 5, payload: 99)
        #expect(Self.notes(table) == ["read 0", nil, "read 2", "read 3"])
        table.insert(Item(id: 10_000, payload: 1))
        #expect(Self.notes(table) == ["read 0", nil, "read 2", nil])

        var removing = Self.noted()
        removing.removeValue(forKey: 3)
        // The last value moves into the freed slot: its chunk and the last change.
        #expect(Self.notes(removing) == [nil, "read 1", "read 2", nil])

        var unchanged = Self.noted()
        unchanged[7] = unchanged[7]
        #expect(Self.notes(unchanged)[0] == nil, "a write is a change, whatever it writes")
        #expect(Self.notes(Self.noted().mapValues { $0 }) == [nil, nil, nil, nil])
    }

    @Test func aFullLastChunkRemovedTakesItsNoteWithIt() {
        var table = Table((0..<(Table.chunkSize + 1)).map { Item(id: $0, payload: 0) })
        table.noteEncodedChunks([Place("a"), Place("b")])
        table.removeValue(forKey: Table.chunkSize)
        #expect(table.chunkCount == 1 && Self.notes(table) == ["a"])
        table.insert(Item(id: 5_000, payload: 0))
        #expect(Self.notes(table) == ["a", nil], "the new chunk is not the one noted before")
    }

    @Test func aWrittenCopysNotesAreTakenForTheChunksStillShared() {
        var live = Self.noted()
        let frozen = live
        live[2] = Item(id: 2, payload: 7)
        live.insert(Item(id: 9_999, payload: 0))
        #expect(Self.notes(frozen) == ["read 0", "read 1", "read 2", "read 3"], "a copy keeps its own notes")
        let written = (0..<frozen.chunkCount).map { Place("written \($0)") as (any EncodedChunk)? }
        live.noteEncodedChunks(written, writtenFrom: frozen)
        #expect(Self.notes(live) == [nil, "written 1", "written 2", nil])
    }
}
