import Foundation
import PropertyBased
import Testing
@testable import PartnerCore

/// An audit log whose full chunks are left in their source (`ColdAuditChunk`, what a store's
/// open makes of a snapshot's chunks) reads as the log held whole: every record, the
/// visibility scan, the search by sequence, the sequence invariant's findings, copies and
/// appends; it reads a chunk only when one of its records is asked for, and a chunk that
/// cannot be read is an error, never a record.
struct ColdAuditLogTests {
    typealias Records = AuditLogTests.Records

    /// Chunks kept aside, as a snapshot file keeps them; `damaged` makes every read fail.
    final class HeldAside: AuditChunkSource, @unchecked Sendable {
        struct Damaged: Error {}
        let chunks: [AuditChunk]
        private let lock = NSLock()
        private var damagedNow = false
        private var readsSoFar: [Int] = []

        init(_ chunks: [AuditChunk]) { self.chunks = chunks }

        var damaged: Bool {
            get { lock.withLock { damagedNow } }
            set { lock.withLock { damagedNow = newValue } }
        }
        var reads: [Int] { lock.withLock { readsSoFar } }

        func chunk(_ index: Int) throws -> AuditChunk {
            try lock.withLock {
                guard !damagedNow else { throw Damaged() }
                readsSoFar.append(index)
                return chunks[index]
            }
        }
    }

    /// `log` with every full chunk left in a `HeldAside`, summed up as a store's open sums
    /// up a snapshot's chunk.
    static func cold(_ log: AuditLog) -> (AuditLog, HeldAside) {
        let source = HeldAside(log.compactChunks)
        var builder = AuditLog.Builder()
        let numbering = NamedAccounts.Numbering()
        for (index, chunk) in source.chunks.enumerated() {
            let sequences = chunk.rows.map(\.sequence)
            let descents = sequences.indices.dropFirst().filter { sequences[$0 - 1] > sequences[$0] }.map {
                ColdAuditChunk.Descent(position: $0, earlier: sequences[$0 - 1], later: sequences[$0])
            }
            builder.append(cold: ColdAuditChunk(
                source: source, index: index,
                accounts: NamedAccounts(Set(chunk.accounts.compactMap { $0 } + chunk.involved.joined()), numbering: numbering),
                firstSequence: sequences[0], lastSequence: sequences[sequences.count - 1], descents: descents))
        }
        for record in log.recordsAfterChunks {
            var old = record.oldValue, new = record.newValue
            old.withUTF8 { o in new.withUTF8 { n in builder.append(record, oldValue: o, newValue: n) } }
        }
        return (builder.finish(), source)
    }

    /// Sequences that mostly rise, some shared (an import's rows) and now and then one that
    /// goes down (what the invariant reports), so chunks have descents inside and across.
    static func records(_ count: Int, seed: UInt64, descending: Bool) -> [AuditRecord] {
        var records = Records(seed: seed)
        var sequence: UInt64 = 100
        return (0..<count).map { _ in
            let step = records.random.next() % 50
            if descending && step == 0 { sequence -= 3 } else if step > 5 { sequence += 1 }
            return records.next(sequence: sequence)
        }
    }

    static func visible(_ log: AuditLog, to account: AccountID) throws -> [AuditRecord] {
        var seen: [AuditRecord] = []
        try log.forEachVisible(to: account) { seen.append($0); return true }
        return seen
    }

    static func descents(_ log: AuditLog, _ count: Int) -> [String] {
        log.sequenceDescents(inTheLast: count).map { "\($0.earlier)>\($0.later)" }
    }

