/// Snapshots kept in the database, so a new client starts from the newest one instead of
/// replaying the whole journal. The bytes are the file store's snapshot format (header,
/// checksum and all), so either store reads what the other wrote.
public struct PostgresSnapshots {
    public let connection: PostgresConnection
    public let workspace: String

    public init(connection: PostgresConnection, workspace: String) {
        self.connection = connection
        self.workspace = workspace
    }

    /// Stores a snapshot covering records up to `sequence`; the two newest are kept.
    /// Only a role trusted with every actor may (see `PostgresSchema`).
    public func store(_ bytes: [UInt8], covering sequence: UInt64) throws {
        try connection.execute("SELECT partnerdash_store_snapshot($1, $2, $3)",
                               [.text(workspace), .integer(Int64(sequence)), .bytes(bytes)])
    }

    /// The newest snapshot's sequence, without its bytes (to decide whether a local copy will do).
    public func newestSequence() throws -> UInt64? {
        let rows = try connection.execute(
            "SELECT max(sequence) FROM partnerdash_snapshots WHERE workspace = $1", [.text(workspace)])
        return rows.integer(row: 0, column: 0).map { UInt64($0) }
    }

    /// The stored snapshots' sequences, newest first, without their bytes.
    public func sequencesNewestFirst() throws -> [UInt64] {
        let rows = try connection.execute(
            "SELECT sequence FROM partnerdash_snapshots WHERE workspace = $1 ORDER BY sequence DESC", [.text(workspace)])
        return (0..<rows.rowCount).compactMap { rows.integer(row: $0, column: 0).map { UInt64($0) } }
    }

    /// One snapshot's bytes (nil when it has been pruned meanwhile).
    public func bytes(at sequence: UInt64) throws -> [UInt8]? {
        try connection.execute("SELECT payload FROM partnerdash_snapshots WHERE workspace = $1 AND sequence = $2",
                               [.text(workspace), .integer(Int64(sequence))], result: .binary).bytes(row: 0, column: 0)
    }

    /// The snapshots, newest first, with their bytes: a damaged one falls back to the previous.
    public func newestFirst() throws -> [(sequence: UInt64, bytes: [UInt8])] {
        let rows = try connection.execute("""
            SELECT sequence, payload FROM partnerdash_snapshots WHERE workspace = $1 ORDER BY sequence DESC
            """, [.text(workspace)], result: .binary)
        return (0..<rows.rowCount).compactMap { row in
            guard let sequence = rows.integer(row: row, column: 0), let bytes = rows.bytes(row: row, column: 1) else { return nil }
            return (UInt64(sequence), bytes)
        }
    }
}
