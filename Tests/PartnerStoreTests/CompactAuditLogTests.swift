import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// The audit log held as compact rows changes nothing anyone reads: for one journal, the
/// records, the snapshot's audit section (byte for byte), the digest and every audit query
/// are what the transactions' records, kept the plain way, give.
struct CompactAuditLogTests {
    /// The record `apply` makes for the transaction at `sequence`, as a plain value.
    static func plainRecord(_ t: Transaction, sequence: UInt64) -> AuditRecord {
        AuditRecord(
            sequence: sequence, operationDate: t.date, userPrincipalName: t.userPrincipalName, accountId: t.accountId,
            operationType: t.audit.operationType, resourceName: t.audit.resourceName, customerId: t.audit.customerId,
            oldValue: t.audit.oldValue, newValue: t.audit.newValue, involvedAccounts: t.audit.involvedAccounts)
    }

    static func filters(_ records: [AuditRecord]) -> [AuditFilter] {
        let users = Set(records.map(\.userPrincipalName)).sorted().prefix(3)
        let customers = records.compactMap(\.customerId).prefix(3)
        return [AuditFilter(), AuditFilter(limit: 7), AuditFilter(operationType: .renew_subscription),
                AuditFilter(operationType: .create_order, limit: 40)]
            + users.map { AuditFilter(userPrincipalName: $0.uppercased()) }
            + customers.map { AuditFilter(customerId: $0) }
    }

    static func expected(_ records: [AuditRecord], visibleTo account: AccountID, _ f: AuditFilter) -> [AuditRecord] {
        let matching = records.reversed().filter { r in
            (r.accountId == account || r.involvedAccounts.contains(account))
                && (f.userPrincipalName.map { $0.lowercased() == r.userPrincipalName.lowercased() } ?? true)
                && (f.operationType.map { $0 == r.operationType } ?? true) && (f.customerId.map { $0 == r.customerId } ?? true)
        }
        return Array(matching.prefix(f.limit ?? .max))
    }

    @Test func recordsSectionDigestAndQueriesAreTheJournalsPlainRecords() throws {
        // The demo's journal applied over and over, so that the log spans full chunks and a partial one.
        let demo = try TestWorlds.demo().transactions
        var model = PartnerModel(), plain: [AuditRecord] = []
        for _ in 0..<(1_100 / demo.count + 2) {
            for transaction in demo {
                model.apply(transaction, sequence: model.lastSequence + 1)
                plain.append(Self.plainRecord(transaction, sequence: model.lastSequence))
            }
        }
        #expect(model.auditLog.count > 1_024, "the log spans a chunk and a partial one")
        let differing = zip(model.auditLog, plain).enumerated().first { $1.0 != $1.1 }
        #expect(model.auditLog.count == plain.count && differing == nil, "record \(differing?.offset ?? -1): \(String(describing: differing?.element))")

        // Format 8's audit section, as the plain records encode: writing an older format
        // still gives its bytes.
        var section = BinaryWriter(capacity: 1 << 20)
        section.writeArray(plain) { ModelCodec.write($1, &$0) }
        let bytes = section.finish()
        var framed = BinaryWriter(capacity: bytes.count + 8)
        framed.writeUInt64(UInt64(bytes.count))
        let sameSection = try ModelSections.encode(model, version: 8)[3] == framed.finish() + bytes
        #expect(sameSection)
        let olderFormat = try ModelCodec.decodeModel(Array(ModelSections.encode(model, version: 8).joined()), version: 8)
        #expect(try Array(olderFormat.auditLog) == plain && ModelDigest.hex(olderFormat) == ModelDigest.hex(model))

        // Decoded from a snapshot (straight into chunks) and replayed from the journal.
        let decoded = try ModelCodec.decodeModel(ModelCodec.encode(model))
        var replayed = PartnerModel()
        for (i, record) in plain.enumerated() { replayed.apply(demo[i % demo.count], sequence: record.sequence) }
        let decodedSame = Array(decoded.auditLog) == plain, replayedSame = Array(replayed.auditLog) == plain
        #expect(decodedSame && replayedSame)
        #expect(try ModelDigest.hex(decoded) == ModelDigest.hex(model) && ModelDigest.hex(replayed) == ModelDigest.hex(model))

        let filters = Self.filters(plain)
        for account in model.accounts.keys {
            let visible = plain.reversed().filter { $0.accountId == account || $0.involvedAccounts.contains(account) }
            for holder in [model, decoded] {
                // (Compared first, so a failure names the query, not thousands of records.)
                let sameVisible = try holder.auditRecords(visibleTo: account) == visible
                #expect(sameVisible, "visible to \(account)")
                for filter in filters {
                    let same = try holder.auditRecords(visibleTo: account, filter: filter) == Self.expected(plain, visibleTo: account, filter)
                    #expect(same, "visible to \(account), \(filter)")
                }
            }
        }
    }

    /// From format 9 the section holds each full chunk as the model does (its tables, text
    /// and rows) and then the records after it: every length of log round-trips record for
    /// record, digest for digest, and the section is smaller than format 8's.
    @Test(arguments: [0, 1, 1_023, 1_024, 1_025, 2_048 + 700])
    func theChunkedSectionRoundTripsEveryLengthOfLog(records: Int) throws {
        let demo = try TestWorlds.demo().transactions
        var model = PartnerModel()
        var sequence: UInt64 = 0
        while model.auditLog.count < records {
            sequence += 1
            model.apply(demo[Int(sequence - 1) % demo.count], sequence: sequence)
        }
        let decoded = try ModelCodec.decodeModel(ModelCodec.encode(model))
        #expect(decoded.auditLog.count == model.auditLog.count)
        let same = Array(decoded.auditLog) == Array(model.auditLog)
        #expect(same)
        #expect(try ModelDigest.hex(decoded) == ModelDigest.hex(model))
        #expect(decoded.auditLog.compactChunks.count == model.auditLog.count / 1_024)
        if model.auditLog.count >= 1_024 {
            #expect(try ModelSections.encode(model)[3].count < ModelSections.encode(model, version: 8)[3].count)
        }
    }

    /// A chunk whose row names a table entry, a text or an operation it does not hold is
    /// the snapshot's damage, named, never a trap: every byte of a chunk's rows changed in
    /// turn either decodes (a sequence, a date) or is refused.
    @Test func aChunkRowPointingPastItsTablesIsMalformed() throws {
        let demo = try TestWorlds.demo().transactions
        var model = PartnerModel()
        var sequence: UInt64 = 0
        while model.auditLog.count < 1_024 {
            sequence += 1
            model.apply(demo[Int(sequence - 1) % demo.count], sequence: sequence)
        }
        var section = BinaryWriter(capacity: 1 << 20)
        try ModelCodec.writeAuditLog(model.auditLog, &section)
        let bytes = section.finish()
        let rowsStart = bytes.count - 1_024 * 40
        var refused = 0
        for offset in rowsStart..<rowsStart + 40 {
            var damaged = bytes
            damaged[offset] = 0xFF
            var reader = BinaryReader(damaged)
            do {
                _ = try ModelCodec.readAuditLog(&reader)
            } catch let StoreError.malformed(_, reason) {
                refused += 1
                #expect(!reason.isEmpty)
            }
        }
        // The indexes (10 bytes), the text lengths' high bytes and the operation and
        // status bytes all point past what the chunk holds.
        #expect(refused >= 12)
    }
}
