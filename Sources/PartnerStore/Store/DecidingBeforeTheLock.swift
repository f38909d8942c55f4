import PartnerCore

/// A change decided and encoded by `WorkspaceStore.commit(deciding:)`, and the sequence
/// of the model it was decided on: written only onto a journal that still ends there.
struct DecidedChange {
    var transactions: [Transaction]
    var entries: [JournalEntry]
    var decidedOn: UInt64

    init(_ transactions: [Transaction], asOneRecord: Bool, on model: PartnerModel) {
        self.transactions = transactions
        entries = ModelCodec.entries(transactions, asOneRecord: asOneRecord)
        decidedOn = model.lastSequence
    }
}

/// How a store's changes were decided: before the write lock and written as decided
/// (nobody appended between the read before the lock and the lock), before it and made
/// again under it (someone did), refused before it on the latest state (the lock never
/// taken), or not before it (nothing to do, declined, or refused on a model found stale
/// there, so decided under the lock only).
public struct DecisionsBeforeTheLock: Equatable, Sendable {
    public var written = 0
    public var madeAgain = 0
    public var refused = 0
    public var declined = 0

    public init(written: Int = 0, madeAgain: Int = 0, refused: Int = 0, declined: Int = 0) {
        self.written = written
        self.madeAgain = madeAgain
        self.refused = refused
        self.declined = declined
    }
}

/// Where a store's `commit(deciding:)` calls spent their wall time, summed (counted, for
/// `scripts/writers`; never asserted): reading and deciding before the write lock, waiting
/// for it (another writer holding it, and being woken and scheduled once it is let go),
/// holding it (catching up, deciding again, the tail check and the `write`), and the sync.
public struct CommitTimes: Equatable, Sendable {
    public var commits = 0
    public var beforeTheLock = Duration.zero
    public var waitingForTheLock = Duration.zero
    public var holdingTheLock = Duration.zero
    public var syncing = Duration.zero
}
