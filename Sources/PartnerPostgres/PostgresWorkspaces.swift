/// Creating workspaces in a database and saying which login roles may act as whom.
public struct PostgresWorkspaces {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Creates the tables and functions when missing (under an advisory lock, so two
    /// first runs do not race on the DDL), then refuses a newer schema than this program's.
    public func install() throws {
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(hashtext('partnerdash schema'))")
            try connection.executeScript(PostgresSchema.install)
        }
    }

    public func exists(_ workspace: String) throws -> Bool {
        try connection.execute("SELECT to_regclass('partnerdash_workspaces') IS NOT NULL").text(row: 0, column: 0) == "t"
            && connection.execute("SELECT 1 FROM partnerdash_workspaces WHERE name = $1", [.text(workspace)]).rowCount == 1
    }

    /// A new, empty workspace; the role creating it may act as anyone in it ('*'), as the
    /// owner of a file workspace may.
    public func create(_ workspace: String) throws {
        try install()
        try connection.transaction {
            try connection.execute("INSERT INTO partnerdash_workspaces (name, schema_version) VALUES ($1, $2)",
                                   [.text(workspace), .integer(Int64(PostgresSchema.journalFromOneVersion))])
            try connection.execute("INSERT INTO partnerdash_role_users (workspace, role, actor) VALUES ($1, session_user, '*')",
                                   [.text(workspace)])
        }
    }

    /// Lets `role` act as `actor` (a user principal name, or '*' for everyone).
    public func map(role: String, to actor: String, in workspace: String) throws {
        try connection.execute("""
            INSERT INTO partnerdash_role_users (workspace, role, actor) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """, [.text(workspace), .text(role), .text(actor)])
    }

    public func unmap(role: String, from actor: String, in workspace: String) throws {
        try connection.execute("DELETE FROM partnerdash_role_users WHERE workspace = $1 AND role = $2 AND actor = $3",
                               [.text(workspace), .text(role), .text(actor)])
    }

    /// Whom the connection's own login role may act as in `workspace`.
    public func actorsOfSessionRole(in workspace: String) throws -> [String] {
        let rows = try connection.execute(
            "SELECT actor FROM partnerdash_role_users WHERE workspace = $1 AND role = session_user ORDER BY actor",
            [.text(workspace)])
        return (0..<rows.rowCount).compactMap { rows.text(row: $0, column: 0) }
    }
}
