/// Waits for other clients' appends to one workspace: LISTEN on its own connection, so
/// a dashboard can wait (on whatever thread owns the listener) without holding the
/// store's connection. NOTIFY carries only "<workspace> <sequence>"; the waiter is told
/// only that there is something after the sequence it has, and reads the rows itself,
/// so a notification missed while the connection was down loses nothing: after
/// (re)connecting it looks at the table once before waiting.
///
/// Not thread-safe: one owner at a time, like `PostgresConnection`.
public final class PostgresJournalListener {
    public let conninfo: String
    public let workspace: String
    private var connection: PostgresConnection?
    private var journal: PostgresJournal?

    /// Connects lazily, on the first wait.
    public init(conninfo: String, workspace: String) {
        self.conninfo = conninfo
        self.workspace = workspace
    }

    /// Waits up to `timeout` until the workspace has records after `sequence`; true when
    /// it has (read them with `records(after:)`), false when the time ran out. Throws the
    /// connection's error when the server cannot be reached (the next call tries again).
    public func waitForRecords(after sequence: UInt64, upTo timeout: Duration) throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        do {
            if connection?.isConnected != true {
                try listen()
                // Notifications sent while nobody listened are gone: look at the table once.
                if let journal, try journal.storedLastSequence() > sequence { return true }
            }
            guard let connection else { return false }
            repeat {
                let remaining = max(.zero, deadline - ContinuousClock.now)
                for notification in try connection.notifications(waitingUpTo: remaining)
                where notification.channel == PostgresSchema.notifyChannel {
                    if let announced = Self.sequence(in: notification.payload, of: workspace), announced > sequence {
                        return true
                    }
                }
            } while ContinuousClock.now < deadline
            return false
        } catch {
            connection = nil
            journal = nil
            throw error
        }
    }

    /// Closes the listening connection (the next wait opens another).
    public func close() {
        connection = nil
        journal = nil
    }

    private func listen() throws {
        let connection = try PostgresConnection(conninfo)
        try connection.listen(PostgresSchema.notifyChannel)
        self.connection = connection
        journal = try PostgresJournal(connection: connection, workspace: workspace, actor: "")
    }

    /// The sequence in a payload "<workspace> <sequence>" for `workspace` (whose name may
    /// itself contain spaces), or nil for another workspace's.
    static func sequence(in payload: String, of workspace: String) -> UInt64? {
        guard let space = payload.lastIndex(of: " "), payload[..<space] == workspace else { return nil }
        return UInt64(payload[payload.index(after: space)...])
    }
}
