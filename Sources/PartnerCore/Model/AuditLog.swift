/// The audit log: every full 1,024 records a compact, immutable `AuditChunk`, the records
/// after them as they were appended. A record is made from its row when it is read, so the
/// log costs its rows and text, not two strings and a list per record. A full chunk read
/// from a snapshot file may stay there (`ColdAuditChunk`): the log then holds what the
/// visibility scan and the invariants need of it, and reads the rest when a record of it is
/// asked for. A copy (a snapshot's freeze) shares every chunk by reference; appending to
/// one copies the list of chunk references once in 1,024 appends and otherwise a piece of
/// the records after them (`AppendOnlyLog`), never a chunk. Indexes are positions, as in
/// an array.
///
/// A cold chunk's bytes can turn out damaged when it is read (its file changed under the
/// process): the throwing reads (`record(at:)`, `forEachVisible`, `forEachRecord`,
/// `record(withSequence:)`, and the queries built on them) report that as the source's
/// error. The collection's subscript cannot, and stops the process naming the damage; only
/// tests and logs without cold chunks read through it.
public struct AuditLog: RandomAccessCollection, Sendable {
    private var chunks: [FullChunk] = []
    /// Fewer than `AuditChunk.capacity` records: the chunk being filled.
    private var tail = AppendOnlyLog<AuditRecord>()

    /// A full chunk, held or left in its snapshot.
    package enum FullChunk: Sendable {
        case held(AuditChunk)
        case cold(ColdAuditChunk)

        var firstSequence: UInt64 {
            switch self {
            case .held(let chunk): chunk.rows[0].sequence
            case .cold(let cold): cold.firstSequence
            }
        }

        var lastSequence: UInt64 {
            switch self {
            case .held(let chunk): chunk.rows[AuditChunk.capacity - 1].sequence
            case .cold(let cold): cold.lastSequence
            }
        }

        func read() throws -> AuditChunk {
            switch self {
            case .held(let chunk): chunk
            case .cold(let cold): try cold.source.chunk(cold.index)
            }
        }

        func isSame(as other: FullChunk) -> Bool {
            switch (self, other) {
            case (.held(let a), .held(let b)): a === b
            case (.cold(let a), .cold(let b)): a.isSame(as: b)
            default: false
            }
        }
    }

    public init() {}

