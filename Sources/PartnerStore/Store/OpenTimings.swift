/// How long each step of opening a workspace took, for the benchmark command and for
/// anyone asking why an open was slow. Wall time on the opening thread.
public struct OpenTimings: Sendable, Equatable {
    /// Finding the newest snapshot, reading it and checking its checksum.
    public var readSnapshot: Duration = .zero
    /// Payload bytes read from the snapshot file by the end of the open: from format 8 only
    /// the sections decoded (and what a sign-in's deferred subscriptions needed, when read
    /// after it), before it the whole payload.
    public var snapshotBytesRead = 0
    /// Of those, the bytes read before any section was decoded: an open that gives the
    /// large sections back as it decodes them reads each when its thread comes to it.
    public var snapshotBytesReadFirst = 0
    /// The most of those bytes in memory at once (read and not yet given back): an open
    /// that reads each large section a window ahead of its decoder and gives back what it
    /// decoded holds about a window of each section at a time, not whole sections.
    public var snapshotBytesHeldAtMost = 0
    /// Parsing the payload's sections (the large ones on several cores, keyed and indexed
    /// as they are read).
    public var decodeSections: Duration = .zero
    /// Each large section on its thread (customers, orders, subscriptions, audit log),
    /// keyed and indexed as read.
    public var sectionGroups: [Duration] = []
    /// `PartnerModel.init`: dictionaries by id and the derived indexes.
    public var buildModel: Duration = .zero
    /// Scanning the journal and replaying the records after the snapshot.
    public var journal: Duration = .zero
    /// Checking the model's invariants (`PartnerModel.invariantViolations`), as `check` does.
    public var invariants: Duration = .zero
    /// What that check looked at: the whole model, or (on a snapshot marked checked) only
    /// what the journal replayed after it.
    public var invariantScope: InvariantScope = .wholeModel

    public enum InvariantScope: Sendable, Equatable {
        case wholeModel
        case replayedRecords
    }
    /// The whole `WorkspaceStore.open`, lock included.
    public var total: Duration = .zero
    /// Until `beginOpen` returned with the small collections (the dashboard's first frame
    /// can be drawn from them).
    public var preview: Duration = .zero

    public init() {}
}
