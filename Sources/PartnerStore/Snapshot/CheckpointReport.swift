/// What a checkpoint did.
public struct CheckpointReport: Sendable, Equatable {
    /// The sequence the snapshot covers (the model's last sequence when the checkpoint began).
    public var sequence: UInt64
    /// The snapshot written, or nil when one covering `sequence` already existed.
    public var snapshotFile: String?
    /// Journal segments deleted because the kept fallback snapshot covers them.
    public var deletedSegments: Int
    /// The invariants the snapshot's model broke when it was checked before writing: then
    /// it was written unmarked (`ModelCheckMark`), and every open checks it whole. Empty
    /// when it held them (or no snapshot was written).
    public var brokenInvariants: [String] = []
    /// What the snapshot's check looked at, and how long it took; nil when no snapshot was written.
    public var invariantCheck: InvariantCheck?
}

/// A snapshot writer's invariant check: the whole model, or (`replayedRecords`) only what
/// the store applied since its model was last checked (the open's check, or the previous
/// snapshot's), `transactions` of them.
public struct InvariantCheck: Sendable, Equatable {
    public var scope: OpenTimings.InvariantScope
    public var transactions: Int
    public var duration: Duration
}
