import Foundation
import PartnerCore
import PartnerDashboard
import PartnerResources
import PartnerWorkspace

extension DemoWorkspace {
    /// `partnerdash gen`'s world in a scratch directory of its own, on the demo's clock:
    /// for tests that need more resellers or customers than the demo holds. The caller
    /// closes it and removes `directory`.
    func syntheticWorkspace(resellers: Int, customers: Int, seed: UInt64) throws -> (workspace: Workspace, directory: URL) {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let world = try SyntheticWorld.build(resellers: resellers, customers: customers, seed: seed, names: names,
                                             catalog: workspace.catalog, now: Self.now)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pd-world-\(UUID().uuidString)")
        let created = try Workspace.create(at: directory, catalog: workspace.catalog, from: world)
        created.now = { Self.now }
        return (created, directory)
    }

    /// A dashboard session on `workspace`, in UTC, signed in as the provider's admin.
    static func providerSession(on workspace: Workspace) throws -> DashboardSession {
        let session = DashboardSession(workspace: workspace, timeZone: TimeZone(identifier: "UTC")!)
        guard let ana = workspace.model.user(principal: DemoWorld.providerAdmin) else { throw NoProviderAdmin() }
        session.signIn(ana.id)
        return session
    }

    struct NoProviderAdmin: Error {}
}
