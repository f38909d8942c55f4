import Foundation
import PropertyBased
import Testing
@testable import PartnerCore

/// The audit log held as compact rows (`AuditLog`, `AuditChunk`): every record given back
/// is the one appended, to the byte, whichever way the log was built; a copy is shared, not
/// copied, by the appends after it; and a chunk holds its rows and text, not a record's
/// strings each.
struct AuditLogTests {
    /// Random records whose fields repeat as a real log's do (a few users, resources and
    /// partner lists), with texts that are empty, long, non-ASCII, control characters and
    /// spellings `String` calls equal but whose bytes differ ("é" and "e" + U+0301).
    struct Records {
        var random: SeededFreshValues
        let partners: [AccountID]

        init(seed: UInt64) {
            random = SeededFreshValues(seed: seed)
            var ids = SeededFreshValues(seed: seed ^ 0xA5A5)
            partners = (0..<60).map { _ in ids.id() }
        }

        static let pieces = [
            "", "a", "status: active", "commitmentEndDate: 2026-11-10", "Caf\u{E9}", "Cafe\u{301}", "東京都渋谷区 株式会社",
            "\u{0}\u{1}\t\n\r\u{7F}\u{1B}[0m", "👩‍👩‍👧‍👦", "quantity: 10; autoRenew: on", "Ünïcödé — “quotes”",
        ]

        mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }

        mutating func text() -> String {
            if random.next() % 1_999 == 0 { return String(repeating: "long é ", count: 9_000) }
            return (0..<Int(random.next() % 4)).map { _ in pick(Self.pieces) }.joined(separator: "; ")
        }

