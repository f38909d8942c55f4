/// The append-only log behind a workspace. Kept this small so that a
/// PostgreSQL table can implement it later: appends are conditional on the
/// last sequence the writer saw, so two writers can never interleave silently.
public protocol Journal: AnyObject {
    var lastSequence: UInt64 { get }
    /// Appends records with consecutive sequence numbers after `expectedLastSequence`
    /// and returns only after fdatasync. A mismatch is `StoreError.conflict`, never an overwrite.
    func append(_ records: [JournalEntry], expectedLastSequence: UInt64) throws -> UInt64
    func records(after sequence: UInt64) throws -> [JournalRecord]
}

/// A journal kept in files that a checkpoint can cut and shorten.
public protocol SegmentedJournal: Journal {
    /// Later appends go to a new file, so every earlier file is wholly covered by a snapshot taken now.
    func startNewSegment() throws
    /// Deletes the files whose every record has a sequence number of at most `sequence`; returns how many.
    @discardableResult func deleteSegments(coveredBy sequence: UInt64) throws -> Int
}
