/// `EntityTable`'s map from an id to its slot: a hash table split into pages, each its own
/// copy-on-write array, so a copy of the map (a snapshot freezing the model) shares every
/// page and a change made afterwards copies the list of pages and the one page it touches.
///
/// An entry is eight bytes: 32 bits of the id's hash (its tag) and the slot. The id itself
/// is not stored: the table's chunks hold it at the slot, and a lookup asks its caller
/// whether the value at a slot whose tag matches has the id sought. Pages are open
/// addressed (linear probing from the tag's top bits, at most three quarters full), so an
/// entry costs 8 bytes over a load of 3/8 to 3/4: about 11–21 bytes.
///
/// Growth is extendible hashing: a directory of 2^depth page numbers, indexed by the tag's
/// low bits. The first page grows by doubling up to `pageCapacity`; after that a full page
/// splits in two on its next tag bit (the other pages are not touched), and the directory
/// (four bytes a page) doubles when the page's depth passes it. So no change ever rehashes
/// the whole map, during a snapshot or not. Removal shifts the entries after the freed one
/// back (no tombstones); pages never merge (the model never removes an entity).
struct SlotMap: Sendable {
    /// An entry: the tag in the high half, the slot in the low. No slot is `UInt32.max`.
    typealias Entry = UInt64
    static let vacant: Entry = .max

    /// Entries a page holds at most, a power of two: 8 KB, what a change made during a
    /// snapshot copies (beside the page list and the directory).
    static var pageCapacity: Int { 1 << 10 }
    static var firstCapacity: Int { 8 }

    struct Page {
        /// How many low tag bits every entry here shares.
        var depth: UInt8
        var count: UInt32
        /// A power of two; `vacant` where empty.
        var entries: [Entry]

        init(depth: UInt8, capacity: Int) {
            self.depth = depth
            count = 0
            entries = Array(repeating: SlotMap.vacant, count: capacity)
        }

        var isFull: Bool { (Int(count) + 1) * 4 > entries.count * 3 }

        /// Where a tag's probe starts: its top bits, which the directory does not use.
        func home(_ tag: UInt32) -> Int {
            Int(truncatingIfNeeded: tag >> (32 - entries.count.trailingZeroBitCount))
        }

        /// The entry's position, or the vacant position its probe reached.
        func probe(_ tag: UInt32, _ matches: (UInt32) -> Bool) -> (position: Int, found: Bool) {
            let mask = entries.count - 1
            var position = home(tag)
            while true {
                let entry = entries[position]
                if entry == SlotMap.vacant { return (position, false) }
                if SlotMap.tag(entry) == tag, matches(SlotMap.slot(entry)) { return (position, true) }
                position = (position + 1) & mask
            }
        }

        /// Adds an entry; there is room.
        mutating func add(_ entry: Entry) {
            let (position, _) = probe(SlotMap.tag(entry)) { _ in false }
            entries[position] = entry
            count += 1
        }

        /// Empties `position` and moves back each entry after it that may stand there, so
        /// every probe still reaches its entry before a vacant position.
        mutating func remove(at position: Int) {
            let mask = entries.count - 1
            var hole = position, next = (position + 1) & mask
            while entries[next] != SlotMap.vacant {
                let home = home(SlotMap.tag(entries[next]))
                if (next &- home) & mask >= (next &- hole) & mask {
                    entries[hole] = entries[next]
                    hole = next
                }
                next = (next + 1) & mask
            }
            entries[hole] = SlotMap.vacant
            count -= 1
        }
    }

    /// Page numbers by the tag's low bits; empty while there is no page.
    private var directory: [UInt32] = []
    private var pages: [Page] = []
    private(set) var count = 0

    init() {}

    static func tag(_ entry: Entry) -> UInt32 { UInt32(truncatingIfNeeded: entry >> 32) }
    static func slot(_ entry: Entry) -> UInt32 { UInt32(truncatingIfNeeded: entry) }
    static func entry(tag: UInt32, slot: UInt32) -> Entry { Entry(tag) << 32 | Entry(slot) }

    private func pageNumber(_ tag: UInt32) -> Int {
        Int(directory[Int(tag) & (directory.count - 1)])
    }

    /// The slot of the entry with this tag for which `matches` holds.
    func slot(tag: UInt32, where matches: (UInt32) -> Bool) -> UInt32? {
        guard !pages.isEmpty else { return nil }
        let page = pageNumber(tag)
        let (position, found) = pages[page].probe(tag, matches)
        return found ? Self.slot(pages[page].entries[position]) : nil
    }

    /// Adds `slot` under `tag`; no entry with this tag may match the same id.
    mutating func insert(tag: UInt32, slot: UInt32) {
        precondition(slot != UInt32.max, "an entity table holds fewer than 2^32 - 1 values")
        if pages.isEmpty {
            pages = [Page(depth: 0, capacity: Self.firstCapacity)]
            directory = [0]
        }
        while pages[pageNumber(tag)].isFull { makeRoom(in: pageNumber(tag), for: tag) }
        pages[pageNumber(tag)].add(Self.entry(tag: tag, slot: slot))
        count += 1
    }

    /// Removes the entry with this tag for which `matches` holds; its slot, if there was one.
    @discardableResult
    mutating func remove(tag: UInt32, where matches: (UInt32) -> Bool) -> UInt32? {
        guard !pages.isEmpty else { return nil }
        let page = pageNumber(tag)
        let (position, found) = pages[page].probe(tag, matches)
        guard found else { return nil }
        let slot = Self.slot(pages[page].entries[position])
        pages[page].remove(at: position)
        count -= 1
        return slot
    }

