import Foundation
import PartnerCore
import PartnerStore

/// One workspace kept in PostgreSQL (the shared mode): the model in memory, made durable
/// by rows of `partnerdash_journal`, started from the newest snapshot (a local cache file
/// or one stored in the database). The PostgreSQL counterpart of `WorkspaceStore`, with
/// the same names where they mean the same. Not thread-safe: one owner (the main actor
/// in the dashboard, the main thread in the CLI), like the connection under it.
///
/// Several clients share a workspace. A commit is an append conditional on the model's
/// last sequence: a client that decided on an older state loses the race
/// (`StoreError.conflict`) and nothing is applied. `commit(deciding:)` is the form that
/// keeps every rule true against the latest state: catch up, decide on the fresh model,
/// append; on a conflict, catch up and decide again, a bounded number of times.
/// `refresh` reads what others appended; `waitForChanges` waits for it cheaply.
///
/// While PostgreSQL cannot be reached the store is read-only and `readOnlyReason` says
/// why; every `refresh`, `commit` and wait tries the connection again and clears it when
/// the server answers. A commit whose answer was lost with the connection is looked up
/// after reconnecting: it was stored (then it is applied, once) or it was not (then it is
/// appended again, or is a conflict). Nothing acknowledged is lost or applied twice.
public final class PostgresWorkspaceStore {
    public let workspace: String
    /// The user this client signed in as ("" for nobody yet; `act(as:)` changes it). A
    /// login role mapped neither to it nor to '*' opens the workspace read-only, saying so. Each record is appended as the user
    /// inside its own transaction (`userPrincipalName`); the database refuses one the
    /// login role may not act as.
    public private(set) var actor: String
    /// The connection's login role (`session_user`).
    public let sessionRole: String
    /// Whom the login role may act as in this workspace (`partnerdash_role_users`, '*'
    /// is everyone): read at open and again by `reloadRoleMapping` (at each sign-in, and
    /// by the dashboard's reads of others' changes), since a mapping may change while a
    /// client is open.
    public private(set) var sessionRoleActors: [String]
    /// This workspace's local snapshot cache (`<cacheDirectory>/<key>`).
    public let cacheDirectory: String
    public private(set) var model: PartnerModel
    public var lastSequence: UInt64 { model.lastSequence }
    /// Where `open` started and how much it replayed.
    public private(set) var openReport: PostgresOpenReport
    /// Why changes are refused now: closed, PostgreSQL unreachable ("PostgreSQL
    /// unreachable: <libpq's message>"; `outage` says since when), or the login role may
    /// not act as `actor`.
    public var readOnlyReason: String? { closedReason ?? unreachableReason ?? permissionReason }
    public var isReadOnly: Bool { readOnlyReason != nil }
    /// The server did not answer the last call (`readOnlyReason` says why); the next
    /// `refresh`, `commit` or wait tries to connect again.
    public var isUnreachable: Bool { unreachableReason != nil }
    /// Since when the server has not answered, and libpq's latest message; nil while it does.
    public private(set) var outage: (since: Date, message: String)?
    /// Whether the login role is trusted with every actor ('*'), and so may store
    /// snapshots in the database (every role may read them).
    public var mayStoreSnapshots: Bool { sessionRoleActors.contains("*") }
    /// Journal payload bytes this client applied (replayed at open, read by `refresh`,
    /// committed) since its last snapshot, for deciding when to checkpoint.
    public private(set) var journalBytesSinceCheckpoint: Int64
    /// Bytes after which `isCheckpointDue` says to checkpoint (as `WorkspaceStore`'s).
    public var checkpointThresholdBytes: Int64 = 8 << 20
    /// Whether the caller should checkpoint (the store never starts one itself).
    public var isCheckpointDue: Bool {
        !isCheckpointRunning && closedReason == nil && journalBytesSinceCheckpoint >= checkpointThresholdBytes
    }
    /// A checkpoint started by `startCheckpoint` is being written.
    public var isCheckpointRunning: Bool { job != nil }
    /// Always false: `open` decodes the whole model before it returns. (For a caller
    /// written for `WorkspaceStore`'s two-step open.)
    public var isLoading: Bool { false }

    private let connection: PostgresConnection
    private let journal: PostgresJournal
    private let cache: PostgresSnapshotCache
    private let listener: PostgresJournalListener
    private var unreachableReason: String?
    /// The newest sequence this client's local cache holds a snapshot of (0: none).
    private var cachedSequence: UInt64
    private var permissionReason: String?
    /// Every record up to this one is known to be on the server's disk. Others' records
    /// are read once committed, which (committed asynchronously) may be before their
    /// flush; a server that crashes before it loses them (STORE.md › Appending).
    private var durableSequence: UInt64 = 0
    /// The last record applied to the model, as stored: after a reconnect it must still be
    /// there, else the server lost it and the model is read again.
    private var lastApplied: (record: JournalRecord, actor: String)?
    /// How many times the model was read again from the server (`reloadAfterLostRecords`),
    /// and how many of those `refresh` has told its caller of.
    private var reloads = 0
    private var reloadsTold = 0
    private var closedReason: String?
    private var job: PostgresCheckpointJob?
    /// Test hook: runs after an append is stored and before its answer is used, and may
    /// throw (a lost answer), to prove that the store then looks the append up.
    var afterAppendForTesting: (() throws -> Void)?
    /// Test hook: runs after the connection of a lost append is made again and before the
    /// append is looked up, and may throw (the connection lost again).
    var beforeLookupForTesting: (() throws -> Void)?
    /// Test hook: runs after an append's asynchronous COMMIT and before the wait for its
    /// flush (`PostgresJournal.waitUntilDurable`); may throw or stop the server.
    var beforeDurabilityWaitForTesting: (() throws -> Void)? {
        get { journal.beforeDurabilityWaitForTesting }
        set { journal.beforeDurabilityWaitForTesting = newValue }
    }

