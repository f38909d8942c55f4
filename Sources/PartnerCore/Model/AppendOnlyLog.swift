/// An array that only grows at its end, kept in fixed-size chunks so that a copy shares
/// everything but a few of the last elements. The audit log keeps its last, unfilled chunk in
/// one (`AuditLog`; full chunks are compact rows): a snapshot freezes the
/// model by copying it, and the next append to a plain array shared with the snapshot
/// would copy every record (tens of megabytes at 200k customers) on the commit's thread.
/// A model shared with a copy is common even without a snapshot (a screen, a command's
/// loop holds one while it commits), so the chunk being filled is itself kept in pieces
/// of 32: an append to a shared log copies at most the list of those pieces and the one
/// piece it goes into, not up to 1,023 records (each retained, and released when the
/// copy goes: a fifth of a writer's CPU per command). Once 1,024 are there they become
/// one chunk, which then copies the list of chunks (a reference per 1,024 records) when
/// shared. Indexes are positions, as in an array.
public struct AppendOnlyLog<Element>: RandomAccessCollection {
    /// Records per chunk: a power of two, so a position splits with a shift and a mask.
    static var chunkShift: Int { 10 }
    static var chunkSize: Int { 1 << chunkShift }
    /// Records per piece of the chunk being filled (a power of two, dividing a chunk).
    static var pieceShift: Int { 5 }
    static var pieceSize: Int { 1 << pieceShift }

    /// Full chunks only.
    private var chunks: [[Element]] = []
    /// The chunk being filled, in pieces: every piece but the last is full.
    private var filling: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "AppendOnlyLog index out of range")
        let chunk = position >> Self.chunkShift
        let within = position & (Self.chunkSize - 1)
        if chunk < chunks.count { return chunks[chunk][within] }
        return filling[within >> Self.pieceShift][within & (Self.pieceSize - 1)]
    }

    public mutating func append(_ element: Element) {
        if count & (Self.pieceSize - 1) == 0 {
            var piece: [Element] = []
            piece.reserveCapacity(Self.pieceSize)
            filling.append(piece)
        }
        filling[filling.count - 1].append(element)
        count += 1
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            for piece in filling { chunk.append(contentsOf: piece) }
            chunks.append(chunk)
            filling = []
        }
    }

    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        chunks.reserveCapacity(minimumCapacity >> Self.chunkShift)
    }

    /// How many of this log's elements are in storage `other` holds too (what a copy
    /// shares): the test that appending to a copy copies only a few elements.
    func elementsShared(with other: AppendOnlyLog) -> Int {
        Self.shared(chunks, other.chunks) + Self.shared(filling, other.filling)
    }

    private static func shared(_ mine: [[Element]], _ theirs: [[Element]]) -> Int {
        sameStorage(mine, theirs).reduce(0) { $0 + $1.count }
    }

    /// The arrays of `mine` that sit in the same storage as `theirs` at the same place.
    private static func sameStorage(_ mine: [[Element]], _ theirs: [[Element]]) -> [[Element]] {
        zip(mine, theirs).filter { a, b in
            a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
        }.map(\.0)
    }

    /// How many full chunks this log and `other` hold in the same storage (what a copy
    /// shares until one of them appends): the test that appending copies no full chunk.
    func chunksShared(with other: AppendOnlyLog) -> Int {
        Self.sameStorage(chunks, other.chunks).count
    }
}

extension AppendOnlyLog: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension AppendOnlyLog: Equatable where Element: Equatable {
    /// The same elements are always laid out alike (chunks and pieces follow from the count).
    public static func == (a: AppendOnlyLog, b: AppendOnlyLog) -> Bool {
        a.count == b.count && a.chunks == b.chunks && a.filling == b.filling
    }
}

extension AppendOnlyLog: Sendable where Element: Sendable {}

extension AppendOnlyLog: CustomStringConvertible {
    public var description: String { Array(self).description }
}
