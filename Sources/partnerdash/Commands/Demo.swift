import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the demo workspace: one provider, resellers in every state, \(DemoWorld.customerCount) customers.",
        discussion: """
            Examples:
              partnerdash demo
              partnerdash demo --data /tmp/demo --force
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Replace the workspace already in the directory (its data is deleted).")
    var force = false

    mutating func run() throws {
        let session = Session(global)
        let location = try session.location
        switch location {
        case .directory(let directory):
            if try SharedWorkspace.exists(location), !force {
                throw CLIError("data", "\(directory.path) already holds a workspace; add --force to replace it")
            }
            try Session.createStaged(at: directory, replacing: force, Self.create)
        case .postgres:
            if try SharedWorkspace.exists(location) {
                throw CLIError("data", "\(location) already holds a workspace"
                    + (force ? "; --force replaces only a directory (a workspace in PostgreSQL is never deleted by partnerdash)" : ""))
            }
            try Self.create(in: location, environment: session.environment)
        }
        if global.json {
            try session.output.emit(["workspace": location.description, "signInAs": DemoWorld.providerAdmin])
            return
        }
        session.output.line("Demo workspace ready in \(location)")
        for line in [
            "Sign in as the provider's admin: --as ana (\(DemoWorld.providerAdmin)); ben is a sales agent without admin agent.",
            "Resellers: mia@fabrikamsolutions… (partner), tom@tailspinit… (invited), nadia@northwindcloud… (not yet).",
            "Try: partnerdash accounts · partnerdash resellers list --as ana · partnerdash customers list --as ana",
        ] { session.output.line(line) }
    }

    static func create(at directory: URL) throws {
        let catalog = try Session.catalog()
        let world = try DemoWorld.build(names: Session.names(), catalog: catalog, now: Date(), fresh: SecureFreshValues())
        _ = try Workspace.create(at: directory, catalog: catalog, from: world)
    }

    /// The demo world in PostgreSQL: its transactions appended in one database transaction.
    static func create(in location: DataLocation, environment: [String: String]) throws {
        let catalog = try Session.catalog()
        let world = try DemoWorld.build(names: Session.names(), catalog: catalog, now: Date(), fresh: SecureFreshValues())
        try SharedWorkspace.createInPostgres(location, catalog: catalog, from: world, environment: environment).close()
    }
}
