import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import Testing

/// `customers list` opens without the snapshot's orders and subscriptions (STORE.md ›
/// Opening), yet its Subscriptions column is each customer's tally in the whole model: it
/// comes from the snapshot's subscription summary, never from the model without them.
@Suite struct DeferredListingTests {
    @Test func theCustomersListShowsTheWholeModelsTallies() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
        let world = try DemoWorld.build(names: names, catalog: catalog, now: Date(), fresh: SeededFreshValues(seed: 1))
        // Checked against the catalog the CLI opens with, so the open may defer.
        try WorkspaceStore.create(directory: cli.workspace.path, startingFrom: world.model, catalog: catalog).close()
        let result = try cli.run("customers", "list", "--as", Demo.ana)
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        let ana = try #require(world.model.user(principal: Demo.ana))
        let shown = world.model.customerList(visibleTo: ana.accountId)
        try #require(!shown.isEmpty && shown.contains { world.model.subscriptionTally(of: $0.id).total > 0 })
        for customer in shown {
            let line = try #require(lines.first { $0.contains(customer.id.description) })
            #expect(line.contains(" \(world.model.subscriptionTally(of: customer.id).label) "), "\(line)")
        }
    }
}
