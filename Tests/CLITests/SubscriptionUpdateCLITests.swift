import Foundation
import PartnerCore
import PartnerStore
import Testing
import TestSupport

/// Issue 11, item 4: `subscriptions update`, `cancel`, `upgrade` and `schedule` on a
/// snapshot that says where each subscription is (format 11) read only the subscription
/// sought and its customer; each prints byte for
/// byte what the same command prints on a copy read whole (the demo's journal alone), as
/// text and as JSON, refusals included, and leaves the same workspace behind.
@Suite struct SubscriptionUpdateCLITests {
    private static let narrowed = "read the subscriptions sought alone"

    @Test func everyChangeOfOneSubscriptionOnAFormat11SnapshotPrintsWhatTheWholeWorkspaceGives() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let (whole, model) = try cli.snapshotAndWholeCopy()
        let mia = try #require(model.user(principal: Demo.mia))
        let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        let hers = model.customerIds(visibleTo: mia.accountId)
        let own = try #require(live.first { hers.contains($0.customerId) })
        let hidden = try #require(live.first { !hers.contains($0.customerId) })
        let a = live[live.count / 2], b = live[live.count / 3], cancelled = live[live.count / 4]
        let standard = try #require(live.last { $0.offerId == "m365-business-standard" && $0.status == .active })
        let renewing = try #require(live.last { $0.autoRenewEnabled && $0.id != standard.id && hers.contains($0.customerId) })
        let commands: [[String]] = [
            ["subscriptions", "update", a.id.short, "--quantity", "\(a.quantity + 1)", "--as", Demo.ana],
            ["subscriptions", "update", b.id.description, "--friendly-name", "Renamed by the test", "--as", Demo.ana, "--json"],
            ["subscriptions", "update", a.id.short, "--quantity", "100000000", "--as", Demo.ana],
            ["subscriptions", "update", hidden.id.short, "--auto-renew", "off", "--as", Demo.mia],
            ["subscriptions", "update", own.id.short, "--quantity", "\(own.quantity + 5)", "--as", Demo.mia, "--json"],
            ["subscriptions", "update", "0000abcd", "--quantity", "3", "--as", Demo.ana],
            ["subscriptions", "update", a.id.short, "--auto-renew", a.autoRenewEnabled ? "off" : "on", "--as", Demo.ana, "--json"],
            ["subscriptions", "cancel", cancelled.id.short, "--as", Demo.ana],
            ["subscriptions", "cancel", hidden.id.short, "--as", Demo.mia],
            ["subscriptions", "upgrade", standard.id.short, "--offer", "m365-e5", "--as", Demo.ana],
            ["subscriptions", "upgrade", standard.id.short, "--offer", "m365-business-premium", "--as", Demo.ana, "--json"],
            ["subscriptions", "schedule", renewing.id.short, "--quantity", "\(renewing.quantity + 1)", "--as", Demo.ana, "--json"],
            ["subscriptions", "schedule", renewing.id.short, "--quantity", "\(renewing.quantity + 2)", "--as", Demo.mia],
            ["subscriptions", "schedule", hidden.id.short, "--quantity", "2", "--as", Demo.mia],
        ]
        let log = DiagnosticLogTests.state(cli, ["PARTNERDASH_LOG": "debug"])
        var updated = 0
        for command in commands {
            let narrow = try cli.run(command, environment: log)
            let read = try cli.run(command + ["--data", whole])
            #expect(narrow.status == read.status && narrow.stdout == read.stdout && narrow.stderr == read.stderr,
                    "\(command)\n\(narrow)\n\(read)")
            if narrow.status == 0 { updated += 1 }
        }
        #expect(updated >= 5, "three updates, the upgrade and the change at renewal")
        #expect(try DiagnosticLogTests.lines(cli).filter { $0.contains(Self.narrowed) }.count == commands.count,
                "every command read the subscriptions sought alone")
        let after = try WorkspaceStore.open(directory: cli.workspace.path), afterWhole = try WorkspaceStore.open(directory: whole)
        #expect(after.model.subscriptions == afterWhole.model.subscriptions)
        #expect(after.model.auditLog.suffix(8).map(\.resourceName) == afterWhole.model.auditLog.suffix(8).map(\.resourceName))
    }
}
