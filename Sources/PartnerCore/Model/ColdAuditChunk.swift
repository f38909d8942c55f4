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
    /// involved: a chunk that names an account holds no record the account may read
    /// (rule 6), so a reseller's log skips it unread.
    package let accounts: Set<AccountID>
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

    package init(source: any AuditChunkSource, index: Int, accounts: Set<AccountID>, firstSequence: UInt64,
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
