import Foundation
import Testing
import TestSupport

/// Rule 11 through the built binary: cancel, upgrade, schedule, ending soon; refusals
/// exit 1 with one line naming the field and the rule, and `check` holds after each.
@Suite struct SubscriptionTermCLITests {
    private func subscriptions(_ cli: CLI, _ customer: String) throws -> [[String: Any]] {
        try #require(try cli.run("subscriptions", "list", "--customer", customer, "--as", Demo.ana, "--json").json() as? [[String: Any]])
    }

    @Test func cancelInsideTheWindowAndARefusalAfterIt() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let added = try cli.run(["customers", "add", "--as", Demo.ana, "--reseller", "Fabrikam Solutions", "--json",
                                 "--offer", "m365-business-standard:5"] + Demo.newCustomer(company: "Kite Co", prefix: "kiteco"))
        #expect(added.status == 0, "\(added)")
        let fresh = try #require(try subscriptions(cli, "kiteco").first?["id"] as? String)
        let cancelled = try cli.run("subscriptions", "cancel", String(fresh.prefix(8)), "--as", Demo.ana)
        #expect(cancelled.status == 0, "\(cancelled)")
        #expect(cancelled.stdout.contains("Cancelled") && cancelled.stdout.contains("prorated refund"), "\(cancelled)")
        #expect(try subscriptions(cli, "kiteco").first?["status"] as? String == "deleted")

        // A subscription whose term started more than 168 hours ago (its purchase or renewal).
        let weekAgo = Date().addingTimeInterval(-8 * 86_400)
        let customers = try #require(try cli.run("customers", "list", "--as", Demo.ana, "--json").json() as? [[String: Any]])
        let old = try #require(try customers.compactMap { $0["id"] as? String }.lazy.compactMap { customer in
            try subscriptions(cli, customer).first { sub in
                sub["status"] as? String == "active"
                    && ((sub["effectiveStartDate"] as? String).flatMap { try? Date($0, strategy: .iso8601) }.map { $0 < weekAgo } ?? false)
            }
        }.first)
        let id = try #require(old["id"] as? String)
        let refused = try cli.run("subscriptions", "cancel", id, "--as", Demo.ana)
        #expect(refused.status == 1 && refused.errorLines.count == 1, "\(refused)")
        #expect(refused.stderr.contains("partnerdash: subscription:") && refused.stderr.contains("window closed")
                && refused.stderr.contains("[rule 11]"), "\(refused)")
        let lower = try cli.run("subscriptions", "update", id, "--quantity", "1", "--as", Demo.ana)
        #expect(lower.status == 1 && lower.stderr.contains("partnerdash: quantity:") && lower.stderr.contains("[rule 11]"), "\(lower)")
        let log = try cli.run("log", "--operation", "cancel_subscription", "--as", Demo.ana)
        #expect(log.stdout.contains("Kite Co"), "\(log)")
        #expect(try cli.run("check").status == 0)
    }

    @Test func upgradeKeepsThePartnersAndScheduleWaitsForTheRenewal() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        _ = try cli.run(["customers", "add", "--as", Demo.ana, "--reseller", "Fabrikam Solutions",
                     "--offer", "m365-business-standard:5"] + Demo.newCustomer(company: "Kite Co", prefix: "kiteco"))
        let id = try #require(try subscriptions(cli, "kiteco").first?["id"] as? String)
        try cli.run("subscriptions", "update", id, "--support-contact", "Fabrikam Solutions", "--as", Demo.ana)

        let sideways = try cli.run("subscriptions", "upgrade", id, "--offer", "m365-e5", "--as", Demo.ana)
        #expect(sideways.status == 1 && sideways.stderr.contains("partnerdash: offer:") && sideways.stderr.contains("m365-business-premium")
                && sideways.stderr.contains("[rule 11]"), "\(sideways)")
        let upgraded = try cli.run("subscriptions", "upgrade", id, "--offer", "m365-business-premium", "--as", Demo.ana, "--json")
        #expect(upgraded.status == 0, "\(upgraded)")
        let json = try #require(try upgraded.json() as? [String: Any])
        #expect(json["offerId"] as? String == "m365-business-premium")
        #expect(json["partnerId"] as? String == "4812345")
        #expect((json["supportContact"] as? [String: Any])?["supportMpnId"] as? String == "4812345")

        let scheduled = try cli.run("subscriptions", "schedule", id, "--quantity", "3", "--as", Demo.ana, "--json")
        #expect(scheduled.status == 0, "\(scheduled)")
        let next = try #require(try scheduled.json() as? [String: Any])
        #expect((next["scheduledNextTermInstructions"] as? [String: Any])?["quantity"] as? Int == 3)
        #expect(next["quantity"] as? Int == 5)
        let off = try cli.run("subscriptions", "update", id, "--auto-renew", "off", "--as", Demo.ana, "--json")
        #expect((try off.json() as? [String: Any])?["scheduledNextTermInstructions"] == nil, "auto-renew off clears it")
        let needsRenewal = try cli.run("subscriptions", "schedule", id, "--quantity", "3", "--as", Demo.ana)
        #expect(needsRenewal.status == 1 && needsRenewal.stderr.contains("partnerdash: autoRenew:"), "\(needsRenewal)")
        let usage = try cli.run("subscriptions", "schedule", id, "--as", Demo.ana)
        #expect(usage.status == 2, "\(usage)")
        #expect(try cli.run("check").status == 0)
    }

    @Test func endingListsTheTermsEndingWithin30DaysAndHelpHasExamples() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let ending = try #require(try cli.run("subscriptions", "ending", "--as", Demo.ana, "--json").json() as? [[String: Any]])
        #expect(!ending.isEmpty)
        let text = try cli.run("subscriptions", "ending", "--as", Demo.ana)
        #expect(text.stdout.contains("At the end") && text.stdout.contains("renews"), "\(text)")
        for command in ["cancel", "upgrade", "schedule", "ending"] {
            let help = try cli.run("subscriptions", command, "--help")
            #expect(help.status == 0 && help.stdout.contains("Examples:") && help.stdout.contains("partnerdash subscriptions \(command)"),
                    "\(help)")
        }
    }
}
