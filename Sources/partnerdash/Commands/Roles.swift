import ArgumentParser
import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres

/// The shared mode's rule: a PostgreSQL login role acts only as the workspace users it is
/// mapped to (`partnerdash_role_users`; '*' is everyone). `--as` and the dashboard's Sign
/// in offer only those, and the database refuses a record by anyone else.
struct Roles: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which PostgreSQL roles may act as which users of a shared workspace.",
        discussion: """
            For a workspace in PostgreSQL (--data postgresql://…?workspace=NAME). The role that created the workspace \
            is mapped to '*' (everyone). Changing mappings needs the role that installed the tables (their owner) or a \
            superuser; every role may list them.

            Examples:
              partnerdash roles list --data "postgresql://me@db/partners?workspace=main"
            """,
        subcommands: [RolesList.self, RolesMap.self, RolesUnmap.self])

    /// The workspace's connection, for a PostgreSQL data location only.
    static func connect(_ session: Session) throws -> (PostgresWorkspaces, workspace: String, location: DataLocation) {
        let location = try session.location
        guard case .postgres(let conninfo, let workspace) = location else {
            throw CLIError("data", "roles are for a workspace in PostgreSQL (--data postgresql://…); a directory's owner may act as anyone",
                           code: ExitStatus.usage)
        }
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(conninfo)
        } catch {
            throw PostgresStoreError.unreachable(error.message)
        }
        let workspaces = PostgresWorkspaces(connection: connection)
        guard try workspaces.exists(workspace) else { throw WorkspaceError.missing(location.description) }
        return (workspaces, workspace, location)
    }

    /// A user named as `--as` names one (or '*'), resolved to their exact user principal
    /// name; a full user principal name that is no user (yet, or any more) is taken as it is.
    static func actor(_ name: String, in session: Session) throws -> String {
        if name == "*" { return name }
        let workspace = try session.open()
        defer { session.close(workspace) }
        do {
            return try workspace.model.findUser(name, field: "user").userPrincipalName
        } catch {
            guard name.contains("@") else { throw error }
            return name
        }
    }

    static func changing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == "42501" {
            throw CLIError("role", "this role may not change mappings (\(error.message)); connect as the role that installed "
                + "the tables or a superuser")
        }
    }
}

struct RolesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List each role and the users it may act as.",
        discussion: """
            Examples:
              partnerdash roles list --data "postgresql://me@db/partners?workspace=main"
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspaces, workspace, _) = try Roles.connect(session)
        let rows = try workspaces.connection.execute(
            "SELECT role, actor FROM partnerdash_role_users WHERE workspace = $1 ORDER BY role, actor", [.text(workspace)])
        let pairs = (0..<rows.rowCount).map { (rows.text(row: $0, column: 0) ?? "", rows.text(row: $0, column: 1) ?? "") }
        if global.json {
            try session.output.emit(pairs.map { ["role": $0.0, "user": $0.1] })
            return
        }
        var table = Table([Table.Column("Role"), Table.Column("May act as")])
        for (role, actor) in pairs { table.add([role, actor == "*" ? "* (everyone)" : actor]) }
        session.output.table(table, empty: "No role may act in this workspace.")
    }
}

struct RolesMap: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map", abstract: "Let a PostgreSQL role act as a workspace user.",
        discussion: """
            Examples:
              partnerdash roles map --role clerk --user ben --data "postgresql://me@db/partners?workspace=main"
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The PostgreSQL login role.") var role: String
    @Option(help: ArgumentHelp("The user (user principal name, or the part before the @ when unique), or '*' for everyone.",
                               valueName: "user"))
    var user: String

    mutating func run() throws {
        let session = Session(global)
        let (workspaces, workspace, _) = try Roles.connect(session)
        let actor = try Roles.actor(user, in: session)
        try Roles.changing { try workspaces.map(role: role, to: actor, in: workspace) }
        session.output.line("Role \(role) may act as \(actor == "*" ? "everyone" : actor) in workspace \(workspace)")
    }
}

struct RolesUnmap: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unmap", abstract: "Stop a PostgreSQL role acting as a workspace user.",
        discussion: """
            Examples:
              partnerdash roles unmap --role clerk --user '*' --data "postgresql://me@db/partners?workspace=main"
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The PostgreSQL login role.") var role: String
    @Option(help: ArgumentHelp("The user, or '*'.", valueName: "user")) var user: String

    mutating func run() throws {
        let session = Session(global)
        let (workspaces, workspace, _) = try Roles.connect(session)
        let actor = try Roles.actor(user, in: session)
        let before = try workspaces.connection.execute(
            "SELECT 1 FROM partnerdash_role_users WHERE workspace = $1 AND role = $2 AND actor = $3",
            [.text(workspace), .text(role), .text(actor)]).rowCount
        guard before > 0 else { throw CLIError("user", "role \(role) is not mapped to \(actor) in workspace \(workspace)") }
        try Roles.changing { try workspaces.unmap(role: role, from: actor, in: workspace) }
        session.output.line("Role \(role) may no longer act as \(actor == "*" ? "everyone" : actor) in workspace \(workspace)")
    }
}
