import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore
import PartnerWorkspace

/// Opening and creating workspaces wherever a `DataLocation` says: the file store for a
/// directory, PostgreSQL for a `postgresql://` URI. The CLI's one way in.
public enum SharedWorkspace {
    /// Whether a workspace is there (a directory with a journal, or a row of
    /// `partnerdash_workspaces`). A database that cannot be reached is thrown.
    public static func exists(_ location: DataLocation) throws -> Bool {
        switch location {
        case .directory(let url):
            return try WorkspaceStore.lookForWorkspace(directory: url.path)
        case .postgres(let conninfo, let workspace):
            return try PostgresWorkspaces(connection: connect(conninfo)).exists(workspace)
        }
    }

    /// Opens the workspace: a directory in two steps when `progressive` (see
    /// `Workspace.beginOpen`), a database at once. Nobody is signed in yet. A directory
    /// leaves the snapshot sections `deferring` names for later (`Workspace.open(deferring:)`);
    /// a database reads everything.
    ///
    /// With `localCopyWhileUnreachable`, a database that cannot be reached opens this
    /// machine's copy from the local snapshot cache instead, read-only, saying why and
    /// since when (`PostgresBackend`, `localCopySequence`); without one, or without the flag,
    /// the server's error is thrown.
    public static func open(_ location: DataLocation, catalog: OfferCatalog, progressive: Bool = false,
                            deferring: DeferredSections = [], localCopyWhileUnreachable: Bool = false,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Workspace {
        switch location {
        case .directory(let url):
            return progressive ? try Workspace.beginOpen(at: url, catalog: catalog)
                : try Workspace.open(at: url, catalog: catalog, deferring: deferring)
        case .postgres(let conninfo, let workspace):
            let store: PostgresWorkspaceStore
            do {
                store = try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: workspace,
                                                        cacheDirectory: cacheDirectory(environment), actor: "")
            } catch PostgresStoreError.unreachable(let message) where localCopyWhileUnreachable {
                return try openLocalCopy(location, catalog: catalog, unreachable: message, environment: environment)
            }
            // Opening serves only a model `partnerdash check` would pass, as the file store does.
            let broken = store.model.invariantViolations(catalog: catalog)
            guard broken.isEmpty else {
                store.close()
                throw StoreError.brokenInvariants(directory: location.description, broken: broken)
            }
            let opened = Workspace(directory: DataLocation.localFilesDirectory(conninfo: conninfo, workspace: workspace, environment: environment),
                                   catalog: catalog, backend: PostgresBackend(store: store, location: location))
            // Settles the local outbox: mail of changes committed before a crash is published.
            try opened.finishLoading()
            return opened
        }
    }

    /// This machine's copy of a workspace whose server did not answer, read-only until it does.
    static func openLocalCopy(_ location: DataLocation, catalog: OfferCatalog, unreachable message: String,
                              environment: [String: String]) throws -> Workspace {
        guard case .postgres(let conninfo, let workspace) = location else { preconditionFailure("a PostgreSQL location") }
        let cache = cacheDirectory(environment)
        guard let copy = PostgresLocalCopy.newest(conninfo: conninfo, workspace: workspace, cacheDirectory: cache) else {
            throw PostgresStoreError.unreachable(message + " (and this machine keeps no copy of workspace \(workspace): "
                + "a dashboard that has opened it keeps one)")
        }
        let backend = PostgresBackend(offline: copy, location: location, cacheDirectory: cache, catalog: catalog,
                                      unreachable: message)
        let opened = Workspace(directory: DataLocation.localFilesDirectory(conninfo: conninfo, workspace: workspace, environment: environment),
                               catalog: catalog, backend: backend)
        // Settling the outbox against an older model removes nothing newer (its staged mail waits).
        try opened.finishLoading()
        return opened
    }

    /// Whether `workspace` shows this machine's copy because PostgreSQL did not answer at
    /// open (and has not since); the copy's sequence.
    public static func localCopySequence(of workspace: Workspace) -> UInt64? {
        (workspace.backend as? PostgresBackend)?.offlineSequence
    }

    /// Creates a workspace in the database (installing the tables when missing; the role
    /// creating it may act as everyone, '*') holding the built world's transactions,
    /// appended in one database transaction, and delivers its mail to the local outbox.
    public static func createInPostgres(_ location: DataLocation, catalog: OfferCatalog, from world: WorldBuilder,
                                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Workspace {
        guard case .postgres(let conninfo, let workspace) = location else {
            throw StoreError.invalidArgument("\(location) is not a PostgreSQL workspace")
        }
        guard !world.transactions.isEmpty || world.model.lastSequence == 0 else {
            throw StoreError.invalidArgument(
                "this world was built without its transactions; a workspace in PostgreSQL starts from a journal")
        }
        let store = try PostgresWorkspaceStore.create(conninfo: conninfo, workspace: workspace,
                                                      cacheDirectory: cacheDirectory(environment), actor: "")
        let created = Workspace(directory: DataLocation.localFilesDirectory(conninfo: conninfo, workspace: workspace, environment: environment),
                                catalog: catalog, backend: PostgresBackend(store: store, location: location))
        try created.commit(world, to: { try store.commit($0) })
        return created
    }

    /// `$XDG_CACHE_HOME/partnerdash`, else `~/.cache/partnerdash`: local snapshot caches.
    static func cacheDirectory(_ environment: [String: String]) -> String {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/partnerdash" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/partnerdash"
    }

    static func connect(_ conninfo: String) throws -> PostgresConnection {
        do {
            return try PostgresConnection(conninfo)
        } catch {
            throw PostgresStoreError.unreachable(error.message)
        }
    }
}
