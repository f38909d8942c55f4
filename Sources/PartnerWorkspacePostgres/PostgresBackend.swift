import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore
import PartnerWorkspace

/// A workspace in PostgreSQL behind the `Workspace` facade: `PostgresWorkspaceStore`
/// speaking `WorkspaceBackend`, plus the shared mode's rule that a database role acts
/// only as the workspace users it is mapped to (`partnerdash_role_users`).
///
/// A client that started while the server could not be reached shows this machine's copy
/// (`PostgresLocalCopy`) read-only, saying why and since when; each `refresh` (at most every
/// `reconnectInterval`) tries to open the workspace for real, and once it answers the
/// store takes over: the rows after the copy are read, changes are accepted again, and
/// `notice` says so for a while. Nothing is appended meanwhile, so nothing can be lost or
/// applied twice.
public final class PostgresBackend: WorkspaceBackend {
    public let location: DataLocation

    private enum State {
        case online(PostgresWorkspaceStore)
        case offline(Offline)
    }

    /// Where a client that started without the server stands.
    private struct Offline {
        var copy: PostgresLocalCopy
        var since: Date
        /// Why the last try failed: libpq's message, or why the workspace could not be opened.
        var message: String
        var cacheDirectory: String
        var catalog: OfferCatalog
    }

    private var state: State
    /// Who is signed in, kept for the store that takes over after an offline start.
    private var actor = ""
    private var closed = false

    public init(store: PostgresWorkspaceStore, location: DataLocation) {
        state = .online(store)
        self.location = location
    }

    /// A client started while PostgreSQL could not be reached (`message`, libpq's): `copy`
    /// read-only until a `refresh` finds the server.
    public init(offline copy: PostgresLocalCopy, location: DataLocation, cacheDirectory: String, catalog: OfferCatalog,
                unreachable message: String, since: Date = Date()) {
        state = .offline(Offline(copy: copy, since: since, message: message, cacheDirectory: cacheDirectory, catalog: catalog))
        self.location = location
    }

    /// The store, once PostgreSQL has answered; nil while the local copy is shown.
    public var store: PostgresWorkspaceStore? {
        if case .online(let store) = state { return store }
        return nil
    }

    /// The local copy's sequence while it is shown (a client started without the server).
    public var offlineSequence: UInt64? {
        if case .offline(let offline) = state { return offline.copy.sequence }
        return nil
    }

    public var model: PartnerModel {
        switch state {
        case .online(let store): return store.model
        case .offline(let offline): return offline.copy.model
        }
    }

    public var isLoading: Bool { store?.isLoading ?? false }
    public var isLoadReady: Bool { !isLoading }
    public func finishLoading() throws { try store?.finishLoading() }

    public var readOnlyReason: String? {
        switch state {
        case .online(let store):
            // Said with since when: a person can tell a blip from an outage.
            guard !closed, let outage = store.outage else { return store.readOnlyReason }
            return "PostgreSQL unreachable since \(clockTimeUTC(outage.since)): \(outage.message)"
        case .offline(let offline):
            if closed { return "the workspace was closed" }
            // Why, since when and what is shown come first: an 80-column top bar cuts the rest.
            return "PostgreSQL unreachable since \(clockTimeUTC(offline.since)); local copy of change "
                + "\(offline.copy.sequence), \(clockTimeUTC(offline.copy.writtenAt)): \(offline.message)"
        }
    }

    /// Said after the server answered again following an offline start ("back online…"),
    /// for `noticeDuration`; nil otherwise.
    public var notice: String? {
        guard let resumed, ContinuousClock.now - resumed.at < noticeDuration else { return nil }
        return resumed.text
    }

    /// How long `notice` stays.
    public var noticeDuration: Duration = .seconds(10)
    private var resumed: (text: String, at: ContinuousClock.Instant)?

