import PartnerStore

/// A workspace's journal as rows of `partnerdash_journal`: the same three operations as
/// the file journal (conditional append, read after a sequence, wake-ups), so the store
/// above it does not know which one it has.
///
/// An append is one transaction of `partnerdash_append` calls, one per record, each for
/// the next sequence number; a writer that decided on an older model collides on the
/// primary key and gets `StoreError.conflict`, to catch up and decide again. The acting
/// user travels with every record, and the database refuses one the login role is not
/// mapped to.
public final class PostgresJournal: Journal {
    public let workspace: String
    public private(set) var lastSequence: UInt64
    public let wakeUps = JournalWakeUps()
    /// Who the records appended from now on act as (the signed-in user, or the
    /// enrollee or customer a command acts for).
    public var actor: String

    private let connection: PostgresConnection

    public init(connection: PostgresConnection, workspace: String, actor: String) throws {
        self.connection = connection
        self.workspace = workspace
        self.actor = actor
        lastSequence = 0
        lastSequence = try storedLastSequence()
    }

    public func append(_ records: [JournalEntry], expectedLastSequence: UInt64) throws -> UInt64 {
        try append(records, actors: records.map { _ in actor }, expectedLastSequence: expectedLastSequence)
    }

    /// The same, each record with its own acting user (a batch of commands by several
    /// users: the store passes each transaction's `userPrincipalName`).
    public func append(_ records: [JournalEntry], actors: [String], expectedLastSequence: UInt64) throws -> UInt64 {
        guard !records.isEmpty else { throw StoreError.invalidArgument("append of no records") }
        guard actors.count == records.count else {
            throw StoreError.invalidArgument("append of \(records.count) records with \(actors.count) actors")
        }
        var statements: [PostgresStatement] = []
        var sequence = expectedLastSequence
        for (record, actor) in zip(records, actors) {
            sequence += 1
            statements.append(PostgresStatement("SELECT partnerdash_append($1, $2, $3, $4, $5)", [
                .text(workspace), .integer(Int64(sequence)), .integer(Int64(record.type)), .bytes(record.payload), .text(actor),
            ]))
        }
        // In the append lock's transaction (committed asynchronously, `takeAppendLock`: the
        // lock goes at once, and the flush is waited for after it, where writers' flushes
        // overlap), or in one of its own, committed synchronously. One round trip either way.
        let holdingLock = isHoldingAppendLock
        isHoldingAppendLock = false
        do {
            _ = try connection.executePipeline((holdingLock ? [] : [PostgresStatement("BEGIN")]) + statements
                                               + [PostgresStatement("COMMIT")])
        } catch {
            if connection.isConnected { _ = try? connection.execute("ROLLBACK") }
            if error.isUniqueViolation || error.sqlState == "40001" {
                throw StoreError.conflict(expected: expectedLastSequence,
                                          actual: (try? storedLastSequence()) ?? expectedLastSequence)
            }
            throw error
        }
        if holdingLock {
            do {
                try beforeDurabilityWaitForTesting?()
                try waitUntilDurable()
            } catch {
                // Committed, and maybe seen by others, but not known to be on disk: as
                // unknown as a COMMIT whose answer was lost (the store looks it up).
                throw PostgresError(message: "\(error)", sqlState: nil, connectionLost: true)
            }
        }
        let last = expectedLastSequence + UInt64(records.count)
        lastSequence = last
        wakeUps.wake(lastSequence: last)
        return last
    }

    // MARK: Appending unless behind

    /// What `appendIfCurrent` came to.
    public enum AppendOutcome {
        /// Stored and on the server's disk, as the sequences up to `last`.
        case appended(last: UInt64)
        /// Others appended first: nothing was written; these are the rows after the
        /// expected sequence, to catch up from (checked to follow on without a gap).
        case behind(missed: [(record: JournalRecord, actor: String)])
    }

    /// Whether the database has `partnerdash_append_after` (false once a call found it
    /// missing: a database whose functions an older partnerdash installed; every append
    /// then goes through the append lock's transaction, `takeAppendLock`).
    public private(set) var canAppendIfCurrent = true

