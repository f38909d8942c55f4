import PropertyBased
import Testing
@testable import PartnerCore

/// `EntityTable` (the model's customers, orders, subscriptions and invitations) against a
/// plain `Dictionary` doing the same inserts, updates and removals, with copies taken along
/// the way as a snapshot takes one: a copy never changes after, and a change to one copies
/// only the chunk it touches and a page of the id map.
struct EntityTableTests {
    struct Item: Identifiable, Equatable, Sendable {
        var id: Int
        var payload: UInt64
    }

    typealias Table = EntityTable<Item>

    /// An id whose hash is its number modulo `hashes`: ids that share every bit of their
    /// hash, so the id map must tell them apart by the id and cannot split them apart.
    struct Clashing: Hashable, Sendable {
        var number: Int
        var hashes: Int
        static func == (a: Clashing, b: Clashing) -> Bool { a.number == b.number }
        func hash(into hasher: inout Hasher) { hasher.combine(number % hashes) }
    }

    struct ClashingItem: Identifiable, Equatable, Sendable {
        var id: Clashing
        var payload: UInt64
    }

    static func expect<Value: Identifiable & Equatable>(_ table: EntityTable<Value>, matches dictionary: [Value.ID: Value]) {
        #expect(table.count == dictionary.count)
        #expect(table.isEmpty == dictionary.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) }) == dictionary)
        #expect(Set(table.keys) == Set(dictionary.keys))
        #expect(table.values.map(\.id) == Array(table.keys), "values and keys in the same (slot) order")
        for (id, item) in dictionary { #expect(table[id] == item) }
    }

    /// Random inserts, updates and removals of `steps` values with ids `0..<ids` (made by
    /// `item`), done to a table and a `Dictionary` alike, with copies of both taken along
    /// the way (about `copies` of them) that must stay as they were.
    static func exercise<Value: Identifiable & Equatable>(
        seed: UInt64, ids: Int, steps: Int, copies: Int, item: (Int, UInt64) -> Value
    ) {
        var random = SeededFreshValues(seed: seed)
        var table = EntityTable<Value>(), dictionary: [Value.ID: Value] = [:]
        var frozen: [(EntityTable<Value>, [Value.ID: Value])] = []
        for _ in 0..<steps {
            let value = item(Int(random.next() % UInt64(ids)), random.next())
            switch random.next() % 8 {
            case 0, 1:
                #expect(table.removeValue(forKey: value.id) == dictionary.removeValue(forKey: value.id))
            case 2:
                table[value.id] = nil
                dictionary[value.id] = nil
            default:
                #expect(table.insert(value) == (dictionary.updateValue(value, forKey: value.id) == nil))
            }
            #expect(table[value.id] == dictionary[value.id])
            if random.next() % UInt64(max(1, steps / copies)) == 0 { frozen.append((table, dictionary)) }
        }
        expect(table, matches: dictionary)
        for (copy, expected) in frozen {
            expect(copy, matches: expected)
            #expect((copy == table) == (expected == dictionary))
        }
    }

    @Test func behavesAsADictionaryAndItsCopiesStayAsTheyWere() async {
        await propertyCheck(count: 120, input: Gen<UInt64>.value()) { seed in
            // Ids from a range small enough that updates and removals hit, large enough to
            // cross several chunks (256 values each).
            Self.exercise(seed: seed, ids: 1 + Int(seed % 1_500), steps: Int((seed >> 32) % 2_500), copies: 8) { Item(id: $0, payload: $1) }
        }
    }

    /// Enough ids that the id map splits its pages many times over (a page holds 768).
    @Test func growsAcrossManySplitsAndItsCopiesStayAsTheyWere() async {
        await propertyCheck(count: 12, input: Gen<UInt64>.value()) { seed in
            Self.exercise(seed: seed, ids: 12_000, steps: 30_000, copies: 6) { Item(id: $0, payload: $1) }
        }
    }

    /// Ids whose hashes are equal in groups (3 ids a hash), and all in a few (7 hashes):
    /// the map finds each by its id among those that share its hash, and a page whose
    /// entries all share their hash's low bits grows rather than splits.
    @Test func idsThatShareTheirHashAreToldApart() async {
        await propertyCheck(count: 12, input: Gen<UInt64>.value()) { seed in
            Self.exercise(seed: seed, ids: 6_000, steps: 12_000, copies: 4) { ClashingItem(id: Clashing(number: $0, hashes: 2_000), payload: $1) }
            Self.exercise(seed: seed, ids: 1_500, steps: 3_000, copies: 4) { ClashingItem(id: Clashing(number: $0, hashes: 7), payload: $1) }
        }
    }

    /// A table far larger than a page: every id is found, and the map's pages stay
    /// at least 3/8 full on average (a split leaves two pages of half a full one).
    @Test func aLargeTableKeepsItsPagesFull() {
        let count = 100_000
        var table = Table()
        for id in 0..<count { table.insert(Item(id: id, payload: UInt64(id))) }
        #expect((0..<count).allSatisfy { table[$0]?.payload == UInt64($0) })
        #expect(table[count] == nil && table[-1] == nil)
        #expect(table.mapPageCount > 100)
        #expect(table.mapPageCount * SlotMap.pageCapacity * 3 / 8 <= count, "\(table.mapPageCount) pages for \(count) ids")
    }

    @Test func equalityIsByIdsAndValuesWhateverTheSlots() {
        let items = (0..<600).map { Item(id: $0, payload: UInt64($0) * 7) }
        let forward = Table(items), backward = Table(items.reversed())
        #expect(forward == backward)
        #expect(Array(forward.keys) != Array(backward.keys))
        var changed = backward
        changed[599] = Item(id: 599, payload: 0)
        #expect(forward != changed)
        changed.removeValue(forKey: 599)
        #expect(forward != changed)
        #expect(Table() == [])
        #expect(Table([Item(id: 1, payload: 1), Item(id: 1, payload: 2)]) == [Item(id: 1, payload: 2)], "a later value replaces")
    }

    /// A snapshot copies the table; what the commits after it change copies one chunk.
    @Test func aChangeToACopyCopiesOnlyTheChunkItTouches() throws {
        var table = Table((0..<5_000).map { Item(id: $0, payload: 0) })
        // 5,000 values: 19 full chunks of 256 and part of a twentieth.
        #expect(table.chunkCount == 20)
        let frozen = table
        #expect(table.chunksShared(with: frozen) == 20)

        let pages = frozen.mapPageCount
        #expect(pages > 4 && table.mapPagesShared(with: frozen) == pages)

        table[1_000] = Item(id: 1_000, payload: 1)
        #expect(table.chunksShared(with: frozen) == 19, "an update copies the chunk it is in")
        #expect(table.mapPagesShared(with: frozen) == pages, "an update leaves the id map as it is")
        table[5_000] = Item(id: 5_000, payload: 1)
        #expect(table.chunksShared(with: frozen) == 18, "an insert copies the last chunk")
        // The page the new id goes in (or, if it was full, the one split: it is rebuilt
        // and a new one added after the frozen copy's).
        #expect(table.mapPagesShared(with: frozen) == pages - 1, "an insert copies one page of the id map")
        table.removeValue(forKey: 10)
        #expect(table.chunksShared(with: frozen) == 17, "a removal copies its chunk and the last")
        // The removed id's page (the last value's id, which moves slot, is in the page the
        // insert copied).
        #expect((pages - 2...pages - 1).contains(table.mapPagesShared(with: frozen)), "a removal copies one more page at most")

        #expect(frozen.count == 5_000 && frozen[1_000]?.payload == 0 && frozen[5_000] == nil && frozen[10] != nil)
        #expect(table.count == 5_000 && table[1_000]?.payload == 1 && table[5_000]?.payload == 1 && table[10] == nil)
        #expect(table != frozen)
    }

    @Test func aRemovalMovesTheLastValueIntoItsSlot() {
        var table = Table((0..<300).map { Item(id: $0, payload: 0) })
        #expect(table.removeValue(forKey: 3)?.id == 3)
        #expect(Array(table.keys.prefix(5)) == [0, 1, 2, 299, 4])
        #expect(table[299] != nil && table.count == 299)
        #expect(table.removeValue(forKey: 3) == nil)
        // Emptying the last chunk drops it.
        for id in 256..<299 { table.removeValue(forKey: id) }
        #expect(table.chunkCount == 1 && table.count == 256)
    }
}
