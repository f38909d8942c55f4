/// The audit log: every full 1,024 records a compact, immutable `AuditChunk`, the records
/// after them as they were appended. A record is made from its row when it is read, so the
/// log costs its rows and text, not two strings and a list per record (the model's
/// third-largest part before). A copy (a snapshot's freeze) shares every chunk by
/// reference; appending to one copies the list of chunk references once in 1,024 appends
/// and otherwise a piece of the records after them (`AppendOnlyLog`), never a chunk.
/// Indexes are positions, as in an array.
public struct AuditLog: RandomAccessCollection, Sendable {
    private var chunks: [AuditChunk] = []
    /// Fewer than `AuditChunk.capacity` records: the chunk being filled.
    private var tail = AppendOnlyLog<AuditRecord>()

    public init() {}

    public init<S: Sequence>(_ records: S) where S.Element == AuditRecord {
        append(contentsOf: records)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { chunks.count * AuditChunk.capacity + tail.count }

    public subscript(position: Int) -> AuditRecord {
        precondition(position >= 0 && position < endIndex, "AuditLog index out of range")
        let chunk = position / AuditChunk.capacity
        let within = position % AuditChunk.capacity
        return chunk < chunks.count ? chunks[chunk][within] : tail[within]
    }

    public mutating func append(_ record: AuditRecord) {
        tail.append(record)
        guard tail.count == AuditChunk.capacity else { return }
        var builder = AuditChunk.Builder()
        for record in tail { builder.append(record) }
        chunks.append(builder.finish())
        tail = AppendOnlyLog()
    }

    public mutating func append<S: Sequence>(contentsOf records: S) where S.Element == AuditRecord {
        for record in records { append(record) }
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        chunks.reserveCapacity(minimumCapacity / AuditChunk.capacity)
    }

    /// Positions of the records the account may read (rule 6), newest first, found from
    /// the rows without making a record.
    func positions(visibleTo account: AccountID) -> [Int] {
        var out: [Int] = []
        for position in (tail.startIndex..<tail.endIndex).reversed() {
            let record = tail[position]
            if record.accountId == account || record.involvedAccounts.contains(account) {
                out.append(chunks.count * AuditChunk.capacity + position)
            }
        }
        for (c, chunk) in chunks.enumerated().reversed() {
            for within in (0..<chunk.rows.count).reversed() where chunk.isVisible(at: within, to: account) {
                out.append(c * AuditChunk.capacity + within)
            }
        }
        return out
    }

    /// How many full chunks this log and `other` hold by the same reference (what a copy
    /// shares): the test that appending to a copy copies no chunk.
    func chunksShared(with other: AuditLog) -> Int {
        zip(chunks, other.chunks).filter { $0 === $1 }.count
    }

    /// How many of the records after the full chunks sit in storage `other` holds too.
    func tailRecordsShared(with other: AuditLog) -> Int {
        tail.elementsShared(with: other.tail)
    }

    /// The full chunks, each `AuditChunk.capacity` records (what a snapshot writes whole),
    /// and the test on what a chunk costs.
    package var compactChunks: [AuditChunk] { chunks }

    /// The records after the full chunks.
    package var recordsAfterChunks: [AuditRecord] { Array(tail) }
}

extension AuditLog {
    /// Builds a log from fields and value texts given as bytes (the snapshot decode's
    /// path): each full chunk is made directly, never as `AuditRecord`s; only the last,
    /// unfilled chunk's records are made, as appends would have left them.
    public struct Builder {
        private var log = AuditLog()
        private var chunk = AuditChunk.Builder()

        public init() {}

        /// The record's own old and new values are not read (leave them empty): the texts are
        /// `oldValue` and `newValue`, copied.
        public mutating func append(_ fields: AuditRecord, oldValue: UnsafeBufferPointer<UInt8>, newValue: UnsafeBufferPointer<UInt8>) {
            chunk.append(fields, old: oldValue, new: newValue)
            guard chunk.count == AuditChunk.capacity else { return }
            log.chunks.append(chunk.finish())
            chunk = AuditChunk.Builder()
        }

        public mutating func reserveCapacity(_ records: Int) {
            log.reserveCapacity(records)
        }

        /// A full chunk read whole (a snapshot's); only before any record is appended, so
        /// every chunk but the last stays full.
        package mutating func append(_ full: AuditChunk) {
            precondition(chunk.count == 0, "a whole chunk follows whole chunks")
            log.chunks.append(full)
        }

        public func finish() -> AuditLog {
            var whole = log
            for record in chunk.records() { whole.tail.append(record) }
            return whole
        }
    }
}

extension AuditChunk.Builder {
    mutating func append(_ record: AuditRecord) {
        var old = record.oldValue, new = record.newValue
        old.withUTF8 { o in new.withUTF8 { n in append(record, old: o, new: n) } }
    }
}

extension AuditLog: ExpressibleByArrayLiteral {
    public init(arrayLiteral records: AuditRecord...) {
        self.init(records)
    }
}

extension AuditLog: Equatable {
    /// Record by record; chunks held by the same reference are equal without reading them.
    public static func == (a: AuditLog, b: AuditLog) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a.chunks, b.chunks) where x !== y {
            if !(0..<x.rows.count).allSatisfy({ x[$0] == y[$0] }) { return false }
        }
        return a.tail == b.tail
    }
}

extension AuditLog: CustomStringConvertible {
    public var description: String { Array(self).description }
}
