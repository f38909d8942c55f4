import Foundation
import PartnerCore
import PartnerStore

/// One open workspace: the model in memory and every change made durable. The CLI and
/// the dashboard both go through `execute`, which is how a keystroke or a command line
/// becomes a journaled, applied, audited change.
public final class Workspace {
    /// Where the outbox and exports go: the workspace directory itself, or for a
    /// workspace in PostgreSQL its local files directory (`DataLocation.localFilesDirectory`).
    public let directory: URL
    public let catalog: OfferCatalog
    /// The journal and snapshots behind the model, wherever they live: read-only state,
    /// checkpoints, others' changes. Everything both kinds do goes through it.
    public let backend: any WorkspaceBackend
    /// The file store when the workspace is a directory (recovery report, open timings,
    /// locks); nil for a workspace in PostgreSQL.
    public var fileStore: WorkspaceStore? { backend as? WorkspaceStore }
    /// Where the workspace lives, for people: its directory, or its database URI
    /// (without password) and workspace name.
    public var locationDescription: String { backend.locationDescription }
    public var model: PartnerModel { backend.model }
    /// Where mail goes; `outbox.files` can be replaced to make delivery fail (tests).
    public var outbox: Outbox
    /// The clock; tests and `gen` replace it.
    public var now: () -> Date = { Date() }
    /// Ids, tokens and passwords; tests replace it with a seeded source so
    /// screens that show a link render the same every run.
    public var fresh: any FreshValues = SecureFreshValues()
    /// How long the invitations drafted here stay answerable (the configuration's).
    public var invitationExpiry: InvitationExpiry = .standard

    /// A workspace over any backend; `directory` is where its outbox and exports go.
    public init(directory: URL, catalog: OfferCatalog, backend: any WorkspaceBackend) {
        self.directory = directory
        self.catalog = catalog
        self.backend = backend
        self.outbox = Outbox(workspace: directory)
    }

