import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the demo workspace: one provider, resellers in every state, 36 customers.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Replace the workspace already in the directory (its data is deleted).")
    var force = false

    mutating func run() throws {
        let session = Session(global)
        let directory = session.directory
        if Workspace.exists(at: directory), !force {
            throw CLIError("data", "\(directory.path) already holds a workspace; add --force to replace it")
        }
        try Session.createStaged(at: directory, replacing: force, Self.create)
        if global.json {
            try session.output.emit(["workspace": directory.path, "signInAs": DemoWorld.providerAdmin])
            return
        }
        session.output.line("Demo workspace ready in \(directory.path)")
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
}