    /// Appends the record after `expected` only when the journal still ends there, else
    /// returns what others appended since, in one round trip: `partnerdash_append_after`
    /// (under the append lock it checks the tail, inserts and commits without waiting for
    /// the flush, so the lock is held for that one server-side step and never across a
    /// round trip to this client), then, as a transaction of its own in the same pipeline,
    /// `partnerdash_wait_for_flush`, so an append is durable when this returns. A
    /// conflict with a writer that appended without the lock (the primary key: 23505) or
    /// a gap (40001) is `StoreError.conflict`. (Several records: the append lock's
    /// transaction, `takeAppendLock`.)
    public func appendIfCurrent(_ record: JournalEntry, actor: String, after expected: UInt64) throws -> AppendOutcome {
        precondition(!isHoldingAppendLock, "appendIfCurrent takes the append lock itself")
        let append = PostgresStatement("SELECT * FROM partnerdash_append_after($1, $2, $3, $4, $5)", [
            .text(workspace), .integer(Int64(expected)), .integer(Int64(record.type)), .bytes(record.payload), .text(actor),
        ], result: .binary)
        let wait = PostgresStatement("SELECT partnerdash_wait_for_flush()")
        let results: [PostgresResult]
        do throws(PostgresError) {
            if let hook = beforeDurabilityWaitForTesting {
                // The same two transactions, one round trip each, so a test can act between them.
                results = [try connection.execute(append.sql, append.parameters, result: .binary)]
                do {
                    try hook()
                    try connection.execute(wait.sql)
                } catch {
                    throw PostgresError(message: "\(error)", sqlState: nil, connectionLost: true)
                }
            } else {
                results = try connection.executePipeline([append, wait], syncEach: true)
            }
        } catch {
            if error.sqlState == Self.undefinedFunction { canAppendIfCurrent = false }
            if error.isUniqueViolation || error.sqlState == "40001" {
                throw StoreError.conflict(expected: expected, actual: (try? storedLastSequence()) ?? expected)
            }
            throw error
        }
        let missed = try rows(of: results[0], after: expected)
        guard missed.isEmpty else { return .behind(missed: missed) }
        let last = expected + 1
        lastSequence = max(lastSequence, last)
        wakeUps.wake(lastSequence: last)
        return .appended(last: last)
    }

    /// SQLSTATE of a call to a function the database does not have.
    static let undefinedFunction = "42883"

    // MARK: The append lock

    /// Whether a transaction holding the append lock is open on the connection: the next
    /// `append` goes into it and commits it (or `releaseAppendLock` rolls it back).
    public private(set) var isHoldingAppendLock = false

    /// How long a writer waits for another's append lock before deciding without it
    /// (a writer stopped while holding it, say): the primary key still refuses a stale append.
    public static let appendLockTimeout = "5s"

    /// Opens a transaction, takes the workspace's append lock (a transaction-level advisory
    /// lock), waiting for the writer holding it to commit, and reads the rows after
    /// `sequence`, all in one round trip (the read's snapshot is taken once the lock is
    /// granted, so it holds every row of the writer before). Deciding on them and appending
    /// in the same transaction cannot lose a race to another writer that takes the lock too.
    /// Nil (nothing held) when the lock was not granted within `appendLockTimeout`.
    ///
    /// The transaction commits with `synchronous_commit = off`, so its COMMIT (and with it
    /// the lock) does not wait for the WAL flush; `append` then waits for the flush with
    /// `waitUntilDurable` before it returns, outside the lock (STORE.md › Appending).
    public func takeAppendLock(readingAfter sequence: UInt64) throws -> [(record: JournalRecord, actor: String)]? {
        precondition(!isHoldingAppendLock, "the append lock is already held")
        let results: [PostgresResult]
        do {
            results = try connection.executePipeline([
                PostgresStatement("BEGIN"),
                PostgresStatement("SET LOCAL lock_timeout = '\(Self.appendLockTimeout)'"),
                PostgresStatement("SET LOCAL synchronous_commit = off"),
                PostgresStatement("SELECT pg_advisory_xact_lock(\(Self.appendLockClass), \(Self.appendLockKey(workspace)))"),
                rowsStatement(after: sequence),
            ])
        } catch {
            if connection.isConnected { _ = try? connection.execute("ROLLBACK") }
            if error.sqlState == "55P03" { return nil }
            throw error
        }
        isHoldingAppendLock = true
        return try rows(of: results[results.count - 1], after: sequence)
    }

