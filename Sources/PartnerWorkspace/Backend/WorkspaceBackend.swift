import Foundation
import Logging
import PartnerCore
import PartnerStore

/// Where a workspace's journal and snapshots live, as the `Workspace` facade sees it: a
/// directory (`WorkspaceStore`, the default) or a database (the shared mode, in
/// PartnerWorkspacePostgres). Both keep the model in memory, make a change durable
/// before applying it, decide it against the latest state, read others' changes on
/// `refresh`, and say in `readOnlyReason` why changes are refused. Not thread-safe: one
/// owner, like the stores behind it.
public protocol WorkspaceBackend: AnyObject {
    /// The model; while `isLoading`, only its small collections (see `WorkspaceStore.beginOpen`).
    var model: PartnerModel { get }
    var isLoading: Bool { get }
    /// Whether `finishLoading` would not wait for background reads (true when not loading).
    var isLoadReady: Bool { get }
    /// Waits until the whole model is in memory (but what the open deferred).
    func finishLoading() throws
    /// The snapshot sections the open left unread (`WorkspaceStore.open(deferring:)`).
    var deferredSections: DeferredSections { get }
    /// Reads them; every change and checkpoint does so first.
    func loadDeferred() throws
    /// Reads them when a term may have ended by `now` among the deferred subscriptions
    /// (signing in records those first).
    func loadDeferred(forTermEndsBy now: Date) throws
    /// Puts in the customers of `partner` an open that deferred the customers left unread
    /// (`WorkspaceStore.loadCustomers(of:)`); nothing when they were read.
    func loadCustomers(of partner: AccountID) throws
    /// Puts in the subscriptions `prefix` matches and their customers, an open that deferred
    /// the subscriptions left unread (`WorkspaceStore.loadSubscriptions(matching:)`).
    func loadSubscriptions(matching prefix: IdPrefix) throws
    /// A customer's subscription tally, right while the subscriptions are deferred.
    func subscriptionTally(of customer: CustomerID) -> SubscriptionTally
    /// The live subscriptions whose term may have ended by `now`, at least the `wanted`
    /// earliest (`PartnerModel.termEndCandidates`), found while the subscriptions are
    /// deferred when the store can.
    func termEndCandidates(by now: Date, atLeast wanted: Int) throws -> [Subscription]
    /// `commitAsOneRecord` of the term ends due by `now`: `decide` gets the latest model and
    /// `termEndCandidates(by: now, atLeast: wanted)` on it.
    @discardableResult
    func commitTermEnds(dueBy now: Date, atLeast wanted: Int,
                        deciding decide: (PartnerModel, [Subscription]) throws -> [Transaction]) throws -> UInt64
    /// Why every change is refused now (a failed write, a closed workspace, an unreachable
    /// server), or nil. The one answer to "is this workspace read-only?".
    var readOnlyReason: String? { get }
    /// Catches up with others, asks `decide` for the transactions on that fresh model and
    /// makes them durable, then applies them. Returns the last sequence.
    @discardableResult
    func commit(deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64
    /// The same for a command whose decision reads no more than `scope`: a store that left
    /// sections unread may decide it without them (`WorkspaceStore.commit(reading:deciding:)`).
    @discardableResult
    func commit(reading scope: DecisionScope, deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64
    /// The same, with all the transactions journaled as one record: a crash keeps all of
    /// them or none (an import).
    @discardableResult
    func commitAsOneRecord(deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64
    /// Reads and applies what others appended; whether the model changed.
    @discardableResult
    func refresh() throws -> Bool

    /// Journal bytes after which a checkpoint is due.
    var checkpointThresholdBytes: Int64 { get set }
    var isCheckpointDue: Bool { get }
    /// A checkpoint started by `startBackgroundCheckpoint` is being written.
    var isCheckpointRunning: Bool { get }
    /// Checkpoint on the calling thread; whether a snapshot was written. With `onlyIfDue`,
    /// nothing is written when another process took one meanwhile.
    @discardableResult
    func checkpointNow(onlyIfDue: Bool) throws -> Bool
    /// Starts a checkpoint written on another thread; false when none was started.
    @discardableResult
    func startBackgroundCheckpoint() throws -> Bool
    /// True once a started checkpoint is written (its error thrown); false while it is
    /// being written or when none was started.
    func pollBackgroundCheckpoint() throws -> Bool
    func waitUntilCheckpointWritten()
    /// Later changes are refused.
    func close()

    /// Who may be signed in: nil for everyone (a file workspace, or a database role
    /// mapped to '*'), else the user principal names the database role is mapped to.
    var permittedActors: [String]? { get }
    /// The rule that limits who may be signed in, for people, or nil when anyone may.
    var actingRule: String? { get }
    /// Why `userPrincipalName` may not be signed in here (naming the rule), or nil.
    func refusalToActAs(_ userPrincipalName: String) -> String?
    /// Tells the backend who is signed in now (the shared mode checks the role's mapping).
    func signedIn(as userPrincipalName: String?)
    /// Reads again who may be signed in (the shared mode's role mapping may change while a
    /// client is open); called before a sign-in is checked.
    func reloadPermissions()
    /// Where the workspace lives, for people: a path, or a database URI without password.
    var locationDescription: String { get }
    /// Something to tell people for a while that is not a refusal (the shared mode: the
    /// server answers again after a start without it), or nil.
    var notice: String? { get }
}

extension WorkspaceBackend {
    /// A backend that always reads everything at open.
    public var deferredSections: DeferredSections { [] }
    public func loadDeferred() throws { try finishLoading() }
    public func loadDeferred(forTermEndsBy now: Date) throws { try finishLoading() }
    public func loadCustomers(of partner: AccountID) throws { try finishLoading() }
    public func loadSubscriptions(matching prefix: IdPrefix) throws { try finishLoading() }
    @discardableResult
    public func commit(reading scope: DecisionScope, deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        try commit(deciding: decide)
    }
    public func subscriptionTally(of customer: CustomerID) -> SubscriptionTally { model.subscriptionTally(of: customer) }
    public func termEndCandidates(by now: Date, atLeast wanted: Int) throws -> [Subscription] {
        try loadDeferred(forTermEndsBy: now)
        return model.termEndCandidates(by: now, atLeast: wanted)
    }
    @discardableResult
    public func commitTermEnds(dueBy now: Date, atLeast wanted: Int,
                               deciding decide: (PartnerModel, [Subscription]) throws -> [Transaction]) throws -> UInt64 {
        try commitAsOneRecord { latest in try decide(latest, latest.termEndCandidates(by: now, atLeast: wanted)) }
    }
    public var permittedActors: [String]? { nil }
    public var actingRule: String? { nil }
    public func refusalToActAs(_ userPrincipalName: String) -> String? { nil }
    public func signedIn(as userPrincipalName: String?) {}
    public var notice: String? { nil }
    public func reloadPermissions() {}
}

extension WorkspaceStore: WorkspaceBackend {
    public func checkpointNow(onlyIfDue: Bool) throws -> Bool {
        Self.logBrokenInvariants(try checkpoint(onlyIfDue: onlyIfDue)).snapshotFile != nil
    }

    public func startBackgroundCheckpoint() throws -> Bool {
        try startCheckpoint(onlyIfDue: false)
    }

    public func pollBackgroundCheckpoint() throws -> Bool {
        try pollCheckpoint().map(Self.logBrokenInvariants) != nil
    }

    private static let log = Logger(label: "partnerdash.store")

    /// A snapshot whose model broke an invariant was written unmarked (every open checks it
    /// whole and refuses it): a rule's bug, worth a line in the diagnostic log. What its
    /// check cost is a debug line (the benchmark and `--log-level debug` read it).
    private static func logBrokenInvariants(_ report: CheckpointReport) -> CheckpointReport {
        if let check = report.invariantCheck {
            log.debug("snapshot checked", metadata: [
                "scope": "\(check.scope)", "transactions": "\(check.transactions)",
                "duration": "\(check.duration)"])
        }
        if let first = report.brokenInvariants.first {
            log.warning("snapshot written unchecked: the model breaks \(report.brokenInvariants.count) invariants",
                        metadata: ["snapshot": "\(report.snapshotFile ?? "")", "first": "\(first)"])
        }
        return report
    }

    public var locationDescription: String { directory }
}