    /// The default data directory: `$PARTNERDASH_DATA` (unless it names a database: see
    /// `DataLocation.fromEnvironment`), else `$XDG_DATA_HOME/partnerdash`, else `~/.local/share/partnerdash`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["PARTNERDASH_DATA"], !dir.isEmpty, case .directory(let url)? = try? DataLocation.parse(dir) {
            return url
        }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("partnerdash")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/partnerdash")
    }

    public static func exists(at directory: URL) -> Bool {
        WorkspaceStore.exists(directory: directory.path)
    }

    /// Opens an existing workspace (taking the writer's lock). The snapshot sections
    /// `deferring` names are read when a change, a snapshot or `loadDeferred` needs them
    /// (`WorkspaceStore.open(deferring:)`): for a command that reads none of them.
    public static func open(at directory: URL, catalog: OfferCatalog, deferring: DeferredSections = []) throws -> Workspace {
        guard try WorkspaceStore.lookForWorkspace(directory: directory.path) else { throw WorkspaceError.missing(directory.path) }
        let workspace = Workspace(directory: directory, catalog: catalog,
                                  backend: try WorkspaceStore.open(directory: directory.path, catalog: catalog, deferring: deferring))
        try workspace.finishLoading()
        return workspace
    }

    /// Opens an existing workspace in two steps (`WorkspaceStore.beginOpen`): returns with
    /// accounts, users, invitations and partnerships while customers, orders and
    /// subscriptions are still being read; `finishLoading` (and any change) waits for them.
    public static func beginOpen(at directory: URL, catalog: OfferCatalog) throws -> Workspace {
        guard try WorkspaceStore.lookForWorkspace(directory: directory.path) else { throw WorkspaceError.missing(directory.path) }
        return Workspace(directory: directory, catalog: catalog, backend: try WorkspaceStore.beginOpen(directory: directory.path, catalog: catalog))
    }

    /// Whether customers, orders, subscriptions and the audit log are still being read.
    public var isLoading: Bool { backend.isLoading }

    /// Whether `finishLoading` would not wait for the sections still being read.
    public var isLoadReady: Bool { backend.isLoadReady }

    /// Waits until the whole model is in memory (at once when it is), then, the first
    /// time, settles the outbox: mail of changes committed before a crash (or a failed
    /// move) is published, never lost (`openingSettlement` says what became of it).
    public func finishLoading() throws {
        try backend.finishLoading()
        // Whether staged mail was committed is told by the audit log: read it whole first.
        if !backend.deferredSections.isEmpty, openingSettlement == nil, !outbox.stagedMail().isEmpty {
            try backend.loadDeferred()
        }
        if openingSettlement == nil {
            openingSettlement = outbox.settle(committed: model, holdingWriteLock: false)
        }
    }

    /// Reads what the open deferred (`open(deferring:)`); at once when nothing was.
    public func loadDeferred() throws {
        try finishLoading()
        try backend.loadDeferred()
    }

    /// Reads the customers of `partner` when the open left the customers unread
    /// (`DeferredSections.customers`); at once when it did not.
    public func loadCustomers(of partner: AccountID) throws {
        try finishLoading()
        try backend.loadCustomers(of: partner)
    }

    /// Reads the subscriptions `findSubscription(text, …)` looks among, and their customers,
    /// when the open left them unread (`DeferredSections.allLarge`); at once when it did not.
    public func loadSubscriptions(soughtBy text: String) throws {
        try finishLoading()
        guard let prefix = PartnerModel.subscriptionIdsSought(by: text) else { return }
        try backend.loadSubscriptions(matching: prefix)
    }

    /// How many of a customer's subscriptions are active, as the Customers list shows it;
    /// right also while an open leaves the subscriptions unread (`DeferredSections`).
    public func subscriptionTally(of customer: CustomerID) -> SubscriptionTally {
        backend.subscriptionTally(of: customer)
    }

    /// What settling the outbox on open did; nil until the whole model is loaded.
    public private(set) var openingSettlement: Outbox.Settlement?

    /// Creates a workspace with nobody in it yet: the dashboard's first run, where Sign in
    /// offers to set up a provider or enroll a reseller.
    public static func createEmpty(at directory: URL, catalog: OfferCatalog) throws -> Workspace {
        guard !exists(at: directory) else { throw WorkspaceError.alreadyExists(directory.path) }
        return Workspace(directory: directory, catalog: catalog, backend: try WorkspaceStore.create(directory: directory.path))
    }

    /// Creates a workspace from the transactions of a built world (`init`, `demo`, `gen`)
    /// and delivers the mail they sent.
    public static func create(at directory: URL, catalog: OfferCatalog, from world: WorldBuilder) throws -> Workspace {
        guard !exists(at: directory) else { throw WorkspaceError.alreadyExists(directory.path) }
        // A world built without keeping its transactions (`gen`) starts from a snapshot of
        // its model; the others' transactions are journaled with their mail below.
        let store = world.transactions.isEmpty
            ? try WorkspaceStore.create(directory: directory.path, startingFrom: world.model, catalog: catalog)
            : try WorkspaceStore.create(directory: directory.path)
        let workspace = Workspace(directory: directory, catalog: catalog, backend: store)
        try workspace.commit(world, to: store.commit)
        return workspace
    }

    /// Journals a built world's transactions through `append` (none for a world that
    /// starts from a snapshot) with their mail, staged first and published after, as
    /// `execute` does for one change.
    public func commit(_ world: WorldBuilder, to append: ([Transaction]) throws -> UInt64) throws {
        let staged = try world.outbox.flatMap { item in
            guard let record = try world.model.auditRecord(at: item.sequence) else {
                preconditionFailure("a world's mail belongs to one of its changes")
            }
            return try outbox.stage([item.mail], for: MailRecordKey(record: record), at: item.date)
        }
        if !world.transactions.isEmpty { _ = try append(world.transactions) }
        publish(staged)
    }

    /// Why `user` may not be signed in here, naming the rule (in the shared mode, a
    /// database role acts only as the users it is mapped to), or nil.
    public func refusalToSignIn(as user: User) -> String? {
        backend.refusalToActAs(user.userPrincipalName)
    }

    /// Whether `user` may be signed in here (Sign in lists only those).
    public func maySignIn(as user: User) -> Bool {
        refusalToSignIn(as: user) == nil
    }

    /// Tells the backend who is signed in (or nobody).
    public func signedIn(as user: User?) {
        backend.signedIn(as: user?.userPrincipalName)
    }

    /// Later changes are refused; the store's resources (lock mark, connections) are let go.
    public func close() {
        backend.close()
    }

    /// Decides `command` for `actor`, journals it (synced), applies it and delivers its mail.
    /// Returns only when the change is durable; on any error nothing of it is changed.
    /// Its mail is written whole under `outbox/.staging` before the journal append (if it
    /// cannot be, the change is refused: `MailNotStaged`) and moved into the outbox after;
    /// if that move fails the change still stands and `lastMailFailure` says why.
    ///
    /// Other processes may have the workspace open and write too. Under the store's write
    /// lock, what they appended since this process last read is applied first, and the
    /// command is decided on that fresh model, so every rule holds against the latest
    /// state: of two people adding the same tenant domain, one wins and the other gets the
    /// rule's refusal. (Others' changes read on the way stay applied, also on a refusal.)
    @discardableResult
    public func execute(_ command: Command, as actor: Actor) throws -> Receipt {
        // A command is decided against the whole model, never a workspace still loading.
        try finishLoading()
        // Terms that ended renew or expire first, so the change sees them as they are now
        // (rule 11); an enrollee's or a customer's change records them after itself.
        let at = now()
        let recorder = model.termEndRecorder(for: actor)
        if let recorder { try recordTermEnds(at: at, for: recorder) }
        var decided: Decision?
        var staged: [StagedMail] = []
        // Under the file store's write lock no other writer is between staging and journaling.
        let holdingWriteLock = fileStore != nil
        // A store that left sections unread decides a command that needs none of them without them.
        let last = try backend.commit(reading: command.decisionScope, deciding: { latest in
            // The shared mode's rule first: a database role acts only as the users it is
            // mapped to, whatever the command (said plainly, not as the database's refusal).
            if case .user(let id) = actor, let user = latest.users[id], let refusal = backend.refusalToActAs(user.userPrincipalName) {
                throw WorkspaceError.notPermitted(refusal)
            }
            var context = CommandContext(now: at, fresh: fresh, catalog: catalog)
            let decision = try latest.decide(command, as: actor, context: &context)
            // And for whoever the record names (an enrollee or a customer has no user yet).
            if let refusal = backend.refusalToActAs(decision.transaction.userPrincipalName) {
                throw WorkspaceError.notPermitted(refusal)
            }
            // The mail is staged before the change is journaled: a change is never
            // committed without its mail on disk (a failure here refuses it). An earlier
            // attempt's (PostgreSQL retries after a conflict) is settled with the rest.
            // A change without mail neither settles nor hashes a key (a quarter of its CPU
            // otherwise): what another writer left staged waits for the next open or mail.
            staged = []
            if !decision.receipt.mail.isEmpty {
                // The file store decides before its write lock too, and writes that decision
                // if nobody appended meanwhile; mail is staged under the lock only, where no
                // other writer's settling (below) can remove it before its append.
                if let fileStore, !fileStore.holdsWriteLock { throw MailIsStagedUnderTheLock() }
                outbox.settle(committed: latest, holdingWriteLock: holdingWriteLock)
                let key = MailRecordKey(sequence: latest.lastSequence + 1, transaction: decision.transaction)
                staged = try outbox.stage(decision.receipt.mail, for: key, at: decision.transaction.date)
            }
            fresh = context.fresh
            decided = decision
            return [decision.transaction]
        })
        guard let decision = decided else { preconditionFailure("the store committed without deciding") }
        precondition(staged.allSatisfy { $0.key.sequence == last }, "mail staged for another sequence than the one committed")
        // Mail leaves only for a durable change: a batch that defers its syncs syncs here.
        if !staged.isEmpty { try fileStore?.syncDeferredChanges() }
        publish(staged)
        // The change stands whatever happens here; the next change records what is left.
        if recorder == nil { _ = try? recordTermEnds(at: at, for: decision.transaction.termEndRecorder) }
        return decision.receipt
    }

    /// A change with mail decided before the file store's write lock: decided again under it.
    private struct MailIsStagedUnderTheLock: Error {}

    /// Moves a committed change's staged mail into the outbox. A failure here is not the
    /// change's: it is saved, and its mail stays whole under `.staging` for the next open
    /// (`lastMailFailure` says so, for the front ends to tell the user).
    private func publish(_ staged: [StagedMail]) {
        do {
            lastDelivered = try outbox.publish(staged)
            lastMailFailure = nil
        } catch {
            lastDelivered = []
            lastMailFailure = MailNotWritten(reason: Outbox.reason(error), outbox: outbox.directory)
        }
    }

    /// Reads and applies what other processes appended since this one last read, without
    /// writing and without waiting for a writer. Returns whether the model changed (the
    /// dashboard calls it when idle to show others' changes). Does nothing while loading.
    @discardableResult
    public func refresh() throws -> Bool {
        try backend.refresh()
    }

    /// The outbox files the last `execute` wrote, to point the user at them.
    public private(set) var lastDelivered: [URL] = []
    /// Why the last `execute`'s mail is not in the outbox although the change is saved.
    public private(set) var lastMailFailure: MailNotWritten?

    /// Writes a snapshot on this thread when the journal has grown past its threshold
    /// (the CLI, after a command). Every change is already durable in the journal, so a
    /// failure here loses nothing; it is reported, not hidden.
    /// Journal bytes after which a snapshot is due (`WorkspaceStore.checkpointThresholdBytes`).
    public var checkpointThresholdBytes: Int64 {
        get { backend.checkpointThresholdBytes }
        set { backend.checkpointThresholdBytes = newValue }
    }

    @discardableResult
    public func checkpointIfDue() throws -> Bool {
        guard backend.isCheckpointDue else { return false }
        // Another process may be writing one (then this is skipped) or have just written one.
        return try backend.checkpointNow(onlyIfDue: true)
    }

    /// A fresh draft for the Draft email page; nothing is stored until `sendInvitation`.
    public func draftInvitation(to target: InvitationTarget, as actor: Actor) throws -> InvitationDraft {
        try finishLoading()
        var context = CommandContext(now: now(), fresh: fresh, catalog: catalog)
        let draft = try model.draftInvitation(to: target, as: actor, expiry: invitationExpiry, context: &context)
        fresh = context.fresh
        return draft
    }

}

public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case alreadyExists(String)
    /// The shared mode's rule: a database role acts only as the users it is mapped to.
    case notPermitted(String)

    public var description: String {
        switch self {
        case .missing(let path): return "no workspace at \(path) (create one with `partnerdash init` or `partnerdash demo`)"
        case .alreadyExists(let path): return "a workspace already exists at \(path)"
        case .notPermitted(let reason): return reason
        }
    }
}
