/// Entities by id, stored densely: the values sit in fixed-size chunks of contiguous
/// arrays, in slot order, and a small persistent map (`SlotMap`: 8 bytes an entry, a
/// hash of the id and a slot, in pages) gives each id its slot. A `TreeDictionary` of the
/// values themselves rounds its nodes to powers of two of the value's size (a 304-byte
/// customer cost about 450); here a value costs its size, and the map about 11–21 bytes.
///
/// Each chunk and each page of the map is its own copy-on-write array, so a copy (a
/// snapshot freezing the model) shares everything: changing a value afterwards copies the
/// list of chunks (a reference each) and the one chunk it is in, not the map; adding one
/// copies the last chunk, the map's list of pages and directory, and the page it goes in.
///
/// Iteration is in slot order, which is insertion order while nothing is removed. A
/// removal moves the last value into the freed slot (the map's entry for that value
/// follows it), so every slot stays full: no tombstones to skip when iterating or to
/// count in `count`, and no free list. The model never removes an entity (a deleted
/// subscription keeps its record), so the order change a removal makes is moot for it.
public struct EntityTable<Value: Identifiable>: Sequence {
    public typealias ID = Value.ID

    /// Values per chunk: a power of two, so a slot splits with a shift and a mask. 256
    /// customers are 78 KB: what a change made during a snapshot copies.
    static var chunkShift: Int { 8 }
    public static var chunkSize: Int { 1 << chunkShift }

    /// Every chunk but the last is full.
    private var chunks: [[Value]] = []
    private var slots = SlotMap()
    /// Per chunk, where its values already lie encoded (a snapshot file this process read or
    /// wrote), dropped by every change to the chunk, so a snapshot copies an unchanged
    /// chunk's bytes instead of encoding it again. Not the chunk's storage address: a
    /// change made in place to a chunk nobody shares keeps its address. Shorter than
    /// `chunks` when the last chunks have none.
    private var encodedChunks: [(any EncodedChunk)?] = []

    public init() {}

    /// The values in order; a later value with an id already given replaces the earlier.
    public init(_ values: some Sequence<Value>) {
        var builder = Builder(capacity: values.underestimatedCount)
        for value in values { builder.append(value) }
        self = builder.finish().table
    }

    /// Full chunks (all but the last) and a map of every slot in them.
    init(chunks: [[Value]], slots: SlotMap) {
        self.chunks = chunks
        self.slots = slots
    }

    public var count: Int { slots.count }
    public var isEmpty: Bool { slots.count == 0 }

    public subscript(id: ID) -> Value? {
        get { slot(of: id).map { self[slot: Int($0)] } }
        set {
            if let newValue {
                precondition(newValue.id == id, "an entity is stored under its own id")
                insert(newValue)
            } else {
                removeValue(forKey: id)
            }
        }
    }

    public func contains(_ id: ID) -> Bool { slot(of: id) != nil }

    /// The map's key for an id: it holds this hash and the slot, and finds an id by its
    /// hash and then the id stored at the slot.
    static func tag(_ id: ID) -> UInt32 {
        let hash = UInt64(UInt(bitPattern: id.hashValue))
        return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
    }

    /// The slot holding this id. Slots are stable while nothing is removed (the model never
    /// removes an entity), so the model's indexes may name an entity by its slot.
    func slot(of id: ID) -> UInt32? {
        slots.slot(tag: Self.tag(id)) { self.id(at: Int($0)) == id }
    }

    /// The value at a slot (`0..<count`).
    func value(atSlot slot: Int) -> Value { self[slot: slot] }