    /// Moves the entry with this tag from slot `old` to slot `new`.
    mutating func move(tag: UInt32, from old: UInt32, to new: UInt32) {
        let page = pageNumber(tag)
        let (position, found) = pages[page].probe(tag) { $0 == old }
        precondition(found, "the moved value has an entry")
        pages[page].entries[position] = Self.entry(tag: tag, slot: new)
    }

    /// A page below the full size doubles; a full-size one splits on its next tag bit,
    /// unless every entry has the same bit there (tags that share all their low bits), when
    /// it doubles too rather than leave an empty page.
    private mutating func makeRoom(in number: Int, for tag: UInt32) {
        let page = pages[number]
        let bit = UInt32(1) << page.depth
        let occupied = page.entries.filter { $0 != Self.vacant }
        let upper = occupied.filter { Self.tag($0) & bit != 0 }
        guard page.entries.count >= Self.pageCapacity, page.depth < 31,
              !upper.isEmpty, upper.count < occupied.count else {
            pages[number] = Self.page(depth: page.depth, capacity: page.entries.count * 2, holding: occupied)
            return
        }
        let depth = page.depth + 1
        pages[number] = Self.page(depth: depth, capacity: Self.pageCapacity, holding: occupied.filter { Self.tag($0) & bit == 0 })
        pages.append(Self.page(depth: depth, capacity: Self.pageCapacity, holding: upper))
        if directory.count < 1 << depth { directory += directory }
        // The directory entries of the page's tags with the new bit set now name the new page.
        let pattern = Int(tag & (bit - 1)) | Int(bit)
        for index in stride(from: pattern, to: directory.count, by: Int(bit) << 1) {
            directory[index] = UInt32(pages.count - 1)
        }
    }

    /// Entries a page is filled to, on average, when a map is built at once: below the 768
    /// a page holds, so that the pages whose share of the tags runs over the average rarely
    /// split (the pages end 29–59% full, as a map grown one entry at a time is).
    static var bulkFill: Int { 600 }

    /// The map of slots `0..<tags.count`, slot `i` under `tags[i]`, built at once (a
    /// snapshot's decode): the entries are bucketed by page with a counting sort on the
    /// tags' low bits, then each page is filled from its bucket. Each write lands in the page
    /// being filled, not in a random page of the whole map (a cache miss each once the map
    /// outgrows the caches), and no page splits, except one whose bucket is over full.
    /// `sameId(a, b)` says whether slots `a` and `b` hold the same id (asked only when their
    /// tags are equal). Nil when two slots hold the same id: the caller then builds the map
    /// one insert at a time, which keeps the later of the two.
    init?(tags: [UInt32], sameId: (UInt32, UInt32) -> Bool) {
        precondition(tags.count < Int(UInt32.max), "an entity table holds fewer than 2^32 - 1 values")
        guard !tags.isEmpty else { return }
        var depth = 0
        while tags.count > Self.bulkFill << depth { depth += 1 }
        let pageCount = 1 << depth, mask = UInt32(pageCount - 1)
        var starts = [Int](repeating: 0, count: pageCount + 1)
        for tag in tags { starts[Int(tag & mask) + 1] += 1 }
        for page in 0..<pageCount { starts[page + 1] += starts[page] }
        var bucketed = [Entry](repeating: Self.vacant, count: tags.count)
        var next = starts
        for (slot, tag) in tags.enumerated() {
            let page = Int(tag & mask)
            bucketed[next[page]] = Self.entry(tag: tag, slot: UInt32(slot))
            next[page] += 1
        }
        let capacity = depth == 0 ? Self.capacity(holding: tags.count) : Self.pageCapacity
        let room = capacity * 3 / 4
        var overflow: [Entry] = []
        pages.reserveCapacity(pageCount)
        for number in 0..<pageCount {
            var page = Page(depth: UInt8(depth), capacity: capacity)
            for entry in bucketed[starts[number]..<starts[number + 1]] {
                guard Int(page.count) < room else {
                    overflow.append(entry)
                    continue
                }
                let slot = Self.slot(entry)
                guard !page.probe(Self.tag(entry), { sameId($0, slot) }).found else { return nil }
                page.add(entry)
            }
            count += Int(page.count)
            pages.append(page)
        }
        directory = (0..<UInt32(pageCount)).map { $0 }
        for entry in overflow {
            let slot = Self.slot(entry)
            guard self.slot(tag: Self.tag(entry), where: { sameId($0, slot) }) == nil else { return nil }
            insert(tag: Self.tag(entry), slot: slot)
        }
    }

    /// The smallest page (a power of two, at least `firstCapacity`) that holds `count`
    /// entries at most three quarters full.
    private static func capacity(holding count: Int) -> Int {
        var capacity = firstCapacity
        while capacity * 3 < count * 4 { capacity *= 2 }
        return capacity
    }

    private static func page(depth: UInt8, capacity: Int, holding entries: [Entry]) -> Page {
        var page = Page(depth: depth, capacity: capacity)
        for entry in entries { page.add(entry) }
        return page
    }

    /// How many pages this map and `other` hold in the same storage (what a copy shares
    /// until one of them changes): the tests that a change copies one.
    func pagesShared(with other: SlotMap) -> Int {
        zip(pages, other.pages).filter { a, b in
            a.entries.withUnsafeBufferPointer { x in b.entries.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
        }.count
    }

    /// Calls `body` with every entry's tag and slot, page by page.
    func forEachEntry(_ body: (_ tag: UInt32, _ slot: UInt32) -> Void) {
        for page in pages {
            for entry in page.entries where entry != Self.vacant { body(Self.tag(entry), Self.slot(entry)) }
        }
    }

    var pageCount: Int { pages.count }
    var directoryCount: Int { directory.count }
}
