import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore
import PartnerWorkspace

/// A workspace in PostgreSQL behind the `Workspace` facade: `PostgresWorkspaceStore`
/// speaking `WorkspaceBackend`, plus the shared mode's rule that a database role acts
/// only as the workspace users it is mapped to (`partnerdash_role_users`).
public final class PostgresBackend: WorkspaceBackend {
    public let store: PostgresWorkspaceStore
    public let location: DataLocation

    public init(store: PostgresWorkspaceStore, location: DataLocation) {
        self.store = store
        self.location = location
    }

    public var model: PartnerModel { store.model }
    public var isLoading: Bool { store.isLoading }
    public func finishLoading() throws { try store.finishLoading() }
    public var readOnlyReason: String? { store.readOnlyReason }

    @discardableResult
    public func commit(deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        try store.commit(deciding: decide)
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
        if store.isUnreachable {
            if let last = lastReconnectAttempt, now - last < reconnectInterval { return false }
            lastReconnectAttempt = now
        } else if let last = lastTableRead, now - last < fallbackReadInterval,
                  (try? store.waitForChanges(upTo: .zero)) == false, !store.isUnreachable {
            return false
        }
        lastTableRead = now
        return try store.refresh()
    }

    /// How often `refresh` tries to reach a server that did not answer.
    public var reconnectInterval: Duration = .seconds(1)
    private var lastReconnectAttempt: ContinuousClock.Instant?
    /// How often `refresh` reads the table without a notification, in case one was lost.
    public var fallbackReadInterval: Duration = .seconds(2)
    private var lastTableRead: ContinuousClock.Instant?

    public var checkpointThresholdBytes: Int64 {
        get { store.checkpointThresholdBytes }
        set { store.checkpointThresholdBytes = newValue }
    }

    public var isCheckpointDue: Bool { store.isCheckpointDue }
    public var isCheckpointRunning: Bool { store.isCheckpointRunning }

    public func checkpointNow(onlyIfDue: Bool) throws -> Bool {
        if onlyIfDue && !store.isCheckpointDue { return false }
        let report = try store.checkpoint()
        return report.cacheFile != nil || report.storedInDatabase
    }

    public func startBackgroundCheckpoint() throws -> Bool { try store.startCheckpoint() }
    public func pollBackgroundCheckpoint() throws -> Bool { try store.pollCheckpoint() != nil }
    public func waitUntilCheckpointWritten() { store.waitUntilCheckpointWritten() }
    public func close() { store.close() }

    public var permittedActors: [String]? {
        store.sessionRoleActors.contains("*") ? nil : store.sessionRoleActors
    }

    public var actingRule: String? {
        guard let actors = permittedActors else { return nil }
        return "PostgreSQL role \(store.sessionRole) acts only as the users it is mapped to in workspace \(store.workspace): "
            + (actors.isEmpty ? "none (partnerdash roles map)" : actors.joined(separator: ", "))
    }

    public func refusalToActAs(_ userPrincipalName: String) -> String? {
        guard !store.mayActAs(userPrincipalName), let actors = permittedActors else { return nil }
        let who = userPrincipalName.isEmpty ? "someone who is not a user yet (enrolling, or a customer)" : userPrincipalName
        return "PostgreSQL role \(store.sessionRole) may act only as the workspace users it is mapped to "
            + "(\(actors.isEmpty ? "none" : actors.joined(separator: ", "))), not as \(who); "
            + "a role mapped to '*' can map it: partnerdash roles map --role \(store.sessionRole) --user "
            + (userPrincipalName.isEmpty ? "'*'" : userPrincipalName)
    }

    public func signedIn(as userPrincipalName: String?) {
        store.act(as: userPrincipalName ?? "")
    }

    public var locationDescription: String { location.description }
}
