import Foundation
import PartnerCore

/// The binary layout of the model (snapshot payloads) and of transactions
/// (journal payloads), written by hand over `BinaryWriter`/`BinaryReader`:
/// Codable and JSON are an order of magnitude too slow for a 200k-customer
/// snapshot (JSON took 5–6 s each way at 200k customers). Enum cases are stored as the
/// numbers in `WireNumbers` (one table per enum, used both ways), never derived from
/// declaration order, so reordering a Swift enum cannot
/// change the meaning of stored bytes. A new field or case means a new format
/// version and a new branch in the version switches below, never an edit in place.
public enum ModelCodec {
    /// Version of the snapshot payload layout written now. Version 2 is version 1's
    /// layout with two more operation types in the audit log (19 resubmit_enrollment,
    /// 20 end_partner_relationship): a build that knows only version 1 says the file is
    /// newer instead of calling an unknown code corruption. Version 3 gives each
    /// subscription its term's start and what is scheduled for its renewal (after the
    /// commitment end and auto-renew), and four operation types (21–24, rule 11).
    /// Version 4 has version 3's layout, but several audit records may share a sequence
    /// (the transactions of one record of type 4, an import): a version 3 build would take
    /// that for a broken invariant, so it is told the file is newer instead.
    /// Version 5 is version 4 followed by a check mark (`ModelCheckMark`): whether the
    /// model held every invariant when it was written, which spares an open the check.
    /// Version 6 is version 5 followed by a `SubscriptionSummary` (the earliest live term
    /// end and each customer's subscription tally), so an open may leave the orders and
    /// subscriptions unread (`DeferredSections.ordersAndSubscriptions`).
    /// Version 7's summary also says where each customer's subscriptions and each live term
    /// end are in the subscriptions section, so such an open can take in replayed
    /// subscription updates and decide renewals by decoding only the subscriptions involved.
    /// Version 8's payload is version 7's; its file has a section table between the header
    /// and the payload, with a checksum for each block of each section (`SnapshotSectionTable`),
    /// so an open reads and checks only the sections it decodes.
    /// Version 9 writes the audit log section by chunk (`writeAuditLog`): each full chunk's
    /// tables, text and fixed-width rows as the model holds them.
    /// Version 10 follows the subscription summary with `CustomerPlaces` (where each
    /// partner's customers are in the customers section), so a listing of one reseller's
    /// customers decodes only those (`DeferredSections.customers`).
    /// Version 11 follows them with `SubscriptionPlaces` (where each subscription is, by
    /// id), so an update of one subscription decodes only it and its customer.
    public static let currentVersion: UInt32 = 11
    /// Snapshot payload versions this build reads (current and previous).
    public static let readableVersions: ClosedRange<UInt32> = 1...currentVersion
    /// Journal record type of one transaction as written now (version 3's values); types
    /// 1 and 2 are still read. A later layout gets a new record type, so old and new
    /// records can share a journal.
    public static let transactionRecordType: UInt8 = wire.journalRecordTypes.number(of: .transaction)
    /// Journal record type of many transactions journaled as one record (`encode(oneRecord:)`).
    public static let transactionsRecordType: UInt8 = wire.journalRecordTypes.number(of: .transactions)

    // MARK: Model

    public static func encode(_ model: PartnerModel) throws -> [UInt8] {
        Array(try encodeParts(model).joined())
    }

    /// The payload in pieces whose concatenation is `encode(model)`, made on
    /// several cores; a snapshot writes them one after another without joining.
    /// Marked unchecked: an open checks the whole model.
    /// A model whose audit log left chunks in a snapshot file (a store's open) reads them from
    /// it, and throws the damage when one cannot be read (nothing is written then).
    public static func encodeParts(_ model: PartnerModel) throws -> [[UInt8]] {
        try ModelSections.encode(model)
    }

    /// `encodeParts` with `mark`; `inBackground`, on lowered threads of its own, for a
    /// snapshot written while others work. Throws when an audit chunk the model left in
    /// its snapshot cannot be read from it (the snapshot is then not written).
    static func encodeParts(_ model: PartnerModel, mark: ModelCheckMark, inBackground: Bool) throws -> [[UInt8]] {
        try ModelSections.encode(model, inBackground: inBackground, mark: mark)
    }

    public static func decodeModel(
        _ bytes: [UInt8], version: UInt32 = currentVersion, checkingUniqueness: Bool = false
    ) throws -> PartnerModel {
        var reader = BinaryReader(bytes)
        return try decodeModel(&reader, version: version, checkingUniqueness: checkingUniqueness)
    }

    /// Reads a whole payload; trailing bytes are an error. `checkingUniqueness`
    /// costs about a third of the decoding time on a large model; see `requireUnique`.
    /// (Opening uses `beginDecodingModel`, which shows a first frame before the end.)
    public static func decodeModel(
        _ r: inout BinaryReader, version: UInt32, checkingUniqueness: Bool = false
    ) throws -> PartnerModel {
        switch version {
        case readableVersions:
            return try decodeModelV1(&r, version: version, checkingUniqueness: checkingUniqueness)
        default:
            throw StoreError.malformed(offset: r.offset, reason: "model format \(version) is not readable (reads \(readableVersions))")
        }
    }