    /// Returns once every transaction this connection has committed or seen committed is
    /// flushed to the server's disk: a transaction of its own that takes a transaction id
    /// commits synchronously, and its commit record comes after theirs in the WAL, which is
    /// flushed in order, so its flush covers them (and concurrent writers' flushes are
    /// made together by the server's group commit).
    public func waitUntilDurable() throws(PostgresError) {
        do {
            try connection.executeScript(
                "BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_current_xact_id(); COMMIT")
        } catch {
            if connection.isConnected { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// Test hook: runs after an append's asynchronous COMMIT and before `waitUntilDurable`;
    /// may throw (the connection lost there).
    var beforeDurabilityWaitForTesting: (() throws -> Void)?

    /// Rolls back the transaction `takeAppendLock` opened (nothing to append), letting the lock go.
    public func releaseAppendLock() {
        guard isHoldingAppendLock else { return }
        isHoldingAppendLock = false
        if connection.isConnected { _ = try? connection.execute("ROLLBACK") }
    }

    /// The advisory lock's first key: partnerdash's own class ("pd" and 1), so that other
    /// programs' advisory locks in the same database do not collide with it.
    static let appendLockClass: Int32 = 0x7064_0001

    /// The second key: the workspace name's 32-bit FNV-1a hash. Two workspaces that share a
    /// hash only wait for each other's appends.
    static func appendLockKey(_ workspace: String) -> Int32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in workspace.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return Int32(bitPattern: hash)
    }

    public func records(after sequence: UInt64) throws -> [JournalRecord] {
        try recordsWithActors(after: sequence).map(\.record)
    }

    /// The records after `sequence` with the actor column stored beside each, read in one
    /// statement, so a reader can check every record's actor against the one inside it.
    /// `limit` reads only the first few (to see whether an append whose answer was lost
    /// is there).
    public func recordsWithActors(after sequence: UInt64, limit: Int? = nil) throws -> [(record: JournalRecord, actor: String)] {
        let statement = rowsStatement(after: sequence, limit: limit)
        return try rows(of: try connection.execute(statement.sql, statement.parameters, result: .binary), after: sequence)
    }

    private func rowsStatement(after sequence: UInt64, limit: Int? = nil) -> PostgresStatement {
        PostgresStatement("""
            SELECT sequence, record_type, payload, actor FROM partnerdash_journal
            WHERE workspace = $1 AND sequence > $2 ORDER BY sequence
            """ + (limit.map { " LIMIT \(max(0, $0))" } ?? ""), [.text(workspace), .integer(Int64(sequence))], result: .binary)
    }

    /// The rows of `rowsStatement`, checked to follow on from `sequence` without a gap.
    private func rows(of rows: PostgresResult, after sequence: UInt64) throws -> [(record: JournalRecord, actor: String)] {
        var records: [(record: JournalRecord, actor: String)] = []
        records.reserveCapacity(rows.rowCount)
        var expected = sequence
        for row in 0..<rows.rowCount {
            guard let number = rows.integer(row: row, column: 0), let type = rows.integer(row: row, column: 1),
                  let payload = rows.bytes(row: row, column: 2), let actor = rows.text(row: row, column: 3) else {
                throw StoreError.corrupt(file: "partnerdash_journal", offset: Int64(row), reason: "a row has a null column")
            }
            // A copied workspace's journal may begin with a base row past 1 (`PostgresJournalBase`).
            if row == 0, sequence == 0, type == Int64(PostgresJournalBase.recordType), number > 0 { expected = UInt64(number) - 1 }
            expected += 1
            guard number == Int64(expected) else {
                throw StoreError.corrupt(file: "partnerdash_journal", offset: number,
                                         reason: "record has sequence \(number) where \(expected) was expected")
            }
            records.append((JournalRecord(sequence: UInt64(number), type: UInt8(truncatingIfNeeded: type), payload: payload), actor))
        }
        if let last = records.last?.record.sequence, last > lastSequence { lastSequence = last }
        return records
    }

    /// The actors stored beside records after `sequence`, so a reader can check that each
    /// equals the actor inside its record: the database cannot read the binary record.
    public func actors(after sequence: UInt64) throws -> [UInt64: String] {
        let rows = try connection.execute("""
            SELECT sequence, actor FROM partnerdash_journal WHERE workspace = $1 AND sequence > $2
            """, [.text(workspace), .integer(Int64(sequence))])
        var actors: [UInt64: String] = [:]
        for row in 0..<rows.rowCount {
            if let number = rows.integer(row: row, column: 0), let actor = rows.text(row: row, column: 1) {
                actors[UInt64(number)] = actor
            }
        }
        return actors
    }

    /// The table's last sequence for the workspace (one cheap query: a poll for news).
    public func storedLastSequence() throws -> UInt64 {
        let rows = try connection.execute(
            "SELECT coalesce(max(sequence), 0) FROM partnerdash_journal WHERE workspace = $1", [.text(workspace)])
        return UInt64(rows.integer(row: 0, column: 0) ?? 0)
    }
}