    private init(workspace: String, actor: String, model: PartnerModel, openReport: PostgresOpenReport,
                 connection: PostgresConnection, journal: PostgresJournal, cache: PostgresSnapshotCache,
                 sessionRole: String, sessionRoleActors: [String], journalBytes: Int64) {
        self.workspace = workspace
        self.actor = actor
        self.sessionRole = sessionRole
        self.sessionRoleActors = sessionRoleActors
        permissionReason = Self.permissionReason(role: sessionRole, actors: sessionRoleActors, actor: actor, workspace: workspace)
        self.model = model
        self.openReport = openReport
        self.connection = connection
        self.journal = journal
        self.cache = cache
        cacheDirectory = cache.directory
        journalBytesSinceCheckpoint = journalBytes
        switch openReport.source {
        case .journal: cachedSequence = 0
        case .localCache(let sequence), .database(let sequence): cachedSequence = sequence
        }
        listener = PostgresJournalListener(conninfo: connection.conninfo, workspace: workspace)
    }

    /// `$XDG_CACHE_HOME/partnerdash`, else `~/.cache/partnerdash`: where the local
    /// snapshot caches go unless the caller names another directory.
    public static var defaultCacheDirectory: String { PostgresSnapshotCache.defaultBase }

    // MARK: Creating and opening

    /// Creates an empty workspace in the database (installing the tables when missing);
    /// the login role may act as everyone in it ('*'), as the owner of a file workspace
    /// may. Then opens it. A workspace of that name already there is refused.
    public static func create(conninfo: String, workspace: String, cacheDirectory: String = defaultCacheDirectory,
                              actor: String) throws -> PostgresWorkspaceStore {
        let connection = try connect(conninfo)
        let workspaces = PostgresWorkspaces(connection: connection)
        do {
            try workspaces.create(workspace)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw StoreError.invalidArgument("a workspace named \(workspace) already exists in that database")
        }
        return try open(connection: connection, workspace: workspace, cacheDirectory: cacheDirectory, actor: actor)
    }

    /// Opens a workspace: the newer of the local cache's newest snapshot and the
    /// database's newest snapshot is decoded (a damaged one is passed over), then the
    /// rows after it are replayed, each checked against its actor column. A snapshot
    /// fetched from the database is written to the local cache for next time.
    public static func open(conninfo: String, workspace: String, cacheDirectory: String = defaultCacheDirectory,
                            actor: String) throws -> PostgresWorkspaceStore {
        try open(connection: try connect(conninfo), workspace: workspace, cacheDirectory: cacheDirectory, actor: actor)
    }

    private static func connect(_ conninfo: String) throws -> PostgresConnection {
        do {
            return try PostgresConnection(conninfo)
        } catch {
            throw PostgresStoreError.unreachable(error.message)
        }
    }

    private static func open(connection: PostgresConnection, workspace: String, cacheDirectory: String,
                             actor: String) throws -> PostgresWorkspaceStore {
        let clock = ContinuousClock()
        let start = clock.now
        let workspaces = PostgresWorkspaces(connection: connection)
        guard try workspaces.exists(workspace) else {
            throw StoreError.notAWorkspace(path: "PostgreSQL workspace \(workspace)", reason: "the database has no workspace of that name")
        }
        let row = try connection.execute(
            "SELECT schema_version, created_at::text FROM partnerdash_workspaces WHERE name = $1", [.text(workspace)])
        let schemaVersion = row.integer(row: 0, column: 0) ?? 0
        guard schemaVersion <= Int64(PostgresSchema.version) else {
            throw StoreError.newerFormat(file: "PostgreSQL workspace \(workspace)", found: UInt32(clamping: schemaVersion),
                                         supported: UInt32(PostgresSchema.version))
        }
        let cache = try PostgresSnapshotCache(base: cacheDirectory, conninfo: connection.conninfo, workspace: workspace,
                                              identity: row.text(row: 0, column: 1) ?? "")
        let actors = try workspaces.actorsOfSessionRole(in: workspace)
        let role = try connection.sessionUser()
        let journal = try PostgresJournal(connection: connection, workspace: workspace, actor: actor)

        let (model, loaded, replay) = try load(workspace: workspace, connection: connection, journal: journal, cache: cache,
                                               storedLast: journal.lastSequence)
        var report = loaded
        report.duration = clock.now - start
        let store = PostgresWorkspaceStore(
            workspace: workspace, actor: actor, model: model, openReport: report, connection: connection,
            journal: journal, cache: cache, sessionRole: role, sessionRoleActors: actors,
            journalBytes: replay.reduce(0) { $0 + Int64($1.record.payload.count) })
        store.noteLoaded(replay, snapshotSequence: model.lastSequence - UInt64(replay.count))
        return store
    }