    /// A mapping removed since this client read it (`partnerdash roles unmap`) is refused
    /// by `partnerdash_append` (SQLSTATE 42501): nothing was written or applied, the mapping
    /// is read again (so the store turns read-only for that user and Sign in lists only
    /// whom the role may act as now), and the refusal names the rule, as `--as` does.
    @discardableResult
    public func commit(deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        try commit(asOneRecord: false, deciding: decide)
    }

    @discardableResult
    public func commitAsOneRecord(deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        try commit(asOneRecord: true, deciding: decide)
    }

    private func commit(asOneRecord: Bool, deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        guard let store else { throw StoreError.readOnly(reason: (readOnlyReason ?? "") + "; nothing was saved") }
        do {
            return try store.commit(deciding: decide, asOneRecord: asOneRecord)
        } catch let error as PostgresError where error.sqlState == PostgresError.insufficientPrivilege {
            store.reloadRoleMapping()
            throw WorkspaceError.notPermitted("the database refused the change (\(error.message)): the role's mapping changed "
                + "since this client read it, and nothing was saved"
                + (refusalToActAs(store.actor).map { "; " + $0 } ?? ""))
        }
    }

    /// Reads others' rows. LISTEN/NOTIFY is the wake-up: the table is read when a
    /// notification announces a sequence after ours (a look at the listening connection's
    /// socket, no query), and at least every `fallbackReadInterval` in case one was lost.
    /// While the server is unreachable, connecting again is tried at most every
    /// `reconnectInterval` (a dashboard refreshes every 100 ms, and a connect to a host that
    /// does not answer waits for its timeout); a commit always tries.
    @discardableResult
    public func refresh() throws -> Bool {
        let now = ContinuousClock.now
        guard case .online(let store) = state else {
            guard !closed, isTimeToReconnect(now) else { return false }
            return openForReal()
        }
        if store.isUnreachable {
            guard isTimeToReconnect(now) else { return false }
        } else if let last = lastTableRead, now - last < fallbackReadInterval,
                  (try? store.waitForChanges(upTo: .zero)) == false, !store.isUnreachable {
            return false
        }
        lastTableRead = now
        let changed = try store.refresh()
        // A mapping changed meanwhile (`partnerdash roles`) takes effect here too: Sign in's
        // list and the top bar's read-only state follow it without a restart.
        store.reloadRoleMapping()
        return changed
    }

    private func isTimeToReconnect(_ now: ContinuousClock.Instant) -> Bool {
        if let last = lastReconnectAttempt, now - last < reconnectInterval { return false }
        lastReconnectAttempt = now
        return true
    }

