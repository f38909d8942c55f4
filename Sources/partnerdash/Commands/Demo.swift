import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the demo workspace: one provider, resellers in every state, 36 customers.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Replace the workspace already in the directory (its data is deleted).")
    var force = false

    mutating func run() throws {
        let session = Session(global)
        let directory = session.directory
        if Workspace.exists(at: directory) {
            guard force else {
                throw CLIError("data", "\(directory.path) already holds a workspace; add --force to replace it")
            }
            // Built beside the old one and swapped in, so a failure leaves the old workspace as it was.
            let staging = directory.deletingLastPathComponent()
                .appendingPathComponent(".\(directory.lastPathComponent).demo-\(getpid())")
            try? FileManager.default.removeItem(at: staging)
            try Self.create(at: staging)
            try FileManager.default.removeItem(at: directory)
            try FileManager.default.moveItem(at: staging, to: directory)
        } else {
            try Self.create(at: directory)
        }
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
