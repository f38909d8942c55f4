import Foundation
import PartnerCore

/// The binary layout of the model (snapshot payloads) and of transactions
/// (journal payloads), written by hand over `BinaryWriter`/`BinaryReader`:
/// Codable and JSON are an order of magnitude too slow for a 200k-customer
/// snapshot (see ENGINEERING.md). Enum cases are given explicit numbers here,
/// never derived from declaration order, so reordering a Swift enum cannot
/// change the meaning of stored bytes. A new field or case means a new format
/// version and a new branch in the version switches below, never an edit in place.
public enum ModelCodec {
    /// Version of the snapshot payload layout written now.
    public static let currentVersion: UInt32 = 1
    /// Snapshot payload versions this build reads (current and previous).
    public static let readableVersions: ClosedRange<UInt32> = 1...currentVersion
    /// Journal record type of one transaction in the version 1 layout. A later
    /// layout gets a new record type, so old and new records can share a journal.
    public static let transactionRecordType: UInt8 = 1

    // MARK: Model

    public static func encode(_ model: PartnerModel) -> [UInt8] {
        // About 0.5 KB per customer with its subscriptions: reserve to avoid regrowing a large buffer.
        var w = BinaryWriter(capacity: 4096 + model.customers.count * 400 + model.subscriptions.count * 120
            + model.auditLog.count * 150)
        w.writeArray(model.accounts.values) { write($1, &$0) }
        w.writeArray(model.users.values) { write($1, &$0) }
        w.writeArray(model.membershipProfiles.values) { write($1, &$0) }
        w.writeArray(model.listings) { w, entry in
            write(entry.key, &w)
            w.writeArray(entry.value) { write($1, &$0) }
        }
        w.writeArray(model.changeRequests.values) { write($1, &$0) }
        w.writeArray(model.invitations.values) { write($1, &$0) }
        w.writeArray(model.partnerships.values) { write($1, &$0) }
        w.writeArray(model.customers.values) { write($1, &$0) }
        w.writeArray(model.orders.values) { write($1, &$0) }
        w.writeArray(model.subscriptions.values) { write($1, &$0) }
        w.writeArray(model.auditLog) { write($1, &$0) }
        w.writeUInt64(model.lastSequence)
        return w.finish()
    }

    public static func decodeModel(_ bytes: [UInt8], version: UInt32 = currentVersion) throws -> PartnerModel {
        var reader = BinaryReader(bytes)
        return try decodeModel(&reader, version: version)
    }

    /// Reads a whole payload; trailing bytes are an error.
    public static func decodeModel(_ r: inout BinaryReader, version: UInt32) throws -> PartnerModel {
        switch version {
        case 1:
            return try decodeModelV1(&r)
        default:
            throw StoreError.malformed(offset: r.offset, reason: "model format \(version) is not readable (reads \(readableVersions))")
        }
    }

    private static func decodeModelV1(_ r: inout BinaryReader) throws -> PartnerModel {
        let accounts = try r.readArray(readAccount)
        let users = try r.readArray(readUser)
        let profiles = try r.readArray(readMembershipProfile)
        let listingPairs = try r.readArray { r in (try readIdent(&r), try r.readArray(readListingLocation)) }
        let changeRequests = try r.readArray(readChangeRequest)
        let invitations = try r.readArray(readInvitation)
        let partnerships = try r.readArray(readPartnership)
        let customers = try r.readArray(readCustomer)
        let orders = try r.readArray(readOrder)
        let subscriptions = try r.readArray(readSubscription)
        let auditLog = try r.readArray(readAuditRecord)
        let lastSequence = try r.readUInt64()
        try r.expectEnd("the model")
        var listings: [AccountID: [ListingLocation]] = [:]
        listings.reserveCapacity(listingPairs.count)
        for (id, locations) in listingPairs { listings[id] = locations }
        try requireUnique(accounts.map(\.id), "account", r.offset)
        try requireUnique(users.map(\.id), "user", r.offset)
        try requireUnique(profiles.map(\.mpnId), "membership profile", r.offset)
        try requireUnique(changeRequests.map(\.id), "profile change request", r.offset)
        try requireUnique(invitations.map(\.id), "invitation", r.offset)
        try requireUnique(partnerships.map(\.id), "partnership", r.offset)
        try requireUnique(customers.map(\.id), "customer", r.offset)
        try requireUnique(orders.map(\.id), "order", r.offset)
        try requireUnique(subscriptions.map(\.id), "subscription", r.offset)
        return PartnerModel(
            accounts: accounts, users: users, membershipProfiles: profiles, listings: listings,
            changeRequests: changeRequests, invitations: invitations, partnerships: partnerships,
            customers: customers, orders: orders, subscriptions: subscriptions, auditLog: auditLog,
            lastSequence: lastSequence)
    }

    /// `PartnerModel.init` traps on duplicate keys; a checksummed payload never
    /// has them, but a decoder must not be able to crash the program.
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

    /// Decodes a journal record; `file` names the journal in errors.
    public static func decodeTransaction(_ record: JournalRecord) throws -> Transaction {
        switch record.type {
        case transactionRecordType:
            var r = BinaryReader(record.payload)
            let transaction = try readTransaction(&r)
            try r.expectEnd("transaction \(record.sequence)")
            return transaction
        default:
            throw StoreError.malformed(
                offset: 0,
                reason: "journal record \(record.sequence) has type \(record.type), which this partnerdash does not know (it reads type \(transactionRecordType)); it was written by a newer version")
        }
    }
}