    /// After an offline start: opens the workspace (from the same local cache, plus the
    /// rows after it) and, when it is sound, lets it take over. Whether the model changed.
    private func openForReal() -> Bool {
        guard case .offline(var offline) = state, case .postgres(let conninfo, let workspace) = location else { return false }
        do {
            let store = try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: workspace,
                                                        cacheDirectory: offline.cacheDirectory, actor: actor)
            let broken = store.model.invariantViolations(catalog: offline.catalog)
            guard broken.isEmpty else {
                store.close()
                throw StoreError.brokenInvariants(directory: location.description, broken: broken)
            }
            let caughtUp = store.model.lastSequence > offline.copy.sequence ? store.model.lastSequence - offline.copy.sequence : 0
            resumed = ("PostgreSQL answers again since \(clockTimeUTC(Date())): caught up \(caughtUp) change(s), "
                + "changes are saved again", .now)
            state = .online(store)
            lastTableRead = .now
            cacheWrittenSinceOpen = false
            return store.model != offline.copy.model
        } catch PostgresStoreError.unreachable(let message) {
            offline.message = message
        } catch {
            // The server answers but the workspace does not open (gone, damaged rows): still read-only, saying why.
            offline.message = "the workspace could not be opened: \(error)"
        }
        state = .offline(offline)
        return false
    }

    /// How often `refresh` tries to reach a server that did not answer.
    public var reconnectInterval: Duration = .seconds(1)
    private var lastReconnectAttempt: ContinuousClock.Instant?
    /// How often `refresh` reads the table without a notification, in case one was lost.
    public var fallbackReadInterval: Duration = .seconds(2)
    private var lastTableRead: ContinuousClock.Instant?
    /// Whether this client still owes its local cache the model it opened (see `isCheckpointDue`).
    private var cacheWrittenSinceOpen = false

    public var checkpointThresholdBytes: Int64 {
        get { store?.checkpointThresholdBytes ?? 8 << 20 }
        set { store?.checkpointThresholdBytes = newValue }
    }

    /// Due by bytes, as in the file mode, and once after an open that replayed rows: the
    /// local cache then gets the model, so a start while the server is unreachable shows
    /// what this client saw (`startBackgroundCheckpoint` writes only the cache then).
    public var isCheckpointDue: Bool {
        guard let store else { return false }
        return store.isCheckpointDue || (!cacheWrittenSinceOpen && !store.isCheckpointRunning && store.isLocalCacheBehind)
    }

    /// A checkpoint that writes only this client's cache is not shown as one: nothing
    /// about what is saved depends on it.
    public var isCheckpointRunning: Bool { (store?.isCheckpointRunning ?? false) && !writingCacheOnly }
    private var writingCacheOnly = false

    public func checkpointNow(onlyIfDue: Bool) throws -> Bool {
        guard let store else { return false }
        if onlyIfDue && !store.isCheckpointDue { return false }
        let report = try store.checkpoint()
        return report.cacheFile != nil || report.storedInDatabase
    }

    public func startBackgroundCheckpoint() throws -> Bool {
        guard let store else { return false }
        let cacheOnly = !store.isCheckpointDue
        cacheWrittenSinceOpen = true
        let started = try store.startCheckpoint(localCacheOnly: cacheOnly)
        if started { writingCacheOnly = cacheOnly }
        return started
    }

    public func pollBackgroundCheckpoint() throws -> Bool {
        guard let store else { return false }
        defer { if !store.isCheckpointRunning { writingCacheOnly = false } }
        return try store.pollCheckpoint() != nil
    }
    public func waitUntilCheckpointWritten() { store?.waitUntilCheckpointWritten() }

    public func close() {
        closed = true
        store?.close()
    }

    /// Nil (anyone) while the local copy is shown: nothing can be changed then, and the
    /// mapping is read when the server answers (the store is read-only for a user the
    /// role may not act as).
    public var permittedActors: [String]? {
        guard let store, !store.sessionRoleActors.contains("*") else { return nil }
        return store.sessionRoleActors
    }

    public var actingRule: String? {
        guard let store, let actors = permittedActors else { return nil }
        return "PostgreSQL role \(store.sessionRole) acts only as the users it is mapped to in workspace \(store.workspace): "
            + (actors.isEmpty ? "none (partnerdash roles map)" : actors.joined(separator: ", "))
    }

    public func refusalToActAs(_ userPrincipalName: String) -> String? {
        guard let store, !store.mayActAs(userPrincipalName), let actors = permittedActors else { return nil }
        let who = userPrincipalName.isEmpty ? "someone who is not a user yet (enrolling, or a customer)" : userPrincipalName
        return "PostgreSQL role \(store.sessionRole) may act only as the workspace users it is mapped to "
            + "(\(actors.isEmpty ? "none" : actors.joined(separator: ", "))), not as \(who); "
            + "a role mapped to '*' can map it: partnerdash roles map --role \(store.sessionRole) --user "
            + (userPrincipalName.isEmpty ? "'*'" : userPrincipalName)
    }

    public func reloadPermissions() {
        store?.reloadRoleMapping()
    }

    public func signedIn(as userPrincipalName: String?) {
        actor = userPrincipalName ?? ""
        store?.act(as: actor)
    }

    public var locationDescription: String { location.description }
}