    @Test func aColdLogReadsAsTheLogHeldWhole() async throws {
        await propertyCheck(count: 12, input: Gen<UInt64>.value(), Gen<Int>.int(in: 0...5_200), Gen<Bool>.bool) { seed, count, descending in
            let appended = Self.records(count, seed: seed, descending: descending)
            let held = AuditLog(appended)
            let (cold, source) = Self.cold(held)
            #expect(cold.coldChunkCount == count / AuditChunk.capacity)
            #expect(source.reads.isEmpty, "making the log reads no chunk")
            AuditLogTests.expectSame(cold, appended, "cold")
            #expect(cold == held)
            var every: [AuditRecord] = []
            try cold.forEachRecord { every.append($0) }
            #expect(every.elementsEqual(appended, by: AuditLogTests.sameBytes))
            for position in [0, count / 2, count - 1] where position >= 0 && position < count {
                #expect(try AuditLogTests.sameBytes(cold.record(at: position), appended[position]))
            }
            // What the invariant finds comes from each cold chunk's summary, not its rows.
            let before = source.reads.count
            for last in [0, 1, 5, 1_023, 1_024, 1_025, 3_000, count] {
                #expect(Self.descents(cold, last) == Self.descents(held, last), "the last \(last)")
            }
            #expect(cold.lastSequence == appended.last?.sequence)
            #expect(source.reads.count == before, "the invariant's findings read no chunk")
            // A search by sequence halves a log in sequence order (one whose sequences go down is broken).
            for sequence in Set(appended.map(\.sequence)).sorted().prefix(40) + [0, 99_999] where !descending {
                let expected = appended.first { $0.sequence == sequence }
                let found = try cold.record(withSequence: sequence)
                #expect(found.map(\.sequence) == expected.map(\.sequence))
                #expect(zip([found].compactMap { $0 }, [expected].compactMap { $0 }).allSatisfy(AuditLogTests.sameBytes))
            }
            for account in Records(seed: seed).partners.prefix(6) {
                let same = try Self.visible(cold, to: account).elementsEqual(Self.visible(held, to: account), by: AuditLogTests.sameBytes)
                #expect(same)
            }
        }
    }

    /// A frozen copy stays as it was while the log it was taken from grows, and both share
    /// every cold chunk; the records appended after the open become held chunks.
    @Test func copiesAndAppendsAfterTheOpen() throws {
        let appended = Self.records(3_500, seed: 4, descending: false)
        let (opened, _) = Self.cold(AuditLog(appended))
        var log = opened
        let frozen = log
        var more = appended
        var records = Records(seed: 44)
        for _ in 0..<1_700 {
            let record = records.next(sequence: (more.last?.sequence ?? 0) + 1)
            log.append(record)
            more.append(record)
        }
        AuditLogTests.expectSame(frozen, appended, "the frozen copy")
        AuditLogTests.expectSame(log, more, "the log appended to")
        #expect(log.chunksShared(with: frozen) == 3)
        #expect(log.coldChunkCount == 3 && log.compactChunks.count == 2)
        #expect(Self.descents(log, log.count) == [])
    }

    /// Newest first, a log reads back only as far as it is asked, and a reseller's scan
    /// leaves unread every chunk that never names it.
    @Test func theNewestRecordsAndAnotherAccountsChunksReadLittle() throws {
        var records = Records(seed: 8)
        let stranger = Records(seed: 99).partners[0]
        var appended = (0..<4_096).map { records.next(sequence: UInt64($0)) }
        // The stranger is named in the second chunk alone.
        appended[1_500].accountId = stranger
        let (cold, source) = Self.cold(AuditLog(appended))
        var first: AuditRecord?
        try cold.forEachVisible(to: appended[4_095].accountId ?? records.partners[0]) { first = $0; return false }
        #expect(first != nil && source.reads.count <= 1)
        let theirs = try Self.visible(cold, to: stranger)
        #expect(theirs.count == 1 && theirs.first.map { AuditLogTests.sameBytes($0, appended[1_500]) } == true)
        #expect(source.reads.suffix(1) == [1], "only the chunk that names the stranger")
    }

    /// A chunk that cannot be read (its file damaged after the open) is the source's error
    /// at every throwing read, never a record; what the log holds of it still answers.
    @Test func aChunkThatCannotBeReadIsAnErrorNotARecord() throws {
        let appended = Self.records(2_100, seed: 12, descending: false)
        let (cold, source) = Self.cold(AuditLog(appended))
        source.damaged = true
        #expect(throws: HeldAside.Damaged.self) { try cold.record(at: 5) }
        #expect(throws: HeldAside.Damaged.self) { try cold.forEachRecord { _ in } }
        #expect(throws: HeldAside.Damaged.self) { try cold.record(withSequence: appended[10].sequence) }
        let everyone = Set(appended.compactMap(\.accountId))
        for account in everyone.prefix(5) {
            #expect(throws: HeldAside.Damaged.self) { try Self.visible(cold, to: account) }
        }
        // The records after the chunks, and the summaries, need no read.
        #expect(try AuditLogTests.sameBytes(cold.record(at: 2_099), appended[2_099]))
        #expect(cold.lastSequence == appended.last?.sequence)
        #expect(Self.descents(cold, cold.count) == [])
    }
}
