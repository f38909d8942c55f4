/// An array that only grows at its end, kept in fixed-size chunks so that a copy shares
/// everything but the chunk being filled. The audit log is one: a snapshot freezes the
/// model by copying it, and the next append to a plain array shared with the snapshot
/// would copy every record (tens of megabytes at 200k customers) on the commit's thread.
/// Here that append copies the list of chunks (a reference per 1,024 records) and at most
/// one chunk. Indexes are positions, as in an array.
public struct AppendOnlyLog<Element>: RandomAccessCollection {
    /// Records per chunk: a power of two, so a position splits with a shift and a mask.
    static var chunkShift: Int { 10 }
    static var chunkSize: Int { 1 << chunkShift }

    /// Every chunk but the last is full.
    private var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "AppendOnlyLog index out of range")
        return chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)]
    }

    public mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        chunks.reserveCapacity((minimumCapacity + Self.chunkSize - 1) >> Self.chunkShift)
    }

    /// How many chunks this log and `other` hold in the same storage (what a copy shares
    /// until one of them appends): the test that appending copies no full chunk.
    func chunksShared(with other: AppendOnlyLog) -> Int {
        zip(chunks, other.chunks).filter { mine, theirs in
            mine.withUnsafeBufferPointer { a in theirs.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
        }.count
    }
}

extension AppendOnlyLog: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension AppendOnlyLog: Equatable where Element: Equatable {
    public static func == (a: AppendOnlyLog, b: AppendOnlyLog) -> Bool {
        a.count == b.count && a.chunks == b.chunks
    }
}

extension AppendOnlyLog: Sendable where Element: Sendable {}

extension AppendOnlyLog: CustomStringConvertible {
    public var description: String { Array(self).description }
}
