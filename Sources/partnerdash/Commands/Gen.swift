import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres

struct Gen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a large synthetic workspace (the same for the same seed), for trying scale.",
        discussion: """
            Examples:
              partnerdash gen --data /tmp/big --customers 200000 --resellers 500
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Number of indirect resellers, all partnered with the provider.") var resellers: Int = 200
    @Option(help: "Number of customers, spread over the resellers.") var customers: Int = 20_000
    @Option(help: "Seed for the generator.") var seed: UInt64 = 1

    mutating func validate() throws {
        guard resellers >= 0, customers >= 0 else { throw ValidationError("--resellers and --customers must not be negative") }
    }

    mutating func run() throws {
        let session = Session(global)
        let directory = try session.directory(for: "gen")
        guard !(try SharedWorkspace.exists(.directory(directory))) else {
            throw CLIError("data", "\(directory.path) already holds a workspace; choose another --data")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let total = customers
        let world = try SyntheticWorld.build(
            resellers: resellers, customers: customers, seed: seed, names: Session.names(), catalog: Session.catalog(),
            now: Date(), progress: { done in session.output.note("gen: \(done) of \(total) customers") })
        let built = clock.now
        var stored: (customers: Int, subscriptions: Int) = (0, 0)
        try Session.createStaged(at: directory, replacing: false) { staging in
            // Said once the staging directory exists, so a killed gen's leftover is named.
            session.output.note("gen: built \(world.model.customers.count) customers in \(Dates.duration(built - start)); writing the workspace in \(staging.path)")
            let workspace = try Workspace.create(at: staging, catalog: Session.catalog(), from: world)
            stored = (workspace.model.customers.count, workspace.model.subscriptions.count)
        }
        let elapsed = clock.now - start
        session.output.note("gen: done in \(Dates.duration(elapsed))")
        if global.json {
            try session.output.emit(GenSummary(workspace: directory.path, resellers: resellers,
                                               customers: stored.customers, subscriptions: stored.subscriptions,
                                               seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        } else {
            session.output.line("Generated \(resellers) resellers and \(stored.customers) customers in \(directory.path)")
        }
    }
}

struct GenSummary: Encodable {
    var workspace: String
    var resellers: Int
    var customers: Int
    var subscriptions: Int
    var seconds: Double
}
