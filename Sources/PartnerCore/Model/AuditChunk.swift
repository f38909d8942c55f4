import Foundation

/// 1,024 audit records held as compact rows: a few arrays for the whole chunk, not two
/// strings and a list per record. The old and new value texts (every record's own, and
/// most of them longer than a Swift string holds inline) are one UTF-8 arena; the user
/// principal, account, resource, customer and involved partners, which repeat from
/// record to record, are small indexes into tables of the chunk's distinct values.
/// Immutable once built, so a copy of the log shares it by reference.
package final class AuditChunk: Sendable {
    package static let capacity = 1 << 10
    package static let operations = RowBytes<OperationType>()
    package static let statuses = RowBytes<AuditRecord.OperationStatus>()

    /// One record's fixed-width fields: 40 bytes, no padding.
    package struct Row: Sendable {
        package var sequence: UInt64
        /// `Date.timeIntervalSinceReferenceDate`: the exact Double, as the codec keeps it.
        package var date: Double
        /// Where the old value's bytes begin in the arena; the new value's follow them.
        package var textStart: UInt32
        package var oldLength: UInt32
        package var newLength: UInt32
        package var principal: UInt16
        package var account: UInt16
        package var resource: UInt16
        package var customer: UInt16
        package var involved: UInt16
        package var operation: UInt8
        package var status: UInt8

        package init(sequence: UInt64, date: Double, textStart: UInt32, oldLength: UInt32, newLength: UInt32,
                     principal: UInt16, account: UInt16, resource: UInt16, customer: UInt16, involved: UInt16,
                     operation: UInt8, status: UInt8) {
            self.sequence = sequence
            self.date = date
            self.textStart = textStart
            self.oldLength = oldLength
            self.newLength = newLength
            self.principal = principal
            self.account = account
            self.resource = resource
            self.customer = customer
            self.involved = involved
            self.operation = operation
            self.status = status
        }

        /// Whether the row names only entries of tables this long, text within an arena of
        /// `text` bytes, and an operation and status that exist: what makes a chunk readable.
        package func fits(text: Int, principals: Int, accounts: Int, resources: Int, customers: Int, involved: Int) -> Bool {
            Int(principal) < principals && Int(account) < accounts && Int(resource) < resources
                && Int(customer) < customers && Int(self.involved) < involved
                && Int(textStart) + Int(oldLength) + Int(newLength) <= text
                && AuditChunk.operations.holds(operation) && AuditChunk.statuses.holds(status)
        }
    }

    package let rows: [Row]
    package let text: [UInt8]
    package let principals: [String]
    package let accounts: [AccountID?]
    package let resources: [String]
    package let customers: [CustomerID?]
    package let involved: [[AccountID]]

    /// A full chunk from its columns as a snapshot holds them (the codec moves them whole
    /// rather than record by record); nil when they do not make one: not `capacity` rows,
    /// an index past its table, a text past the arena, an operation or status byte that
    /// names no case.
    package init?(rows: [Row], text: [UInt8], principals: [String], accounts: [AccountID?], resources: [String],
                  customers: [CustomerID?], involved: [[AccountID]]) {
        guard rows.count == Self.capacity else { return nil }
        for row in rows {
            guard row.fits(text: text.count, principals: principals.count, accounts: accounts.count,
                           resources: resources.count, customers: customers.count, involved: involved.count) else { return nil }
        }
        self.rows = rows
        self.text = text
        self.principals = principals
        self.accounts = accounts
        self.resources = resources
        self.customers = customers
        self.involved = involved
    }

    /// Copies each array at its size: a builder's grew by doubling.
    fileprivate init(_ b: Builder) {
        rows = b.rows.withUnsafeBufferPointer(Array.init)
        text = b.text.withUnsafeBufferPointer(Array.init)
        principals = b.principals.values.map(\.string)
        accounts = b.accounts.values
        resources = b.resources.values.map(\.string)
        customers = b.customers.values
        involved = b.involved.values
    }

    subscript(index: Int) -> AuditRecord {
        let row = rows[index]
        let old = Int(row.textStart), new = old + Int(row.oldLength)
        return AuditRecord(
            sequence: row.sequence, operationDate: Date(timeIntervalSinceReferenceDate: row.date),
            userPrincipalName: principals[Int(row.principal)], accountId: accounts[Int(row.account)],
            operationType: Self.operations.value(row.operation), resourceName: resources[Int(row.resource)],
            customerId: customers[Int(row.customer)], oldValue: Self.string(text, old, Int(row.oldLength)),
            newValue: Self.string(text, new, Int(row.newLength)),
            operationStatus: Self.statuses.value(row.status), involvedAccounts: involved[Int(row.involved)])
    }

    /// Whether the account may read the record at `index` (rule 6's audit part), read from
    /// the row and the tables without making the record.
    func isVisible(at index: Int, to account: AccountID) -> Bool {
        let row = rows[index]
        return accounts[Int(row.account)] == account || involved[Int(row.involved)].contains(account)
    }

    private static func string(_ text: [UInt8], _ start: Int, _ count: Int) -> String {
        text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + count]), as: UTF8.self) }
    }

    /// Makes a chunk record by record (the snapshot decode appends its fields straight here).
    struct Builder {
        var rows: [Row] = []
        var text: [UInt8] = []
        var principals = Interned<ExactText>()
        var accounts = Interned<AccountID?>()
        var resources = Interned<ExactText>()
        var customers = Interned<CustomerID?>()
        var involved = Interned<[AccountID]>()

        init() { rows.reserveCapacity(AuditChunk.capacity) }

        var count: Int { rows.count }

        /// `f`'s own old and new values are not read: the texts are `old` and `new`.
        mutating func append(_ f: AuditRecord, old: UnsafeBufferPointer<UInt8>, new: UnsafeBufferPointer<UInt8>) {
            precondition(text.count + old.count + new.count <= Int(UInt32.max), "an audit chunk's text exceeds 4 GiB")
            let start = UInt32(text.count)
            text.append(contentsOf: old)
            text.append(contentsOf: new)
            rows.append(Row(
                sequence: f.sequence, date: f.operationDate.timeIntervalSinceReferenceDate, textStart: start,
                oldLength: UInt32(old.count), newLength: UInt32(new.count),
                principal: principals.index(of: ExactText(f.userPrincipalName)), account: accounts.index(of: f.accountId),
                resource: resources.index(of: ExactText(f.resourceName)), customer: customers.index(of: f.customerId),
                involved: involved.index(of: f.involvedAccounts), operation: AuditChunk.operations.byte(f.operationType), status: AuditChunk.statuses.byte(f.operationStatus)))
        }

        /// The chunk (what it keeps is made at its own size: `AuditChunk.init`).
        func finish() -> AuditChunk { AuditChunk(self) }

        /// The records made so far, for a log's last chunk, which stays open to appends.
        func records() -> [AuditRecord] {
            let chunk = AuditChunk(self)
            return (0..<count).map { chunk[$0] }
        }
    }
}

