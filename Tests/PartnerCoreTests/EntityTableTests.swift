import PropertyBased
import Testing
@testable import PartnerCore

/// `EntityTable` (the model's customers, orders, subscriptions and invitations) against a
/// plain `Dictionary` doing the same inserts, updates and removals, with copies taken along
/// the way as a snapshot takes one: a copy never changes after, and a change to one copies
/// only the chunk it touches.
struct EntityTableTests {
    struct Item: Identifiable, Equatable, Sendable {
        var id: Int
        var payload: UInt64
    }

    typealias Table = EntityTable<Item>

    static func expect(_ table: Table, matches dictionary: [Int: Item]) {
        #expect(table.count == dictionary.count)
        #expect(table.isEmpty == dictionary.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) }) == dictionary)
        #expect(Set(table.keys) == Set(dictionary.keys))
        #expect(table.values.map(\.id) == Array(table.keys), "values and keys in the same (slot) order")
        for (id, item) in dictionary { #expect(table[id] == item) }
    }

    @Test func behavesAsADictionaryAndItsCopiesStayAsTheyWere() async {
        await propertyCheck(count: 120, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            var table = Table(), dictionary: [Int: Item] = [:]
            var frozen: [(Table, [Int: Item])] = []
            // Ids from a range small enough that updates and removals hit, large enough to
            // cross several chunks (256 values each).
            let ids = 1 + Int(random.next() % 1_500)
            for _ in 0..<Int(random.next() % 2_500) {
                let id = Int(random.next() % UInt64(ids))
                switch random.next() % 8 {
                case 0, 1:
                    #expect(table.removeValue(forKey: id) == dictionary.removeValue(forKey: id))
                case 2:
                    table[id] = nil
                    dictionary[id] = nil
                default:
                    let item = Item(id: id, payload: random.next())
                    #expect(table.insert(item) == (dictionary.updateValue(item, forKey: id) == nil))
                }
                #expect(table[id] == dictionary[id])
                if random.next() % 300 == 0 { frozen.append((table, dictionary)) }
            }
            Self.expect(table, matches: dictionary)
            for (copy, expected) in frozen {
                Self.expect(copy, matches: expected)
                #expect((copy == table) == (expected == dictionary))
            }
        }
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

        table[1_000] = Item(id: 1_000, payload: 1)
        #expect(table.chunksShared(with: frozen) == 19, "an update copies the chunk it is in")
        table[5_000] = Item(id: 5_000, payload: 1)
        #expect(table.chunksShared(with: frozen) == 18, "an insert copies the last chunk")
        table.removeValue(forKey: 10)
        #expect(table.chunksShared(with: frozen) == 17, "a removal copies its chunk and the last")

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