        mutating func next(sequence: UInt64) -> AuditRecord {
            let involved = random.next() % 5 == 0 ? [] : (0..<Int(random.next() % 40)).map { _ in pick(partners) }
            return AuditRecord(
                sequence: sequence,
                operationDate: Date(timeIntervalSinceReferenceDate: Double(Int64(bitPattern: random.next())) / 3e9),
                userPrincipalName: pick(["ana@contoso.example", "Caf\u{E9}@x.example", "Cafe\u{301}@x.example", "", "ü"]),
                accountId: random.next() % 4 == 0 ? nil : pick(partners), operationType: pick(OperationType.allCases),
                resourceName: random.next() % 3 == 0 ? text() : pick(["Contoso", "Caf\u{E9} Ltd", "Cafe\u{301} Ltd", ""]),
                customerId: random.next() % 3 == 0 ? nil : random.id(), oldValue: text(), newValue: text(),
                involvedAccounts: involved)
        }
    }

    /// `==` on records compares strings by canonical equivalence; an export must give the
    /// bytes that were written, so texts are compared as UTF-8.
    static func sameBytes(_ a: AuditRecord, _ b: AuditRecord) -> Bool {
        a == b && [(a.userPrincipalName, b.userPrincipalName), (a.resourceName, b.resourceName),
                   (a.oldValue, b.oldValue), (a.newValue, b.newValue)].allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    static func expectSame(_ log: AuditLog, _ records: [AuditRecord], _ what: String) {
        #expect(log.count == records.count, "\(what): count")
        let differing = zip(log, records).enumerated().first { !sameBytes($1.0, $1.1) }
        #expect(differing == nil, "\(what): record \(differing?.offset ?? -1) differs: \(String(describing: differing?.element))")
    }

    @Test func recordsComeBackAsAppendedAndCopiesStayAsTheyWere() async {
        await propertyCheck(count: 20, input: Gen<UInt64>.value()) { seed in
            var records = Records(seed: seed)
            var log = AuditLog(), appended: [AuditRecord] = []
            var frozen: [(AuditLog, [AuditRecord])] = []
            // Runs long enough to cross several chunk boundaries (1,024 records each).
            for _ in 0..<Int(records.random.next() % 6) {
                for _ in 0..<Int(records.random.next() % 900) {
                    let record = records.next(sequence: UInt64(appended.count))
                    log.append(record)
                    appended.append(record)
                }
                if records.random.next() % 2 == 0 { frozen.append((log, appended)) }
            }
            Self.expectSame(log, appended, "appended")
            Self.expectSame(AuditLog(appended.reversed().reversed()), appended, "made from a sequence")
            #expect(log == AuditLog(appended))
            #expect(Array(log.reversed()).elementsEqual(appended.reversed(), by: Self.sameBytes))
            for (copy, expected) in frozen {
                Self.expectSame(copy, expected, "a copy")
                #expect((copy == log) == (expected.count == appended.count))
            }
        }
    }

    /// The snapshot decode's path: fields and value texts as bytes, straight into chunks.
    @Test func aLogBuiltFromFieldsAndBytesEqualsTheAppendedOne() async {
        await propertyCheck(count: 20, input: Gen<UInt64>.value(), Gen<Int>.int(in: 0...3_100)) { seed, count in
            var records = Records(seed: seed)
            let appended = (0..<count).map { records.next(sequence: UInt64($0)) }
            var builder = AuditLog.Builder()
            for record in appended {
                var old = record.oldValue, new = record.newValue
                old.withUTF8 { o in new.withUTF8 { n in builder.append(record, oldValue: o, newValue: n) } }
            }
            let built = builder.finish()
            Self.expectSame(built, appended, "built")
            #expect(built == AuditLog(appended))
            var grown = built, more = appended
            for n in 0..<1_100 {
                let record = records.next(sequence: UInt64(count + n))
                grown.append(record)
                more.append(record)
            }
            Self.expectSame(grown, more, "built, then appended to")
        }
    }

    /// What `forEachVisible` hands over, all of it; a read that fails is the test's failure.
    static func visible(_ log: AuditLog, to account: AccountID) -> [AuditRecord] {
        var seen: [AuditRecord] = []
        do {
            try log.forEachVisible(to: account) { seen.append($0); return true }
        } catch {
            Issue.record("reading the log failed: \(error)")
        }
        return seen
    }

    @Test func visibleRecordsAreTheRecordsThatNameTheAccountNewestFirst() async {
        await propertyCheck(count: 15, input: Gen<UInt64>.value(), Gen<Int>.int(in: 0...2_500)) { seed, count in
            var records = Records(seed: seed)
            let appended = (0..<count).map { records.next(sequence: UInt64($0)) }
            let log = AuditLog(appended)
            for account in records.partners.prefix(8) {
                let expected = appended.reversed().filter { $0.accountId == account || $0.involvedAccounts.contains(account) }
                #expect(Self.visible(log, to: account).elementsEqual(expected, by: Self.sameBytes))
            }
        }
    }

    /// A snapshot's freeze copies the model: the next append shares every full chunk by
    /// reference and copies at most a piece of the records after them.
    @Test func appendingToACopyCopiesNoChunk() {
        var records = Records(seed: 5)
        for size in [5_000, 5_119, 5_120, 1, 1_023, 1_024, 1_025] {
            var appended = (0..<size).map { records.next(sequence: UInt64($0)) }
            var log = AuditLog(appended)
            let frozen = log
            let record = records.next(sequence: UInt64(size))
            log.append(record)
            #expect(log.chunksShared(with: frozen) == size / AuditChunk.capacity, "after \(size)")
            // The append that fills a chunk makes it compact, once in 1,024: nothing after it is left to share.
            let tail = size % AuditChunk.capacity
            if tail + 1 < AuditChunk.capacity {
                #expect(log.tailRecordsShared(with: frozen) >= tail - 31, "appending after \(size) copied more than a piece")
            }
            Self.expectSame(frozen, appended, "the copy after \(size)")
            appended.append(record)
            Self.expectSame(log, appended, "the log after \(size)")
        }
    }

    /// What a full chunk holds, counted from its arrays: its rows at 40 bytes, its value
    /// texts as bytes once, and one entry per distinct principal, resource, account,
    /// customer and partner list, where records held two strings and a list each.
    @Test func aChunkHoldsItsRowsItsTextAndItsDistinctValues() {
        var records = Records(seed: 9)
        let appended = (0..<3 * AuditChunk.capacity).map { records.next(sequence: UInt64($0)) }
        let log = AuditLog(appended)
        #expect(MemoryLayout<AuditChunk.Row>.stride == 40)
        #expect(log.compactChunks.count == 3)
        for (c, chunk) in log.compactChunks.enumerated() {
            let mine = appended[c * AuditChunk.capacity..<(c + 1) * AuditChunk.capacity]
            #expect(chunk.rows.count == AuditChunk.capacity)
            #expect(chunk.text.count == mine.reduce(0) { $0 + $1.oldValue.utf8.count + $1.newValue.utf8.count })
            #expect(chunk.principals.count == Set(mine.map { Array($0.userPrincipalName.utf8) }).count)
            #expect(chunk.resources.count == Set(mine.map { Array($0.resourceName.utf8) }).count)
            #expect(chunk.involved.count == Set(mine.map(\.involvedAccounts)).count)
            #expect(chunk.customers.count == Set(mine.map(\.customerId)).count)
        }
    }
}