    private static func decodeModelV1(_ r: inout BinaryReader, version: UInt32, checkingUniqueness: Bool) throws -> PartnerModel {
        let (s, lastSequence) = try ModelSections.decode(&r, version: version)
        if checkingUniqueness {
            try requireUnique(s.accounts.map(\.id), "account", r.offset)
            try requireUnique(s.users.map(\.id), "user", r.offset)
            try requireUnique(s.profiles.map(\.mpnId), "membership profile", r.offset)
            try requireUnique(s.changeRequests.map(\.id), "profile change request", r.offset)
            try requireUnique(s.invitations.map(\.id), "invitation", r.offset)
            try requireUnique(s.partnerships.map(\.id), "partnership", r.offset)
            if let id = s.customers.firstDuplicate { throw duplicate("customer", id, r.offset) }
            if let id = s.firstDuplicateOrder { throw duplicate("order", id, r.offset) }
            if let id = s.subscriptions.firstDuplicate { throw duplicate("subscription", id, r.offset) }
        }
        return s.assemble(lastSequence: lastSequence)
    }

    /// `PartnerModel.init` traps on duplicate keys. Our encoder writes dictionary
    /// values, so a payload that passed its checksum has none; only a crafted
    /// file could. `partnerdash check` looks; opening does not, to stay fast.
    private static func duplicate(_ what: String, _ key: Ident, _ offset: Int) -> StoreError {
        .malformed(offset: offset, reason: "\(what) \(key) appears twice")
    }

    private static func requireUnique<K: Hashable>(_ keys: [K], _ what: String, _ offset: Int) throws {
        var seen = Set<K>(minimumCapacity: keys.count)
        for key in keys where !seen.insert(key).inserted {
            throw StoreError.malformed(offset: offset, reason: "\(what) \(key) appears twice")
        }
    }

    // MARK: Transactions

    public static func encode(_ transaction: Transaction) -> JournalEntry {
        var w = BinaryWriter(capacity: 256)
        write(transaction, &w)
        return JournalEntry(type: transactionRecordType, payload: w.finish())
    }

    /// One record holding all of `transactions` (a varint count, then each in type 3's
    /// layout), so that a crash keeps all of them or none: a torn record is discarded whole.
    /// They are one command's, by one user (the PostgreSQL actor column is one per record).
    public static func encode(oneRecord transactions: [Transaction]) -> JournalEntry {
        precondition(!transactions.isEmpty, "a record of no transactions")
        precondition(Set(transactions.map(\.userPrincipalName)).count == 1, "a record's transactions are by one user")
        var w = BinaryWriter(capacity: 256 * transactions.count)
        w.writeArray(transactions) { write($1, &$0) }
        return JournalEntry(type: transactionsRecordType, payload: w.finish())
    }

    /// The records `transactions` decided together are journaled as: one each, or one for all.
    public static func entries(_ transactions: [Transaction], asOneRecord: Bool) -> [JournalEntry] {
        asOneRecord ? [encode(oneRecord: transactions)] : transactions.map(encode)
    }

    /// Decodes a journal record of one transaction (types 1–3).
    public static func decodeTransaction(_ record: JournalRecord) throws -> Transaction {
        let transactions = try decodeTransactions(record)
        guard transactions.count == 1, let transaction = transactions.first else {
            throw StoreError.malformed(offset: 0, reason: "journal record \(record.sequence) holds \(transactions.count) transactions, not one")
        }
        return transaction
    }

    /// Decodes any journal record into the transactions it holds, all applied at its
    /// sequence; a type this build does not know was written by a newer one.
    public static func decodeTransactions(_ record: JournalRecord) throws -> [Transaction] {
        var r = BinaryReader(record.payload)
        let transactions: [Transaction]
        switch wire.journalRecordTypes.value(of: record.type) {
        case .transactionVersion1?, .transactionVersion2?, .transaction?:
            transactions = [try readTransaction(&r, layout: SubscriptionLayout(recordType: record.type))]
        case .transactions?:
            transactions = try r.readArray { try readTransaction(&$0) }
            guard let first = transactions.first else {
                throw StoreError.malformed(offset: 0, reason: "journal record \(record.sequence) of type \(record.type) holds no transaction")
            }
            if let other = transactions.first(where: { $0.userPrincipalName != first.userPrincipalName }) {
                throw StoreError.malformed(offset: 0, reason: "journal record \(record.sequence) mixes the transactions of \(first.userPrincipalName) and \(other.userPrincipalName)")
            }
        case nil:
            throw StoreError.malformed(
                offset: 0,
                reason: "journal record \(record.sequence) has type \(record.type), which this partnerdash does not know (it reads types \(readableRecordTypes)); it was written by a newer version")
        }
        try r.expectEnd("transaction \(record.sequence)")
        return transactions
    }

    /// The record types this build reads, for the message about a newer one.
    static var readableRecordTypes: String {
        wire.journalRecordTypes.pairs.map { String($0.number) }.joined(separator: ", ")
    }
}
