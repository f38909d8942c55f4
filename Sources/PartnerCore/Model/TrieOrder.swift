import HashTreeCollections

/// Many ids put into a persistent set at once (each partner's customers as a snapshot is
/// read). `TreeSet` is a hash trie that takes five bits of an item's hash a level, lowest
/// bits first. Items inserted as they come (random hashes) each walk a path of nodes the
/// previous insert did not touch, a cache miss a level; inserted in the order of their
/// hashes' bits, lowest first, each walks the nodes the one before it just walked. Only
/// for items held inline (ids): a string would be hashed and retained out of the order it
/// was read in, a cache miss on its own storage instead (measured: no faster).
extension TreeSet {
    /// The set of `items` (a repeated item counts once, as `insert` has it).
    init(trieOrdered items: [Element]) {
        self.init()
        TrieOrder.forEach(items) { insert($0) }
    }
}

enum TrieOrder {
    /// Below this many items the order costs more than it saves.
    static let minimumCount = 64

    /// Calls `body` with each of `items`, grouped by the low bits of their hashes (a
    /// counting sort on the bit-reversed hash's leading bits: items that share their
    /// first levels in the trie come together).
    static func forEach<Item: Hashable>(_ items: [Item], _ body: (Item) -> Void) {
        for index in order(of: items) { body(items[index]) }
    }

    /// The indexes of `keys` in that order: for a tree keyed by `keys` whose values come
    /// with them (each customer's subscriptions).
    static func order<Key: Hashable>(of keys: [Key]) -> [Int] {
        guard keys.count >= minimumCount else { return Array(keys.indices) }
        return permutation(hashes: keys.map(\.hashValue)).map { Int($0) }
    }

    /// The indexes of `hashes` in the order of their bits, lowest first, to about eight
    /// items a group (a finer order would cost a sort and save nothing: a group's last
    /// levels are a few nodes, already in cache).
    static func permutation(hashes: [Int]) -> [Int32] {
        precondition(hashes.count < Int(Int32.max), "too many items to order")
        let significant = Int.bitWidth - hashes.count.leadingZeroBitCount
        let bits = min(16, max(1, significant - 3))
        let keys = hashes.map { Int(reversed(UInt64(UInt(bitPattern: $0))) >> UInt64(64 - bits)) }
        var starts = [Int32](repeating: 0, count: (1 << bits) + 1)
        for key in keys { starts[key + 1] += 1 }
        for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
        var order = [Int32](repeating: 0, count: hashes.count)
        for (index, key) in keys.enumerated() {
            order[Int(starts[key])] = Int32(index)
            starts[key] += 1
        }
        return order
    }

    /// The 64 bits in reverse order.
    static func reversed(_ x: UInt64) -> UInt64 {
        var v = x
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return v.byteSwapped
    }
}