    /// The newest usable snapshot and the rows after it, applied.
    private static func load(workspace: String, connection: PostgresConnection, journal: PostgresJournal,
                             cache: PostgresSnapshotCache, storedLast: UInt64) throws -> (PartnerModel, PostgresOpenReport, [ReadRow]) {
        var report = PostgresOpenReport()
        let (base, source) = try startingPoint(workspace: workspace, connection: connection, cache: cache,
                                               storedLast: storedLast, report: &report)
        report.source = source
        var model = base ?? PartnerModel()
        var rows = try journal.recordsWithActors(after: model.lastSequence)
        // A copied workspace may begin with a base snapshot (`PostgresJournalBase`): read when replaying from nothing.
        if let first = rows.first, first.record.type == PostgresJournalBase.recordType, model.lastSequence == 0 {
            model = try PostgresJournalBase.model(of: first.record, workspace: workspace)
            rows.removeFirst()
        }
        let replay = try decoded(rows, workspace: workspace)
        for row in replay { row.apply(to: &model) }
        report.replayedRecords = replay.count
        return (model, report, replay)
    }

    /// The model of the newest usable snapshot (local cache or database), or nil to
    /// replay everything. A snapshot that is damaged, newer than this program, or ahead of
    /// the journal is passed over (its reason in `report.skippedSnapshots`).
    private static func startingPoint(workspace: String, connection: PostgresConnection, cache: PostgresSnapshotCache,
                                      storedLast: UInt64, report: inout PostgresOpenReport)
        throws -> (PartnerModel?, PostgresOpenReport.Source)
    {
        var local = cache.newest(skipped: &report.skippedSnapshots)
        if let snapshot = local, snapshot.sequence > storedLast {
            report.skippedSnapshots.append(
                "local cache: \(snapshot.path) covers sequence \(snapshot.sequence) but the journal ends at \(storedLast)")
            local = nil
        }
        let localSequence = local?.sequence ?? 0
        let snapshots = PostgresSnapshots(connection: connection, workspace: workspace)
        if let stored = try snapshots.newestSequence(), stored > localSequence {
            // One at a time: an older one is fetched only when the newer is unusable.
            for sequence in try snapshots.sequencesNewestFirst() where sequence > localSequence {
                let source = "PostgreSQL snapshot \(sequence) of workspace \(workspace)"
                guard let bytes = try snapshots.bytes(at: sequence) else { continue }
                do {
                    let snapshot = try SnapshotFile.read(bytes: bytes, source: source, readableVersions: ModelCodec.readableVersions)
                    guard snapshot.sequence == sequence, sequence <= storedLast else {
                        throw StoreError.corrupt(file: source, offset: 8, reason:
                            "its header covers sequence \(snapshot.sequence); the row says \(sequence), the journal ends at \(storedLast)")
                    }
                    let model = try decodeModel(snapshot)
                    do {
                        try cache.store(payloadParts: [try snapshot.payload], sequence: sequence, formatVersion: snapshot.formatVersion)
                    } catch {
                        report.skippedSnapshots.append("local cache not written: \(error)")
                    }
                    return (model, .database(sequence: sequence))
                } catch {
                    report.skippedSnapshots.append("\(error)")
                }
            }
        }
        if let local {
            do {
                return (try decodeModel(local), .localCache(sequence: local.sequence))
            } catch {
                report.skippedSnapshots.append("local cache: \(error)")
            }
        }
        return (nil, .journal)
    }