    public init<S: Sequence>(_ records: S) where S.Element == AuditRecord {
        append(contentsOf: records)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { chunks.count * AuditChunk.capacity + tail.count }

    public subscript(position: Int) -> AuditRecord {
        do {
            return try record(at: position)
        } catch {
            preconditionFailure("audit record \(position) is unreadable: \(error)")
        }
    }

    /// `chunk` read, for what cannot throw (the subscript, `==`): a damaged one stops the process, named.
    private static func readable(_ chunk: FullChunk) -> AuditChunk {
        do {
            return try chunk.read()
        } catch {
            preconditionFailure("an audit chunk is unreadable: \(error)")
        }
    }

    /// The record at `position`, its chunk read from its snapshot when the log left it there.
    public func record(at position: Int) throws -> AuditRecord {
        precondition(position >= 0 && position < endIndex, "AuditLog index out of range")
        let chunk = position / AuditChunk.capacity
        let within = position % AuditChunk.capacity
        return chunk < chunks.count ? try chunks[chunk].read()[within] : tail[within]
    }

    public mutating func append(_ record: AuditRecord) {
        tail.append(record)
        guard tail.count == AuditChunk.capacity else { return }
        var builder = AuditChunk.Builder()
        for record in tail { builder.append(record) }
        chunks.append(.held(builder.finish()))
        tail = AppendOnlyLog()
    }

    public mutating func append<S: Sequence>(contentsOf records: S) where S.Element == AuditRecord {
        for record in records { append(record) }
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        chunks.reserveCapacity(minimumCapacity / AuditChunk.capacity)
    }

    /// Hands `body` the records the account may read (rule 6), newest first, until it
    /// returns false. A cold chunk that names no record of the account is not read.
    func forEachVisible(to account: AccountID, _ body: (AuditRecord) throws -> Bool) throws {
        for record in tail.reversed() where record.accountId == account || record.involvedAccounts.contains(account) {
            guard try body(record) else { return }
        }
        for full in chunks.reversed() {
            if case .cold(let cold) = full, !cold.accounts.contains(account) { continue }
            let chunk = try full.read()
            for within in (0..<chunk.rows.count).reversed() where chunk.isVisible(at: within, to: account) {
                guard try body(chunk[within]) else { return }
            }
        }
    }

    /// Every record, oldest first, each cold chunk read once.
    public func forEachRecord(_ body: (AuditRecord) throws -> Void) throws {
        for full in chunks {
            let chunk = try full.read()
            for within in 0..<chunk.rows.count { try body(chunk[within]) }
        }
        for record in tail { try body(record) }
    }

    /// The first record whose sequence is `sequence`, found by halving over the chunks'
    /// first and last sequences (the log is in sequence order): one chunk read at most.
    public func record(withSequence sequence: UInt64) throws -> AuditRecord? {
        let c = chunks.partitionPoint { $0.lastSequence < sequence }
        guard c < chunks.count else {
            let at = tail.partitionPoint { $0.sequence < sequence }
            return at < tail.endIndex && tail[at].sequence == sequence ? tail[at] : nil
        }
        let chunk = try chunks[c].read()
        let at = chunk.rows.partitionPoint { $0.sequence < sequence }
        return at < chunk.rows.count && chunk.rows[at].sequence == sequence ? chunk[at] : nil
    }

    /// The newest record `matches` accepts, reading chunks from the newest back only as far as it.
    public func lastRecord(where matches: (AuditRecord) -> Bool) throws -> AuditRecord? {
        if let record = tail.last(where: matches) { return record }
        for full in chunks.reversed() {
            let chunk = try full.read()
            for within in (0..<chunk.rows.count).reversed() where matches(chunk[within]) { return chunk[within] }
        }
        return nil
    }

    /// The last record's sequence, read without reading a cold chunk.
    public var lastSequence: UInt64? {
        tail.last?.sequence ?? chunks.last?.lastSequence
    }

    /// Each pair of neighbouring records among the last `count` (and the one before them)
    /// whose sequences go down, in log order: what a cold chunk's were was found when it
    /// was opened, so none is read.
    func sequenceDescents(inTheLast count: Int) -> [(earlier: UInt64, later: UInt64)] {
        let from = Swift.max(1, endIndex - count)
        guard from < endIndex else { return [] }
        var out: [(earlier: UInt64, later: UInt64)] = []
        var position = from
        while position < endIndex {
            let c = position / AuditChunk.capacity
            let end = Swift.min(endIndex, (c + 1) * AuditChunk.capacity)
            if c < chunks.count, case .cold(let cold) = chunks[c] {
                let start = c * AuditChunk.capacity
                if position == start, sequence(at: start - 1) > cold.firstSequence {
                    out.append((sequence(at: start - 1), cold.firstSequence))
                }
                for descent in cold.descents where start + descent.position >= position && descent.position > 0 {
                    out.append((descent.earlier, descent.later))
                }
            } else {
                for p in position..<end where sequence(at: p - 1) > sequence(at: p) {
                    out.append((sequence(at: p - 1), sequence(at: p)))
                }
            }
            position = end
        }
        return out
    }

    /// A record's sequence from its row; of a cold chunk, only its first or last record's.
    private func sequence(at position: Int) -> UInt64 {
        let c = position / AuditChunk.capacity
        let within = position % AuditChunk.capacity
        guard c < chunks.count else { return tail[within].sequence }
        switch chunks[c] {
        case .held(let chunk): return chunk.rows[within].sequence
        case .cold(let cold):
            precondition(within == 0 || within == AuditChunk.capacity - 1, "a cold chunk's inner sequences are not held")
            return within == 0 ? cold.firstSequence : cold.lastSequence
        }
    }

    /// How many full chunks this log and `other` hold by the same reference (what a copy
    /// shares): the test that appending to a copy copies no chunk.
    func chunksShared(with other: AuditLog) -> Int {
        zip(chunks, other.chunks).filter { $0.isSame(as: $1) }.count
    }

    /// How many of the records after the full chunks sit in storage `other` holds too.
    func tailRecordsShared(with other: AuditLog) -> Int {
        tail.elementsShared(with: other.tail)
    }

    /// The full chunks, each `AuditChunk.capacity` records (what a snapshot writes whole).
    /// Reads each cold chunk that `written` (a copy of this log, older or the same) holds at
    /// the same place from `source` from now on, which numbers the chunks by their place in
    /// the log and holds the first `count`: a snapshot written from `written` holds them too.
    /// The source they were read from is then let go once nothing else holds it, so a process
    /// that runs for days does not keep every pruned snapshot's disk space.
    package mutating func readColdChunks(from source: any AuditChunkSource, holding count: Int, writtenFrom written: AuditLog) {
        for place in 0..<Swift.min(count, chunks.count, written.chunks.count) {
            guard case .cold(let cold) = chunks[place], chunks[place].isSame(as: written.chunks[place]) else { continue }
            chunks[place] = .cold(ColdAuditChunk(source: source, index: place, accounts: cold.accounts,
                                                 firstSequence: cold.firstSequence, lastSequence: cold.lastSequence,
                                                 descents: cold.descents))
        }
    }

    package var fullChunks: [FullChunk] { chunks }

    /// The full chunks the log holds (not those left cold): the tests of what a chunk costs.
    package var compactChunks: [AuditChunk] {
        chunks.compactMap { if case .held(let chunk) = $0 { chunk } else { nil } }
    }

    /// How many full chunks are left in their snapshot (what a measurement of the log's
    /// memory says is on disk).
    public var coldChunkCount: Int {
        chunks.count { if case .cold = $0 { true } else { false } }
    }

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
            log.chunks.append(.held(chunk.finish()))
            chunk = AuditChunk.Builder()
        }

        public mutating func reserveCapacity(_ records: Int) {
            log.reserveCapacity(records)
        }

        /// A full chunk read whole (a snapshot's); only before any record is appended, so
        /// every chunk but the last stays full.
        package mutating func append(_ full: AuditChunk) {
            precondition(chunk.count == 0, "a whole chunk follows whole chunks")
            log.chunks.append(.held(full))
        }

        /// A full chunk left in its snapshot, the same way.
        package mutating func append(cold: ColdAuditChunk) {
            precondition(chunk.count == 0, "a whole chunk follows whole chunks")
            log.chunks.append(.cold(cold))
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
    /// Record by record (a cold chunk read once from its snapshot); chunks shared by reference,
    /// or the same chunk of the same snapshot, are equal without reading them.
    public static func == (a: AuditLog, b: AuditLog) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a.chunks, b.chunks) where !x.isSame(as: y) {
            let (one, other) = (readable(x), readable(y))
            if !(0..<AuditChunk.capacity).allSatisfy({ one[$0] == other[$0] }) { return false }
        }
        return a.tail == b.tail
    }
}

extension AuditLog: CustomStringConvertible {
    public var description: String { Array(self).description }
}
