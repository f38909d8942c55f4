/// How long each step of opening a workspace took, for the benchmark command and for
/// anyone asking why an open was slow. Wall time on the opening thread.
public struct OpenTimings: Sendable, Equatable {
    /// Finding the newest snapshot, reading it and checking its checksum.
    public var readSnapshot: Duration = .zero
    /// Parsing the payload's sections into arrays of entities (several cores).
    public var decodeSections: Duration = .zero
    /// Each parallel group of sections (small ones and customers, orders, subscriptions,
    /// audit log), keyed and indexed as read: the longest bounds `decodeSections`.
    public var sectionGroups: [Duration] = []
    /// `PartnerModel.init`: dictionaries by id and the derived indexes.
    public var buildModel: Duration = .zero
    /// Scanning the journal and replaying the records after the snapshot.
    public var journal: Duration = .zero
    /// The whole `WorkspaceStore.open`, lock included.
    public var total: Duration = .zero

    public init() {}
}
