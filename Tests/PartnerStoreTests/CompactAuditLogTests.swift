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

        // The snapshot's audit section, as the plain records encode: the format is unchanged.
        var section = BinaryWriter(capacity: 1 << 20)
        section.writeArray(plain) { ModelCodec.write($1, &$0) }
        let bytes = section.finish()
        var framed = BinaryWriter(capacity: bytes.count + 8)
        framed.writeUInt64(UInt64(bytes.count))
        let sameSection = ModelSections.encode(model)[3] == framed.finish() + bytes
        #expect(sameSection)

        // Decoded from a snapshot (straight into chunks) and replayed from the journal.
        let decoded = try ModelCodec.decodeModel(ModelCodec.encode(model))
        var replayed = PartnerModel()
        for (i, record) in plain.enumerated() { replayed.apply(demo[i % demo.count], sequence: record.sequence) }
        let decodedSame = Array(decoded.auditLog) == plain, replayedSame = Array(replayed.auditLog) == plain
        #expect(decodedSame && replayedSame)
        #expect(ModelDigest.hex(decoded) == ModelDigest.hex(model) && ModelDigest.hex(replayed) == ModelDigest.hex(model))

        let filters = Self.filters(plain)
        for account in model.accounts.keys {
            let visible = plain.reversed().filter { $0.accountId == account || $0.involvedAccounts.contains(account) }
            for holder in [model, decoded] {
                // (Compared first, so a failure names the query, not thousands of records.)
                let sameVisible = holder.auditRecords(visibleTo: account) == visible
                #expect(sameVisible, "visible to \(account)")
                for filter in filters {
                    let same = holder.auditRecords(visibleTo: account, filter: filter) == Self.expected(plain, visibleTo: account, filter)
                    #expect(same, "visible to \(account), \(filter)")
                }
            }
        }
    }
}
