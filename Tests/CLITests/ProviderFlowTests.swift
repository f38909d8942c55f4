import Foundation
import Testing
import TestSupport

/// The provider's workflows end to end through the built binary.
@Suite struct ProviderFlowTests {
    @Test func eitherSideEndsAPartnershipAndTheProviderNoLongerActsForTheReseller() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let sales = try cli.run("resellers", "end", "--reseller", "Fabrikam Solutions", "--as", Demo.ben)
        #expect(sales.status == 1 && sales.stderr.contains("partnerdash: roles:"), "\(sales)")

        let outbox = try FileManager.default.contentsOfDirectory(atPath: cli.workspace.appendingPathComponent("outbox").path)
        let ended = try cli.run("resellers", "end", "--reseller", "4812345", "--as", Demo.ana, "--json")
        #expect(ended.status == 0, "\(ended)")
        let partnership = try #require(try ended.json() as? [String: Any])
        #expect(partnership["status"] as? String == "ended")
        let mails = try FileManager.default.contentsOfDirectory(atPath: cli.workspace.appendingPathComponent("outbox").path)
        #expect(mails.count == outbox.count + 1, "Fabrikam is told by email")
        // Issue 10 item 14: the subscriptions that credited Fabrikam no longer do, as the log says.
        let log = try cli.run("log", "--as", Demo.ana, "--operation", "end_partner_relationship")
        #expect(log.stdout.contains("Fabrikam Solutions no longer partner of record or support contact on"), "\(log)")
        let customers = try #require(try cli.run("customers", "list", "--reseller", "Fabrikam Solutions", "--as", Demo.ana, "--json")
            .json() as? [[String: Any]])
        let first = try #require(customers.first?["id"] as? String)
        let subs = try #require(try cli.run("subscriptions", "list", "--customer", first, "--as", Demo.ana, "--json").json()
            as? [[String: Any]])
        #expect(!subs.isEmpty && subs.allSatisfy { $0["partnerId"] as? String != "4812345" }, "\(subs)")

        let rows = try #require(try cli.run("resellers", "list", "--as", Demo.ana, "--json").json() as? [[String: Any]])
        #expect(rows.first { $0["legalName"] as? String == "Fabrikam Solutions" }?["partnership"] as? String == "ended")
        let add = try cli.run(["customers", "add", "--as", Demo.ana, "--reseller", "Fabrikam Solutions",
                               "--offer", "teams-essentials:5"] + Demo.newCustomer())
        #expect(add.status == 1 && add.stderr.contains("partnerdash: reseller:"), "\(add)")

        let again = try cli.run("providers", "end", "--provider", "Contoso Distribution", "--as", Demo.mia)
        #expect(again.status == 1 && again.stderr.contains("partnerdash: partner:"), "\(again)")
        #expect(try cli.run("check").status == 0)
    }

    /// Issue 10 item 14, from the reseller's side: the command says what the subscriptions lose.
    @Test func theResellerEndingAPartnershipIsToldWhatTheSubscriptionsLose() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let ended = try cli.run("providers", "end", "--provider", "Contoso Distribution", "--as", Demo.mia)
        #expect(ended.status == 0, "\(ended)")
        #expect(ended.stdout.contains("The partnership with Contoso Distribution has ended; Fabrikam Solutions no longer "
            + "partner of record or support contact on"), "\(ended)")
        #expect(try cli.run("check").status == 0)
    }

    @Test func demoResellersListShowsEveryPartnershipState() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let text = try cli.run("resellers", "list", "--as", Demo.ana)
        #expect(text.status == 0, "\(text)")
        let rows = text.stdout.split(separator: "\n")
        #expect(rows.first?.hasPrefix("Reseller") == true)
        #expect(rows.contains { $0.hasPrefix("Fabrikam Solutions") && $0.contains(" Active ") })
        #expect(rows.contains { $0.hasPrefix("Tailspin IT") && $0.contains(" Invited ") })
        #expect(rows.contains { $0.hasPrefix("Northwind Cloud") && $0.contains(" — ") })
        // Resellers still in enrollment cannot be invited, so they are not on the page.
        #expect(!text.stdout.contains("Wingtip") && !text.stdout.contains("Litware"))

        let json = try #require(try cli.run("resellers", "list", "--as", Demo.ana, "--json").json() as? [[String: Any]])
        #expect(Set(json.compactMap { $0["partnership"] as? String }) == ["active", "invited", "none"])
    }

    @Test func requestPartnershipAuthorizeAddCustomerAndAudit() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let request = try cli.run("resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana, "--json")
        #expect(request.status == 0, "\(request)")
        let link = try CLI.link(request)
        let outbox = try #require((try request.json() as? [String: Any])?["outboxFile"] as? String)
        #expect(try StrictMail.parse(contentsOf: URL(fileURLWithPath: outbox)).body.contains(link))

        // Without --authorize the reseller sees who invites whom for what, and nothing changes.
        let before = try cli.workspaceState()
        let look = try cli.run("accept", link, "--as", Demo.nadia)
        #expect(look.status == 0, "\(look)")
        #expect(look.stdout.contains("Contoso Distribution") && look.stdout.contains("Northwind Cloud"))
        #expect(look.stderr.contains("--authorize"))
        #expect(try cli.workspaceState() == before)

        let authorize = try cli.run("accept", link, "--authorize", "--as", Demo.nadia)
        #expect(authorize.status == 0, "\(authorize)")
        let again = try cli.run("accept", link, "--authorize", "--as", Demo.nadia)
        #expect(again.status == 1 && again.stderr.contains("already accepted"), "\(again)")

        let add = try cli.run(["customers", "add", "--as", Demo.ana, "--reseller", "Northwind Cloud",
                               "--offer", "m365-business-premium:25", "--offer", "teams-essentials:10"] + Demo.newCustomer())
        #expect(add.status == 0, "\(add)")
        #expect(add.stdout.contains("admin@alpineski.onmicrosoft.com") && add.stdout.contains("Temporary password"))

        let list = try cli.run("customers", "list", "--reseller", "Northwind Cloud", "--as", Demo.ana)
        #expect(list.status == 0, "\(list)")
        let rows = list.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 1)
        #expect(rows.first?.hasPrefix("Alpine Ski") == true && rows.first?.contains("Northwind Cloud") == true)

        let subscriptions = try #require(try cli.run("subscriptions", "list", "--customer", "alpineski", "--as", Demo.ana,
                                                     "--json").json() as? [[String: Any]])
        #expect(Set(subscriptions.compactMap { $0["offerId"] as? String }) == ["m365-business-premium", "teams-essentials"])
        #expect(subscriptions.allSatisfy { $0["partnerId"] as? String == "4700112" })

        let log = try cli.run("log", "--as", Demo.ana)
        let newest = try #require(log.stdout.split(separator: "\n").dropFirst().first)
        #expect(newest.contains("add_customer") && newest.contains(Demo.ana) && newest.contains("Alpine Ski"), "\(log)")
        // The reseller sees the change made for it, too.
        let resellerLog = try #require(try cli.run("log", "--as", Demo.nadia, "--operation", "add_customer", "--json").json()
            as? [[String: Any]])
        #expect(resellerLog.count == 1 && resellerLog.first?["userPrincipalName"] as? String == Demo.ana)
    }

    @Test func ordersSubscriptionChangesAndRemovingARelationship() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let added = try cli.run(["customers", "add", "--as", Demo.ana, "--reseller", "Fabrikam Solutions", "--json",
                                 "--offer", "teams-essentials:5"] + Demo.newCustomer(company: "Kite Co", prefix: "kiteco"))
        #expect(added.status == 0, "\(added)")
        // Issue 13 item 1: Adatum is partnered but no reseller of record of Kite Co; it could not see the subscription.
        let outsider = try cli.run("orders", "add", "--customer", "kiteco", "--offer", "m365-e3:3:4733001", "--as", Demo.ana)
        #expect(outsider.status == 1 && outsider.errorLines.count == 1, "\(outsider)")
        #expect(outsider.stderr.contains("partnerOfRecord: Adatum Systeme GmbH is not a reseller of record for Kite Co")
            && outsider.stderr.contains("[rule 2]"), "\(outsider)")
        let order = try cli.run("orders", "add", "--customer", "kiteco", "--offer", "m365-e3:3:4812345", "--as", Demo.ana)
        #expect(order.status == 0, "\(order)")
        #expect(order.stdout.contains("Fabrikam Solutions (4812345)"))

        let subs = try #require(try cli.run("subscriptions", "list", "--customer", "kiteco", "--as", Demo.ana, "--json").json()
            as? [[String: Any]])
        #expect(subs.count == 2)
        let ids = subs.compactMap { $0["id"] as? String }

        let support = try cli.run("subscriptions", "update", ids[0], "--support-contact", "Fabrikam Solutions",
                                  "--quantity", "7", "--as", Demo.ana, "--json")
        #expect(support.status == 0, "\(support)")
        let updated = try #require(try support.json() as? [String: Any])
        #expect(updated["quantity"] as? Int == 7)
        #expect((updated["supportContact"] as? [String: Any])?["supportMpnId"] as? String == "4812345")

        // Rule 2: Northwind is not a partner, so it cannot be support contact.
        let refused = try cli.run("subscriptions", "update", ids[0], "--support-contact", "Northwind Cloud", "--as", Demo.ana)
        #expect(refused.status == 1 && refused.errorLines.count == 1 && refused.stderr.contains("supportContact"), "\(refused)")

        // Rule 8: a reseller of record goes only once every subscription is suspended.
        let early = try cli.run("customers", "remove-relationship", "--customer", "kiteco", "--partner", "4812345", "--as", Demo.ana)
        #expect(early.status == 1 && early.stderr.contains("suspend") && early.stderr.contains("rule 8"), "\(early)")
        for id in ids {
            let suspend = try cli.run("subscriptions", "update", String(id.prefix(8)), "--suspend", "--as", Demo.ana)
            #expect(suspend.status == 0, "\(suspend)")
        }
        let removed = try cli.run("customers", "remove-relationship", "--customer", "kiteco", "--partner", "Fabrikam Solutions",
                                  "--as", Demo.ana)
        #expect(removed.status == 0, "\(removed)")
        #expect(removed.stdout.contains("Fabrikam Solutions is no longer a reseller of record for"), "\(removed)")
        #expect(removed.stdout.contains("Fabrikam Solutions no longer partner of record or support contact on 2 subscription(s)"),
                "its credit and support contact were cleared: \(removed)")
        let shared = try cli.run("customers", "list", "--reseller", "Fabrikam Solutions", "--filter", "kite", "--as", Demo.ana)
        #expect(shared.stdout.split(separator: "\n").count == 1, "\(shared)")
    }

    @Test func listingRequestShowsAsSubmitted() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let request = try cli.run("listing", "request", "--as", Demo.ana,
                                  "--location", "DE|Contoso Deutschland|https://contoso.example/logo.png|https://contoso.example/de")
        #expect(request.status == 0, "\(request)")
        let show = try cli.run("listing", "show", "--as", Demo.ana)
        #expect(show.stdout.contains("Contoso Distribution Canada"), "the completed demo listing stays until the request completes")
        #expect(show.stdout.contains("submitted") && show.stdout.contains("DE: Contoso Deutschland"), "\(show)")
        let early = try cli.run("listing", "refresh", "--as", Demo.ana)
        #expect(early.status == 1 && early.stderr.contains("profileChangeRequest"), "\(early)")
    }

    @Test func exportHonoursFiltersWithQuotedCSV() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let add = try cli.run(["customers", "add", "--as", Demo.ana, "--reseller", "Fabrikam Solutions",
                               "--offer", "teams-essentials:5"] + Demo.newCustomer(company: "Smith, \"Jones\" & Co", prefix: "smithjones"))
        #expect(add.status == 0, "\(add)")
        let file = cli.scratch.appendingPathComponent("fabrikam.csv")
        let export = try cli.run("export", "customers", "--reseller", "Fabrikam Solutions", "--output", file.path, "--as", Demo.ana)
        #expect(export.status == 0, "\(export)")
        let csv = try String(contentsOf: file, encoding: .utf8)
        let records = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(records.first?.hasPrefix("id,companyProfile.companyName,companyProfile.domain,billingProfile.firstName") == true)
        let listed = try #require(try cli.run("customers", "list", "--reseller", "Fabrikam Solutions", "--as", Demo.ana, "--json")
            .json() as? [[String: Any]])
        #expect(records.count == listed.count + 1)
        #expect(records.contains { $0.contains(",\"Smith, \"\"Jones\"\" & Co\",smithjones.onmicrosoft.com,") })
        // A phone in E.164 form stays readable: digits after a + make no formula (docs/SCRIPTING.md).
        #expect(records.contains { $0.contains(",+1 555 0100,") } && !csv.contains("'+1"), "\(records.last ?? "")")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func checkReportsASoundWorkspace() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let check = try cli.run("check", "--json")
        #expect(check.status == 0, "\(check)")
        let report = try #require(try check.json() as? [String: Any])
        #expect(report["ok"] as? Bool == true)
        #expect((report["counts"] as? [String: Int])?["customers"] == 37)
    }
}
