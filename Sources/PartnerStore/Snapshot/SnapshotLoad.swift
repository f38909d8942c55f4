/// The outcome of looking for the newest usable snapshot.
public struct SnapshotLoad: Sendable {
    /// Nil in a workspace that has never been checkpointed.
    public var snapshot: SnapshotFile?
    /// Newer snapshot files that were passed over, each with why; they are left on disk untouched.
    public var skipped: [String]
}