/// A chunk's distinct values in the order first seen, each named by a 16-bit index (a
/// chunk has at most 1,024, so every index fits).
struct Interned<Value: Hashable> {
    private(set) var values: [Value] = []
    private var indexes: [Value: UInt16] = [:]
    /// The index given last: records in a row often repeat a value (one user's work, one
    /// customer's subscriptions), and comparing with it is cheaper than hashing.
    private var last: UInt16?

    mutating func index(of value: Value) -> UInt16 {
        if let last, values[Int(last)] == value { return last }
        let index = indexes[value] ?? add(value)
        last = index
        return index
    }

    private mutating func add(_ value: Value) -> UInt16 {
        let index = UInt16(values.count)
        values.append(value)
        indexes[value] = index
        return index
    }
}

/// A string compared and hashed by its UTF-8 bytes. `String`'s own equality is canonical
/// equivalence ("é" precomposed equals "e" and a combining accent), which would hand one
/// record another's spelling back; an export must give every record's bytes as written.
struct ExactText: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (a: ExactText, b: ExactText) -> Bool {
        // Native strings are contiguous: one memcmp (none when both share one storage, as
        // the snapshot decode's shared strings do) rather than a byte-at-a-time walk.
        let bytewise = a.string.utf8.withContiguousStorageIfAvailable { x in
            b.string.utf8.withContiguousStorageIfAvailable { y in
                guard x.count == y.count, let xs = x.baseAddress, let ys = y.baseAddress else { return x.count == y.count }
                return xs == ys || memcmp(xs, ys, x.count) == 0
            }
        }
        return (bytewise ?? nil) ?? a.string.utf8.elementsEqual(b.string.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// A case's place in `allCases` is its byte in a row (in memory only: a snapshot writes
/// the case's wire number, which never changes when a case is added).
package struct RowBytes<Value: CaseIterable & Hashable & Sendable>: Sendable {
    private let cases: [Value]
    private let bytes: [Value: UInt8]

    init() {
        cases = Array(Value.allCases)
        bytes = Dictionary(uniqueKeysWithValues: cases.enumerated().map { ($1, UInt8($0)) })
    }

    package func byte(_ value: Value) -> UInt8 { bytes[value]! }
    package func value(_ byte: UInt8) -> Value { cases[Int(byte)] }
    package func holds(_ byte: UInt8) -> Bool { Int(byte) < cases.count }
}
