import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit

/// The demo world in a temporary workspace, with the clock and time zone
/// pinned so screens render the same every run.
@MainActor
final class DemoWorkspace {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    let directory: URL
    let workspace: Workspace

    init() throws {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
        let world = try DemoWorld.build(names: names, catalog: catalog, now: Self.now, fresh: SeededFreshValues(seed: 1))
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pd-tui-\(UUID().uuidString)")
        workspace = try Workspace.create(at: directory, catalog: catalog, from: world)
        workspace.now = { Self.now }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func session(signedInAs principal: String? = nil) throws -> DashboardSession {
        let session = DashboardSession(workspace: workspace, timeZone: TimeZone(identifier: "UTC")!)
        if let principal {
            guard let user = workspace.model.user(principal: principal) else { throw DemoWorkspaceError.noUser(principal) }
            session.signIn(user.id)
        }
        return session
    }

    static let provider = DemoWorld.providerAdmin
    static let reseller = "mia@fabrikamsolutions.onmicrosoft.com"
}

extension App {
    /// The dashboard as it starts for `session` (Home when signed in), in a test terminal.
    static func startingAtHome(_ session: DashboardSession, size: TerminalSize = .minimum) -> App {
        let shell = DashboardShell(session: session)
        return App(terminal: TestTerminal(size: size), shell: shell, root: shell.startScreen())
    }
}

enum DemoWorkspaceError: Error {
    case noUser(String)
}
