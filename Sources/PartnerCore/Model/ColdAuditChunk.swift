/// Where a full audit chunk the model does not hold comes from when it is read: a
/// snapshot file in PartnerStore, which reads and checks the chunk's bytes again. A full
/// chunk never changes and the snapshot holds it as the model does, so the model keeps
/// only a `ColdAuditChunk` for it. A chunk that can no longer be read as it was written
/// (the file damaged after the open) is an error, never a record.
package protocol AuditChunkSource: AnyObject, Sendable {
    /// The chunk `index` names (the source's own numbering), checked against the
    /// checksums the open checked it with.
    func chunk(_ index: Int) throws -> AuditChunk
}

/// A full chunk left in its snapshot: what the visibility scan, the sequence invariants
/// and a binary search by sequence need from it, read when the snapshot was opened, and
/// where to read the rest.
package struct ColdAuditChunk: Sendable {
    package let source: any AuditChunkSource
    package let index: Int
    /// Every account a record of the chunk names, as its own or among the partners
    /// involved: a chunk that does not name an account holds no record the account may
    /// read (rule 6), so a reseller's log skips it unread.
    package let accounts: NamedAccounts
    package let firstSequence: UInt64
    package let lastSequence: UInt64
    /// Each record (its place in the chunk) whose sequence is below the one before it:
    /// what the audit invariant reports, found when the open read the chunk's rows.
    package let descents: [Descent]

    package struct Descent: Sendable, Equatable {
        package let position: Int
        package let earlier: UInt64
        package let later: UInt64

        package init(position: Int, earlier: UInt64, later: UInt64) {
            self.position = position
            self.earlier = earlier
            self.later = later
        }
    }

    package init(source: any AuditChunkSource, index: Int, accounts: NamedAccounts, firstSequence: UInt64,
                 lastSequence: UInt64, descents: [Descent]) {
        self.source = source
        self.index = index
        self.accounts = accounts
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.descents = descents
    }

    /// The same chunk of the same source (what a frozen copy shares).
    func isSame(as other: ColdAuditChunk) -> Bool { source === other.source && index == other.index }
}

/// The accounts a cold chunk names, as one bit each over a numbering of every account the
/// log's cold chunks name (`Numbering`, shared by them): at 200k customers a chunk names
/// about 1,300 of 2,000 resellers, which a `Set` held in 46 KB a chunk (21 MB in all) and
/// these bits hold in 264 bytes.
package struct NamedAccounts: Sendable {
    /// Numbers given in the order accounts are first named; filled while one thread reads a
    /// snapshot's chunks (`add`), and only read once the log that shares it is made.
    package final class Numbering: @unchecked Sendable {
        private var numbers: [AccountID: Int] = [:]

        package init() {}

        func number(of account: AccountID) -> Int? { numbers[account] }

        func add(_ account: AccountID) -> Int {
            if let known = numbers[account] { return known }
            numbers[account] = numbers.count
            return numbers.count - 1
        }
    }

    private let numbering: Numbering
    private let bits: [UInt64]

    /// Numbers the accounts not numbered yet: only while no log shares `numbering`.
    package init(_ accounts: some Sequence<AccountID>, numbering: Numbering) {
        var bits: [UInt64] = []
        for account in accounts {
            let number = numbering.add(account)
            if number / 64 >= bits.count { bits += [UInt64](repeating: 0, count: number / 64 + 1 - bits.count) }
            bits[number / 64] |= 1 << UInt64(number % 64)
        }
        self.numbering = numbering
        self.bits = bits
    }

    package func contains(_ account: AccountID) -> Bool {
        guard let number = numbering.number(of: account), number / 64 < bits.count else { return false }
        return bits[number / 64] & (1 << UInt64(number % 64)) != 0
    }
}