    static func decodeModel(_ snapshot: SnapshotFile) throws -> PartnerModel {
        do {
            var reader = snapshot.payloadReader()
            let model = try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion)
            guard model.lastSequence == snapshot.sequence else {
                throw StoreError.corrupt(file: snapshot.path, offset: 8, reason:
                    "the header covers sequence \(snapshot.sequence) but the model inside is at \(model.lastSequence)")
            }
            return model
        } catch let StoreError.malformed(offset, reason) {
            throw StoreError.corrupt(file: snapshot.path, offset: Int64(offset), reason: reason)
        }
    }

    /// The rows after `sequence`, decoded, each checked against its actor column: the
    /// database checked the login role against that column when the row was appended,
    /// and the model believes the user inside the record, so the two must be one.
    private static func decodedRecords(after sequence: UInt64, journal: PostgresJournal,
                                       workspace: String) throws -> [ReadRow] {
        try decoded(journal.recordsWithActors(after: sequence), workspace: workspace)
    }

    private static func decoded(_ rows: [(record: JournalRecord, actor: String)], workspace: String) throws -> [ReadRow] {
        try rows.map { record, actor in
            let place = "partnerdash_journal (workspace \(workspace))"
            let transactions: [Transaction]
            do {
                transactions = try ModelCodec.decodeTransactions(record)
            } catch let StoreError.malformed(offset, reason) {
                throw StoreError.corrupt(file: "\(place) record \(record.sequence)", offset: Int64(offset), reason: reason)
            }
            // Every transaction of a record (an import's many) was checked against the one actor column.
            for transaction in transactions where transaction.userPrincipalName != actor {
                throw StoreError.corrupt(file: place, offset: Int64(record.sequence), reason:
                    "record \(record.sequence)'s actor column says \(actor) but the transaction inside was done by "
                    + "\(transaction.userPrincipalName.isEmpty ? "nobody" : transaction.userPrincipalName); "
                    + "it was not appended through partnerdash_append and is refused")
            }
            return ReadRow(transactions: transactions, record: record, actor: actor)
        }
    }

    /// A row read and checked: its transactions (an import's many, else one), and the row
    /// as stored, to know it again.
    private struct ReadRow {
        var transactions: [Transaction]
        var record: JournalRecord
        var actor: String

        /// Every transaction of the row at the row's one sequence (an import's share it).
        func apply(to model: inout PartnerModel) {
            for transaction in transactions { model.apply(transaction, sequence: record.sequence) }
        }
    }

    /// Whether the login role may act as `actor` ('*' or that user mapped to it).
    public func mayActAs(_ actor: String) -> Bool {
        sessionRoleActors.contains("*") || sessionRoleActors.contains(actor)
    }

    /// Changes who this client acts as (a new sign-in), with the role's mapping read
    /// again: the store is read-only while the login role may not act as them, and
    /// writable again once it may.
    public func act(as actor: String) {
        self.actor = actor
        reloadRoleMapping()
    }

    /// Reads again whom the login role may act as (`partnerdash roles map`/`unmap` may
    /// have changed it since), and so whether `actor` may write. While PostgreSQL is
    /// unreachable the last mapping read stays (and the store is read-only anyway).
    /// Returns whether the mapping changed.
    @discardableResult
    public func reloadRoleMapping() -> Bool {
        let before = sessionRoleActors
        if reachable() {
            do {
                sessionRoleActors = try PostgresWorkspaces(connection: connection).actorsOfSessionRole(in: workspace)
            } catch let error as PostgresError where error.connectionLost {
                markUnreachable(error.message)
            } catch {
                // Not readable now (a revoked SELECT, say): the database still checks every append.
            }
        }
        permissionReason = Self.permissionReason(role: sessionRole, actors: sessionRoleActors, actor: actor, workspace: workspace)
        return sessionRoleActors != before
    }

    /// Nobody signed in yet (`actor` empty) is not read-only: the database checks each
    /// record's own user as it is appended.
    static func permissionReason(role: String, actors: [String], actor: String, workspace: String) -> String? {
        actor.isEmpty || actors.contains("*") || actors.contains(actor) ? nil
            : "PostgreSQL role \(role) may not act as \(actor) in workspace \(workspace)"
    }

    /// After a load: the snapshot is durable (the cache and the database hold only
    /// flushed records); the rows replayed after it are once the server has flushed
    /// everything it has committed.
    private func noteLoaded(_ replay: [ReadRow], snapshotSequence: UInt64) {
        lastApplied = replay.last.map { ($0.record, $0.actor) }
        durableSequence = (try? journal.waitUntilDurable()) == nil ? snapshotSequence : model.lastSequence
    }

    /// After a reconnect: the server may have restarted after a crash that lost commits it
    /// had not flushed yet, which this client may have read. The last record applied must
    /// still be there as it was (the WAL is flushed in order, so then every one before it
    /// is too); else the model is read again from what the server has. False when the
    /// server could not be asked.
    private func settleAfterReconnect() -> Bool {
        guard let applied = lastApplied, applied.record.sequence > durableSequence else { return true }
        do {
            let stored = try journal.recordsWithActors(after: applied.record.sequence - 1, limit: 1)
            if let row = stored.first, row.record == applied.record, row.actor == applied.actor {
                try journal.waitUntilDurable()
                durableSequence = applied.record.sequence
            } else {
                try reloadAfterLostRecords()
            }
            return true
        } catch let error as PostgresError where error.connectionLost {
            markUnreachable(error.message)
            return false
        } catch {
            markUnreachable("\(error)")
            return false
        }
    }

    /// The server lost records this client had applied: the model is loaded again, as
    /// `open` loads it.
    private func reloadAfterLostRecords() throws {
        let (model, _, replay) = try Self.load(workspace: workspace, connection: connection, journal: journal, cache: cache,
                                               storedLast: try journal.storedLastSequence())
        self.model = model
        journalBytesSinceCheckpoint = replay.reduce(0) { $0 + Int64($1.record.payload.count) }
        noteLoaded(replay, snapshotSequence: model.lastSequence - UInt64(replay.count))
        reloads += 1
    }

    // MARK: Reading what others appended

    /// Reads the records appended after `lastSequence` (by anyone), checks and applies
    /// them; true when the model changed. While PostgreSQL is unreachable it returns
    /// false and `readOnlyReason` says why (each call tries to reconnect). A record that
    /// fails its checks is thrown and nothing of that read is applied.
    @discardableResult
    public func refresh() throws -> Bool {
        guard closedReason == nil else { return false }
        do {
            let read = try catchUp()
            defer { reloadsTold = reloads }
            return read || reloads != reloadsTold
        } catch let error as PostgresStoreError {
            if case .unreachable = error { return false }
            throw error
        }
    }

    /// Waits up to `timeout` until others have appended after `lastSequence` (LISTEN on a
    /// second connection; a poll of the table when that fails); true when there is
    /// something for `refresh` to read. Changes nothing itself.
    public func waitForChanges(upTo timeout: Duration) throws -> Bool {
        guard closedReason == nil else { return false }
        let deadline = ContinuousClock.now + timeout
        do {
            return try listener.waitForRecords(after: lastSequence, upTo: timeout)
        } catch is PostgresError {
            // No listening connection (the next wait tries again): poll the table on ours until the deadline.
            while true {
                if reachable(), try polledLastSequence() > lastSequence { return true }
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { return false }
                Thread.sleep(forTimeInterval: min(0.25, Double(remaining.components.seconds)
                    + Double(remaining.components.attoseconds) / 1e18))
            }
        }
    }

    // MARK: Writing

    /// Appends the transactions (one record each) in one database transaction,
    /// conditional on `lastSequence`, then applies them. A writer that appended first is
    /// `StoreError.conflict` and nothing is applied (`refresh`, or use
    /// `commit(deciding:)`). While PostgreSQL is unreachable: `StoreError.readOnly`.
    /// Returns the last sequence.
    /// With `asOneRecord`, the transactions are one row (record type 4, one sequence, one
    /// actor: they must be one user's).
    @discardableResult
    public func commit(_ transactions: [Transaction], asOneRecord: Bool = false) throws -> UInt64 {
        try requireWritable()
        guard !transactions.isEmpty else { return lastSequence }
        let (seen, reloadsBefore) = (model.lastSequence, reloads)
        guard reachable() else { throw StoreError.readOnly(reason: readOnlyReason ?? "PostgreSQL unreachable") }
        // Reconnecting found records lost: the transactions were made against a model that is gone.
        guard reloads == reloadsBefore else { throw StoreError.conflict(expected: seen, actual: model.lastSequence) }
        let entries = ModelCodec.entries(transactions, asOneRecord: asOneRecord)
        let actors = asOneRecord ? [transactions[0].userPrincipalName] : transactions.map(\.userPrincipalName)
        let expected = model.lastSequence
        let outcome = try append(entries, actors: actors, after: expected) { [journal] in
            .appended(last: try journal.append(entries, actors: actors, expectedLastSequence: expected))
        }
        guard case .appended(let last) = outcome else { throw StoreError.conflict(expected: expected, actual: expected + 1) }
        applyCommitted(transactions, entries: entries, actors: actors, after: expected, last: last, asOneRecord: asOneRecord)
        return last
    }

    /// Applies this client's own transactions once their records are durable.
    private func applyCommitted(_ transactions: [Transaction], entries: [JournalEntry], actors: [String],
                                after expected: UInt64, last: UInt64, asOneRecord: Bool) {
        lastAppendedAfter = expected
        journalBytesSinceCheckpoint += entries.reduce(0) { $0 + Int64($1.payload.count) }
        for (index, transaction) in transactions.enumerated() {
            model.apply(transaction, sequence: expected + 1 + (asOneRecord ? 0 : UInt64(index)))
        }
        // Durable, and with it every record before it (the WAL is flushed in order).
        durableSequence = last
        lastApplied = (JournalRecord(sequence: last, type: entries[entries.count - 1].type,
                                     payload: entries[entries.count - 1].payload), actors[actors.count - 1])
    }

    @discardableResult
    public func commit(_ transaction: Transaction) throws -> UInt64 {
        try commit([transaction])
    }

    /// How every rule holds against the latest state. A change of one record is first
    /// decided without any lock, on the model as it is, and appended only if the journal
    /// still ends where that model does (`PostgresJournal.appendIfCurrent`: one round trip,
    /// the append lock held by the server for the one step that checks the tail, inserts
    /// and commits); when others appended first, their rows come back instead, are applied,
    /// and the change is decided again on that model. After `triesBeforeTheLock` such
    /// tries (or for several records, or a database without that function) a try takes
    /// the workspace's append lock (one transaction: the lock, the rows others appended,
    /// `decide` on the fresh model, the append, COMMIT), so writers that take it wait for
    /// each other instead of losing races. The primary key stays the safety net: a writer
    /// that appended without the lock (or one whose lock was not granted within
    /// `appendLockTimeout`, or whose connection broke) is a conflict, and this catches up
    /// and decides again, up to `attempts` tries in all, then throws
    /// `PostgresStoreError.tooManyConflicts`. A rule that the other writer's change now
    /// breaks is `decide`'s own error (a `DomainError`), thrown as it is; a refusal (or
    /// nothing to do) decided on a model not read in this call is decided again after a
    /// catch-up first, so it too stands on the latest state. Returns the last sequence.
    @discardableResult
    public func commit(deciding decide: (PartnerModel) throws -> [Transaction], attempts: Int = 8,
                       asOneRecord: Bool = false) throws -> UInt64 {
        guard attempts >= 1 else { throw StoreError.invalidArgument("commit(deciding:) needs at least one attempt") }
        try requireWritable()
        // Whether the model was read from the journal in this call (a catch-up, or the rows
        // a try found it behind by): a refusal decided on it stands.
        var caughtUp = false
        var lockOnly = !journal.canAppendIfCurrent
        let start = model.lastSequence
        // Others appended during this client's last commit: they are likely still at it,
        // and on a busy machine tries that lose to them cost more CPU than waiting for the
        // lock (STORE.md › Appending), so this commit decides under the lock at once.
        let triesFirst = othersAppendedDuringLastCommit ? 0 : min(triesBeforeTheLock, attempts - 1)
        defer { if let appendedAfter = lastAppendedAfter { othersAppendedDuringLastCommit = appendedAfter != start } }
        lastAppendedAfter = nil
        for attempt in 0..<attempts {
            if attempt < triesFirst, !lockOnly {
                switch try tryBeforeTheLock(decide, asOneRecord: asOneRecord, caughtUp: &caughtUp) {
                case .committed(let last):
                    appendPaths.beforeTheLock += 1
                    return last
                case .decideAgain:
                    appendPaths.triesLost += 1
                    continue
                case .underTheLock: lockOnly = true
                }
            }
            let transactions: [Transaction]
            do {
                transactions = try decideHoldingTheAppendLock(decide)
            } catch PostgresStoreError.unreachable {
                throw StoreError.readOnly(reason: readOnlyReason ?? "PostgreSQL unreachable")
            } catch is LostWhileLocked {
                continue
            }
            // Appending commits the lock's transaction; anything that throws before lets it go here.
            defer { journal.releaseAppendLock() }
            guard !transactions.isEmpty else { return lastSequence }
            do {
                let last = try commit(transactions, asOneRecord: asOneRecord)
                appendPaths.underTheLock += 1
                return last
            } catch StoreError.conflict {
                continue
            }
        }
        throw PostgresStoreError.tooManyConflicts(attempts: attempts, workspace: workspace,
                                                  lastSequence: (try? journal.storedLastSequence()) ?? lastSequence)
    }

    /// How many of `commit(deciding:)`'s tries decide before any lock (at most all but
    /// the last); the rest decide holding the append lock. With others writing, the first
    /// usually finds the model behind (and so catches up in the same round trip) and the
    /// next decide on the rows read; a failed try costs one cheap server-side step, while a
    /// try under the lock holds it across a round trip to this client, so a few are worth
    /// it before the lock guarantees progress.
    public var triesBeforeTheLock = 4

    /// How this client's `commit(deciding:)` calls appended (counted, for `scripts/writers`).
    public private(set) var appendPaths = AppendPaths()

    /// Whether others' rows were applied during this client's last successful
    /// `commit(deciding:)` (between its start and its append): then the next one takes
    /// the append lock from its first try.
    public private(set) var othersAppendedDuringLastCommit = false
    /// The sequence the last append of this client followed (nil: none in this commit).
    private var lastAppendedAfter: UInt64?

    private enum TryOutcome {
        case committed(UInt64)
        /// Others appended first (their rows are applied now), or the answer was a conflict.
        case decideAgain
        /// This change is for the append lock's transaction (several records; the
        /// database lacks `partnerdash_append_after`).
        case underTheLock
    }

    /// One try of `commit(deciding:)` without the lock: decide on the model as it is, then
    /// append only if the journal still ends there.
    private func tryBeforeTheLock(_ decide: (PartnerModel) throws -> [Transaction], asOneRecord: Bool,
                                  caughtUp: inout Bool) throws -> TryOutcome {
        let reloadsBefore = reloads
        guard reachable() else { throw StoreError.readOnly(reason: readOnlyReason ?? "PostgreSQL unreachable") }
        if reloads != reloadsBefore { caughtUp = true }
        let transactions = try decideOnTheLatest(decide, caughtUp: &caughtUp)
        guard !transactions.isEmpty else { return .committed(lastSequence) }
        let entries = ModelCodec.entries(transactions, asOneRecord: asOneRecord)
        guard entries.count == 1 else { return .underTheLock }
        let actors = [transactions[0].userPrincipalName]
        let expected = model.lastSequence
        do {
            switch try append(entries, actors: actors, after: expected, { [journal] in
                try journal.appendIfCurrent(entries[0], actor: actors[0], after: expected)
            }) {
            case .appended(let last):
                applyCommitted(transactions, entries: entries, actors: actors, after: expected, last: last, asOneRecord: asOneRecord)
                return .committed(last)
            case .behind(let missed):
                apply(try Self.decoded(missed, workspace: workspace))
                caughtUp = true
                return .decideAgain
            }
        } catch StoreError.conflict {
            caughtUp = false
            return .decideAgain
        } catch let error as PostgresError where error.sqlState == PostgresJournal.undefinedFunction {
            return .underTheLock
        }
    }

    /// `decide` on the model; a refusal or nothing to do, when the model was not read in
    /// this call, is decided again after catching up (the latest state may say otherwise).
    private func decideOnTheLatest(_ decide: (PartnerModel) throws -> [Transaction],
                                   caughtUp: inout Bool) throws -> [Transaction] {
        if !caughtUp {
            do {
                let transactions = try decide(model)
                if !transactions.isEmpty { return transactions }
            } catch {
                // Decided again below, on the latest state.
            }
            do {
                _ = try catchUp()
            } catch PostgresStoreError.unreachable {
                throw StoreError.readOnly(reason: readOnlyReason ?? "PostgreSQL unreachable")
            }
            caughtUp = true
        }
        return try decide(model)
    }

    /// The connection broke after the append lock was taken and before anything was
    /// appended, and answers again: nothing was written; decide again.
    private struct LostWhileLocked: Error {}

    /// Takes the append lock (when granted in time), catches up and decides; the lock is
    /// still held when this returns (`commit` appends into its transaction). On any error
    /// the lock is let go.
    private func decideHoldingTheAppendLock(_ decide: (PartnerModel) throws -> [Transaction]) throws -> [Transaction] {
        guard reachable() else { throw PostgresStoreError.unreachable(unreachableReason ?? "") }
        do {
            if let rows = try journal.takeAppendLock(readingAfter: model.lastSequence) {
                apply(try Self.decoded(rows, workspace: workspace))
            } else {
                _ = try catchUp()
            }
            return try decide(model)
        } catch let error as PostgresError where error.connectionLost {
            journal.releaseAppendLock()
            markUnreachable(error.message)
            guard reachable() else { throw PostgresStoreError.unreachable(error.message) }
            throw LostWhileLocked()
        } catch {
            journal.releaseAppendLock()
            throw error
        }
    }

    /// Writes a snapshot of the model to the local cache (always) and, when the login
    /// role may (`mayStoreSnapshots`), to the database, where a new client starts from
    /// it instead of replaying every row. Works while PostgreSQL is unreachable (the cache
    /// only; `storedInDatabase` is then false). On the calling thread (the CLI); the
    /// dashboard uses `startCheckpoint`.
    @discardableResult
    public func checkpoint() throws -> PostgresCheckpointReport {
        if let closedReason { throw StoreError.readOnly(reason: closedReason) }
        guard job == nil else { throw StoreError.invalidArgument("a checkpoint is already running") }
        let sequence = model.lastSequence
        var report = PostgresCheckpointReport(sequence: sequence)
        guard sequence > 0, isDurable() else { return report }
        let parts = try ModelCodec.encodeParts(model)
        report.cacheFile = try cache.store(payloadParts: parts, sequence: sequence, formatVersion: ModelCodec.currentVersion)
        cachedSequence = max(cachedSequence, sequence)
        journalBytesSinceCheckpoint = 0
        guard mayStoreSnapshots, reachable() else { return report }
        do {
            report.storedInDatabase = try PostgresCheckpointJob.store(parts, sequence: sequence, connection: connection,
                                                                      workspace: workspace)
        } catch let error as PostgresError where error.connectionLost {
            markUnreachable(error.message)
        }
        return report
    }

    /// `checkpoint` for an owner whose thread must never wait: the model is frozen (a
    /// copy of a value) and encoded, cached and stored on another thread, over a
    /// connection of its own, while commits go on; `pollCheckpoint` collects the outcome.
    /// False when one is running already or the workspace is empty.
    /// With `localCacheOnly`, only this client's cache is written (`isLocalCacheBehind`:
    /// so that a later start while the server is unreachable shows what this one saw).
    @discardableResult
    public func startCheckpoint(localCacheOnly: Bool = false) throws -> Bool {
        if let closedReason { throw StoreError.readOnly(reason: closedReason) }
        guard job == nil, model.lastSequence > 0, isDurable() else { return false }
        job = PostgresCheckpointJob(model: model, cache: cache,
                                    conninfo: mayStoreSnapshots && !localCacheOnly ? connection.conninfo : nil,
                                    workspace: workspace)
        if !localCacheOnly { journalBytesSinceCheckpoint = 0 }
        return true
    }

    /// The outcome of a checkpoint started by `startCheckpoint` once it is written (its
    /// error thrown); nil while it is being written, or when none was started.
    public func pollCheckpoint() throws -> PostgresCheckpointReport? {
        guard let job, let outcome = job.outcome else { return nil }
        self.job = nil
        let report = try outcome.get()
        cachedSequence = max(cachedSequence, report.sequence)
        return report
    }

    /// Whether the local cache holds nothing as new as the model (the model came from
    /// rows this client replayed or read, not from a snapshot it has).
    public var isLocalCacheBehind: Bool { cachedSequence < model.lastSequence }

    /// Blocks until a started checkpoint is written; `pollCheckpoint` then collects it.
    public func waitUntilCheckpointWritten() {
        job?.wait()
    }

    /// Nothing to wait for: `open` returned the whole model (see `isLoading`).
    public func finishLoading() throws {}

    /// Closes the connections; later changes are refused.
    public func close() {
        closedReason = "the workspace was closed"
        listener.close()
    }

    // MARK: Private

    /// Whether every record in the model is on the server's disk, waiting for the flush
    /// when not known yet: a snapshot (the local cache's too) must never hold a record a
    /// crash of the server could still lose, or a client opening from it would go on from
    /// a state the journal no longer has.
    private func isDurable() -> Bool {
        guard model.lastSequence > durableSequence else { return true }
        guard unreachableReason == nil else { return false }
        do {
            try journal.waitUntilDurable()
        } catch {
            if error.connectionLost { markUnreachable(error.message) }
            return false
        }
        durableSequence = model.lastSequence
        return true
    }

    private func requireWritable() throws {
        if let reason = closedReason ?? permissionReason { throw StoreError.readOnly(reason: reason) }
    }

    /// Reads, checks and applies the rows after the model; a lost connection is tried
    /// again once at once (a server restart between two calls is invisible), else it is
    /// `PostgresStoreError.unreachable` and the store is read-only until it answers.
    /// (Inside the append lock's transaction the rows come with the lock instead.)
    private func catchUp() throws -> Bool {
        var tries = 0
        while true {
            guard reachable() else { throw PostgresStoreError.unreachable(unreachableReason ?? "") }
            let records: [ReadRow]
            do {
                records = try Self.decodedRecords(after: model.lastSequence, journal: journal, workspace: workspace)
            } catch let error as PostgresError where error.connectionLost {
                markUnreachable(error.message)
                tries += 1
                if tries < 2 { continue }
                throw PostgresStoreError.unreachable(error.message)
            }
            return apply(records)
        }
    }

    /// Applies rows read after the model's last sequence; whether there were any.
    @discardableResult
    private func apply(_ records: [ReadRow]) -> Bool {
        for row in records {
            row.apply(to: &model)
            journalBytesSinceCheckpoint += Int64(row.record.payload.count)
        }
        if let last = records.last { lastApplied = (last.record, last.actor) }
        return !records.isEmpty
    }

    private func polledLastSequence() throws -> UInt64 {
        do {
            return try journal.storedLastSequence()
        } catch let error as PostgresError where error.connectionLost {
            markUnreachable(error.message)
            return lastSequence
        }
    }

    /// True when the connection is usable; while it is marked unreachable, tries to
    /// connect again first (and clears the reason when that works).
    private func reachable() -> Bool {
        guard unreachableReason != nil else { return true }
        if connection.reconnect() {
            unreachableReason = nil
            outage = nil
            return settleAfterReconnect()
        }
        markUnreachable(connection.errorMessage)
        return false
    }

    private func markUnreachable(_ message: String) {
        unreachableReason = "PostgreSQL unreachable: \(message)"
        // Since the first failure of this outage, not the latest try.
        outage = (outage?.since ?? Date(), message)
    }

    /// The append, with no doubt left when the connection breaks under it: after
    /// reconnecting, the records at the next sequences are read back; the payloads and
    /// actors being ours means it was stored (acknowledged now); other records there mean
    /// another writer won (a conflict); none means it was not stored, and it is appended
    /// again. When the server does not come back at once, `outcomeUnknown`.
    private func append(_ entries: [JournalEntry], actors: [String], after expected: UInt64,
                        _ attempt: () throws -> PostgresJournal.AppendOutcome) throws -> PostgresJournal.AppendOutcome {
        var lost = 0
        while true {
            do {
                let outcome = try attempt()
                try afterAppendForTesting?()
                return outcome
            } catch let error as PostgresError where error.connectionLost {
                lost += 1
                markUnreachable(error.message)
                let reloadsBefore = reloads
                guard reachable() else {
                    throw PostgresStoreError.outcomeUnknown(workspace: workspace, sequence: expected + 1,
                                                            reason: unreachableReason ?? error.message)
                }
                // The server lost records the model had (and so the ones these were decided on): decide again.
                if reloads != reloadsBefore { throw StoreError.conflict(expected: expected, actual: model.lastSequence) }
                let stored: [(record: JournalRecord, actor: String)]
                do {
                    try beforeLookupForTesting?()
                    stored = try journal.recordsWithActors(after: expected, limit: entries.count)
                } catch let lookup as PostgresError where lookup.connectionLost {
                    // Lost again before the answer could be read: still not known (never a bare PostgresError,
                    // which a caller would take for "nothing happened" and decide again).
                    markUnreachable(lookup.message)
                    throw PostgresStoreError.outcomeUnknown(workspace: workspace, sequence: expected + 1,
                                                            reason: unreachableReason ?? lookup.message)
                }
                if stored.isEmpty {
                    // Not stored: append it again (a second lost connection in a row gives up).
                    guard lost < 2 else {
                        throw StoreError.readOnly(reason: "PostgreSQL keeps dropping the connection: \(error.message)")
                    }
                    continue
                }
                let ours = stored.count == entries.count && zip(stored, zip(entries, actors)).allSatisfy { row, mine in
                    row.record.type == mine.0.type && row.record.payload == mine.0.payload && row.actor == mine.1
                }
                guard ours else {
                    throw StoreError.conflict(expected: expected, actual: (try? journal.storedLastSequence()) ?? expected + 1)
                }
                // Stored, but committed asynchronously: acknowledged only once it is on disk.
                do {
                    try journal.waitUntilDurable()
                } catch {
                    markUnreachable(error.message)
                    throw PostgresStoreError.outcomeUnknown(workspace: workspace, sequence: expected + 1,
                                                            reason: unreachableReason ?? error.message)
                }
                return .appended(last: expected + UInt64(entries.count))
            }
        }
    }
}