    /// The id at a slot, read in place rather than by copying the value out.
    func id(at slot: Int) -> ID {
        chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)].id
    }

    private subscript(slot slot: Int) -> Value {
        get { chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] }
        set {
            forgetEncoded(chunk: slot >> Self.chunkShift)
            chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] = newValue
        }
    }

    /// Every path that changes a chunk's values comes through here first.
    private mutating func forgetEncoded(chunk: Int) {
        if chunk < encodedChunks.count, encodedChunks[chunk] != nil { encodedChunks[chunk] = nil }
    }

    /// Replaces the value with `value`'s id, or adds it in a new slot at the end (one insert
    /// into the id map, nothing else hashed: how a snapshot is read). True when it is new.
    @discardableResult
    public mutating func insert(_ value: Value) -> Bool {
        let tag = Self.tag(value.id)
        if let existing = slots.slot(tag: tag, where: { self.id(at: Int($0)) == value.id }) {
            self[slot: Int(existing)] = value
            return false
        }
        slots.insert(tag: tag, slot: UInt32(count))
        if chunks.last.map({ $0.count == Self.chunkSize }) ?? true {
            var chunk: [Value] = []
            // The first chunk grows as an array does, so a small model stays small.
            if !chunks.isEmpty { chunk.reserveCapacity(Self.chunkSize) }
            chunks.append(chunk)
        }
        forgetEncoded(chunk: chunks.count - 1)
        chunks[chunks.count - 1].append(value)
        return true
    }

    /// Removes the value with this id; the last value moves into its slot.
    @discardableResult
    public mutating func removeValue(forKey id: ID) -> Value? {
        guard let found = slot(of: id) else { return nil }
        slots.remove(tag: Self.tag(id)) { $0 == found }
        let slot = Int(found)
        let removed = self[slot: slot]
        forgetEncoded(chunk: chunks.count - 1)
        let last = chunks[chunks.count - 1].removeLast()
        if chunks[chunks.count - 1].isEmpty {
            chunks.removeLast()
            if encodedChunks.count > chunks.count { encodedChunks.removeLast(encodedChunks.count - chunks.count) }
        }
        if slot != count {
            self[slot: slot] = last
            slots.move(tag: Self.tag(last.id), from: UInt32(count), to: UInt32(slot))
        }
        return removed
    }

    /// Room in the list of chunks for this many values (the chunks fill as they come).
    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        chunks.reserveCapacity((minimumCapacity + Self.chunkSize - 1) >> Self.chunkShift)
    }

    /// The same ids with each value transformed; the transform must keep the id.
    public func mapValues(_ transform: (Value) throws -> Value) rethrows -> EntityTable {
        var mapped = self
        mapped.chunks = try chunks.map { try $0.map(transform) }
        mapped.encodedChunks = []
        return mapped
    }

    /// The values in slot order.
    public var values: Values { Values(chunks: chunks, count: count) }
    /// The ids in slot order.
    public var keys: Keys { Keys(values: values) }

    public func makeIterator() -> LazyMapSequence<Values, (key: ID, value: Value)>.Iterator {
        values.lazy.map { (key: $0.id, value: $0) }.makeIterator()
    }

    public var underestimatedCount: Int { count }

    public struct Values: RandomAccessCollection {
        fileprivate let chunks: [[Value]]
        public let count: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(position: Int) -> Value {
            precondition(position >= 0 && position < count, "EntityTable index out of range")
            return chunks[position >> EntityTable.chunkShift][position & (EntityTable.chunkSize - 1)]
        }
    }

    /// Not lazy, so `keys.map` is an array as a dictionary's is.
    public struct Keys: RandomAccessCollection {
        let values: Values
        public var startIndex: Int { 0 }
        public var endIndex: Int { values.count }
        public subscript(position: Int) -> ID { values[position].id }
    }

    /// How many chunks this table and `other` hold in the same storage at the same place
    /// (what a copy shares until one of them changes): the tests that a change copies one.
    func chunksShared(with other: EntityTable) -> Int {
        zip(chunks, other.chunks).filter { Self.sameStorage($0, $1) }.count
    }

    /// The number of chunks (full ones and the one being filled).
    public var chunkCount: Int { chunks.count }

    /// Chunk `index`'s values, in slot order (the array itself, not a copy).
    public func chunk(_ index: Int) -> [Value] { chunks[index] }

    /// Where chunk `index`'s values lie encoded, unchanged since; nil when it changed since
    /// (or was never read from or written to a snapshot).
    public func encodedChunk(_ index: Int) -> (any EncodedChunk)? {
        index < encodedChunks.count ? encodedChunks[index] : nil
    }

    /// Notes where each chunk's values lie encoded, as they are now: for a table just read
    /// from those bytes (`encoded[i]` holds chunk `i`'s values, in slot order).
    public mutating func noteEncodedChunks(_ encoded: [(any EncodedChunk)?]) {
        encodedChunks = Array(encoded.prefix(chunks.count))
    }

    /// Notes where the chunks a snapshot wrote from `written` lie in its file, for every
    /// chunk this table still holds in the same storage as `written` does. `written` shares
    /// a chunk's storage until either changes it (a change to a shared array copies it),
    /// so while `written` lives, the same storage means the same values.
    public mutating func noteEncodedChunks(_ encoded: [(any EncodedChunk)?], writtenFrom written: EntityTable) {
        let shared = Swift.min(chunks.count, written.chunks.count, encoded.count)
        guard shared > 0 else { return }
        if encodedChunks.count < shared { encodedChunks += repeatElement(nil, count: shared - encodedChunks.count) }
        for index in 0..<shared where encoded[index] != nil && Self.sameStorage(chunks[index], written.chunks[index]) {
            encodedChunks[index] = encoded[index]
        }
    }

    /// How many of the id map's pages this table and `other` share, and how many it has.
    func mapPagesShared(with other: EntityTable) -> Int { slots.pagesShared(with: other.slots) }
    var mapPageCount: Int { slots.pageCount }

    fileprivate static func sameStorage(_ a: [Value], _ b: [Value]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress && x.count == y.count } }
    }
}

extension EntityTable: Equatable where Value: Equatable {
    /// Equal when they map the same ids to equal values, whatever their slots (a model read
    /// back from a snapshot may hold them in another order). Chunks still shared with a
    /// copy are not compared value by value.
    public static func == (a: EntityTable, b: EntityTable) -> Bool {
        guard a.count == b.count else { return false }
        for (index, chunk) in a.chunks.enumerated() {
            let base = index << chunkShift
            if index < b.chunks.count, sameStorage(chunk, b.chunks[index]) { continue }
            for (offset, value) in chunk.enumerated() {
                let slot = base + offset
                if slot < b.count, b[slot: slot].id == value.id {
                    guard b[slot: slot] == value else { return false }
                } else {
                    guard b[value.id] == value else { return false }
                }
            }
        }
        return true
    }
}

extension EntityTable: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Value...) {
        self.init(elements)
    }
}

/// Where a table's chunk lies encoded (PartnerStore's place in a snapshot file): opaque
/// here, so the model stays free of I/O; a class, so noting one costs a reference.
public protocol EncodedChunk: AnyObject, Sendable {}

extension EntityTable: Sendable where Value: Sendable, Value.ID: Sendable {}
extension EntityTable.Values: Sendable where Value: Sendable {}
extension EntityTable.Keys: Sendable where Value: Sendable {}

extension EntityTable: CustomStringConvertible {
    public var description: String { "EntityTable(\(Array(values)))" }
}
