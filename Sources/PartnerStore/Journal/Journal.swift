/// The append-only log behind a workspace. Kept this small so that a
/// PostgreSQL table can implement it later: appends are conditional on the
/// last sequence the writer saw, so two writers can never interleave silently.
public protocol Journal: AnyObject {
    var lastSequence: UInt64 { get }
    /// Appends records with consecutive sequence numbers after `expectedLastSequence`
    /// and returns only after fdatasync. A mismatch is `StoreError.conflict`, never an overwrite.
    func append(_ records: [JournalEntry], expectedLastSequence: UInt64) throws -> UInt64
    func records(after sequence: UInt64) throws -> [JournalRecord]
    /// Where readers are told that records were appended (then they read `records(after:)`).
    var wakeUps: JournalWakeUps { get }
}