/// Where `PostgresWorkspaceStore.open` started from and what it replayed.
public struct PostgresOpenReport: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// No usable snapshot: every row was replayed.
        case journal
        /// The local cache's snapshot covering up to `sequence`.
        case localCache(sequence: UInt64)
        /// A snapshot stored in the database (now also in the local cache).
        case database(sequence: UInt64)
    }

    public var source: Source = .journal
    /// Rows replayed on top of the snapshot.
    public var replayedRecords = 0
    /// Snapshots passed over, each with why (damaged, newer, ahead of the journal).
    public var skippedSnapshots: [String] = []
    public var duration: Duration = .zero
}

/// What `PostgresWorkspaceStore.checkpoint` wrote.
public struct PostgresCheckpointReport: Sendable, Equatable {
    /// The sequence the snapshot covers (0: an empty workspace, nothing written).
    public var sequence: UInt64
    /// The local cache file written, or nil when one covering `sequence` was there.
    public var cacheFile: String?
    /// Whether a snapshot was stored in the database (the role may, and none as new was there).
    public var storedInDatabase = false
}

/// Counts of how `commit(deciding:)` appended: by a try before the append lock, under the
/// lock, and the tries before it that came back behind (or a conflict) and were decided again.
public struct AppendPaths: Equatable, Sendable {
    public var beforeTheLock = 0
    public var underTheLock = 0
    public var triesLost = 0
}
