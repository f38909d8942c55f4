import Foundation
import Testing
import TestSupport

/// The reseller's workflows: enrollment, authorizing a provider, inviting customers.
@Suite struct ResellerFlowTests {
    @Test func aResellerSearchesTheOfficialProviderList() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let all = try #require(try cli.run("providers", "find", "--as", Demo.nadia, "--json").json() as? [[String: Any]])
        #expect(all.map { $0["country"] as? String } == ["CA", "US"])
        #expect(all.first?["targetURL"] as? String == "https://contoso.example/ca/partners")
        let us = try cli.run("providers", "find", "--country", "us", "--as", Demo.nadia)
        #expect(us.status == 0 && us.stdout.contains("Contoso Distribution") && !us.stdout.contains("Canada"), "\(us)")
        let none = try cli.run("providers", "find", "--country", "FR", "--as", Demo.nadia)
        #expect(none.status == 0 && none.stdout.contains("No provider is listed in FR"), "\(none)")
        let bad = try cli.run("providers", "find", "--country", "France", "--as", Demo.nadia)
        #expect(bad.status == 1 && bad.stderr.contains("partnerdash: country:"), "\(bad)")
    }

    @Test func aRejectedEnrollmentIsResubmittedAndReviewedAgain() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let olivia = "olivia@wingtipconsulting.onmicrosoft.com"
        let review = try cli.run("enroll", "review", "--as", olivia)
        #expect(review.status == 0 && review.stdout.contains("no organization profile"), "\(review)")
        #expect(review.stdout.contains("enroll resubmit"), "the next step is named")

        let malformed = try cli.run("enroll", "resubmit", "--mpn-id", "47x", "--as", olivia)
        #expect(malformed.status == 1 && malformed.stderr.contains("partnerdash: mpnId: must be 6–7 digits"), "\(malformed)")
        #expect(try cli.run("enroll", "status", "--as", olivia).stdout.contains("Rejected"))

        #expect(try cli.run("membership", "add", "--mpn", "4790333", "--name", "Wingtip Consulting", "--country", "GB",
                            "--pmc-user", "olivia@wingtipconsulting.example", "--line1", "1 Wharf St", "--city", "London",
                            "--postal-code", "E14 5AB").status == 0)
        let resubmitted = try cli.run("enroll", "resubmit", "--as", olivia)
        #expect(resubmitted.status == 0 && resubmitted.stdout.contains("Under review"), "\(resubmitted)")
        let again = try cli.run("enroll", "review", "--as", olivia)
        #expect(again.status == 0 && again.stdout.contains("Active"), "\(again)")
        let log = try cli.run("log", "--as", olivia)
        #expect(log.stdout.contains("resubmit_enrollment"), "\(log)")
    }

    /// Issue 13 item 2: enrolled with the wrong company's profile, a reseller resubmits with
    /// its own, and the account takes that company's legal name and address.
    @Test func aResubmissionTakesTheNewCompanysNameAndAddress() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        for (mpn, name, country, line1, city) in [("4123001", "Fabrikam Solutions GmbH", "DE", "Hauptstr 1", "Berlin"),
                                                 ("4123002", "Fabrikam Solutions Inc", "US", "5 Lake Rd", "Chicago")] {
            #expect(try cli.run("membership", "add", "--mpn", mpn, "--name", name, "--country", country,
                                "--pmc-user", "pat@fabrikam.example", "--line1", line1, "--city", city).status == 0)
        }
        let rita = "rita@fabrikamus.onmicrosoft.com"
        let enroll = try cli.run("enroll", "--new-tenant", "fabrikamus", "--tenant-country", "US", "--pmc-user", "pat@fabrikam.example",
                                 "--mpn", "4123001", "--contact-name", "Rita Moreno", "--contact-email", "rita@fabrikam.example",
                                 "--contact-phone", "+1 312 555 0100", "--support-email", "help@fabrikam.example",
                                 "--support-phone", "+1 312 555 0199", "--admin-name", "Rita Moreno", "--admin-user", "rita", "--json")
        let created = try #require(try enroll.json() as? [String: Any], "\(enroll)")
        let outbox = try #require(created["verificationMail"] as? String, "\(enroll)")
        let mail = try StrictMail.parse(contentsOf: URL(fileURLWithPath: outbox)).body
        let code = try #require(mail.firstMatch(of: /\b(\d{6})\b/)?.1).description
        #expect(try cli.run("enroll", "verify", "--code", code, "--as", rita).status == 0)
        let review = try cli.run("enroll", "review", "--as", rita)
        #expect(review.stdout.contains("same country"), "\(review)")

        let resubmitted = try cli.run("enroll", "resubmit", "--mpn-id", "4123002", "--as", rita)
        #expect(resubmitted.status == 0, "\(resubmitted)")
        let profile = try cli.run("profile", "show", "--as", rita)
        #expect(profile.stdout.contains("Fabrikam Solutions Inc") && profile.stdout.contains("5 Lake Rd"), "\(profile)")
        #expect(!profile.stdout.contains("GmbH") && !profile.stdout.contains("Hauptstr"), "\(profile)")

        // The review now finds the profile in the tenant's country, and the record says what was corrected.
        #expect(try cli.run("enroll", "review", "--as", rita).stdout.contains("Active"))
        let log = try cli.run("log", "--as", rita, "--operation", "resubmit_enrollment")
        #expect(log.stdout.contains("legalName"), "the audit record names the corrected fields: \(log)")
    }

    @Test func aResubmissionTakesTypedDetails() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let olivia = "olivia@wingtipconsulting.onmicrosoft.com"
        #expect(try cli.run("enroll", "review", "--as", olivia).status == 0)
        let bad = try cli.run("enroll", "resubmit", "--legal-name", "", "--as", olivia)
        #expect(bad.status == 1 && bad.stderr.contains("partnerdash: legalName:"), "\(bad)")
        let resubmitted = try cli.run("enroll", "resubmit", "--legal-name", "Wingtip Consulting Ltd", "--line1", "2 Wharf St",
                                      "--city", "London", "--as", olivia)
        #expect(resubmitted.status == 0, "\(resubmitted)")
        let profile = try cli.run("profile", "show", "--as", olivia)
        #expect(profile.stdout.contains("Wingtip Consulting Ltd") && profile.stdout.contains("2 Wharf St"), "\(profile)")
    }

    /// Issue 13 item 8: an organization already enrolled in CSP gives its primary contact too;
    /// the support desk's address is not taken for it.
    @Test func anAlreadyEnrolledOrganizationGivesItsPrimaryContact() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        #expect(try cli.run("membership", "add", "--mpn", "4123500", "--name", "Old Hand Ltd", "--country", "US",
                            "--pmc-user", "rita@oldhand.example", "--line1", "1 Main St", "--city", "Boston",
                            "--csp-enrolled").status == 0)
        let support = ["--support-email", "help@oldhand.example", "--support-phone", "+1 617 555 0199"]
        let start = ["enroll", "--new-tenant", "oldhand", "--tenant-country", "US", "--pmc-user", "rita@oldhand.example",
                     "--admin-name", "Rita Moreno", "--admin-user", "rita", "--already-enrolled"]
        // No primary contact at all: once the support desk stood in for it; now it is asked for.
        let without = try cli.run(start + support + ["--contact-name", ""])
        #expect(without.status == 1 && without.errorLines.count == 1 && without.stderr.contains("primaryContact.name"),
                "\(without)")
        let noEmail = try cli.run(start + support)
        #expect(noEmail.status == 1 && noEmail.stderr.contains("primaryContact.email"), "\(noEmail)")
        let enrolled = try cli.run(start + support + ["--contact-name", "Rita Moreno", "--contact-email", "rita@oldhand.example",
                                                      "--contact-phone", "+1 617 555 0100"])
        #expect(enrolled.status == 0 && enrolled.stdout.contains("already enrolled in CSP"), "\(enrolled)")
        let profile = try cli.run("profile", "show", "--as", "rita@oldhand.onmicrosoft.com")
        #expect(profile.stdout.contains("rita@oldhand.example") && profile.stdout.contains("help@oldhand.example"), "\(profile)")
    }

    /// Issue 13 item 7: a user who cannot give itself Admin agent is told who can.
    @Test func whoamiTellsASalesAgentWhichGlobalAdminGivesTheRole() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let ben = try cli.run("whoami", "--as", "ben@contosodistribution.onmicrosoft.com")
        #expect(ben.status == 0 && ben.stderr.contains("only a global admin can give you the role: ask Ana Silva"), "\(ben)")
    }

    @Test func enrollVerifyReviewAndBecomeAdminAgent() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        #expect(try cli.run("membership", "add", "--mpn", "4123456", "--name", "Lakeshore IT", "--country", "US",
                            "--pmc-user", "pat@lakeshore.example", "--line1", "5 Lake Rd", "--city", "Chicago",
                            "--postal-code", "60601").status == 0)
        let enroll = try cli.run("enroll", "--new-tenant", "lakeshoreit", "--tenant-country", "US",
                                 "--pmc-user", "pat@lakeshore.example", "--contact-email", "pat@lakeshore.example",
                                 "--contact-phone", "+1 312 555 0100", "--support-email", "help@lakeshore.example",
                                 "--support-phone", "+1 312 555 0199", "--admin-name", "Pat Lee", "--admin-user", "pat", "--json")
        #expect(enroll.status == 0, "\(enroll)")
        let created = try #require(try enroll.json() as? [String: Any])
        #expect(created["enrollment"] as? String == "pendingEmailVerification")
        let admin = try #require(created["userPrincipalName"] as? String)
        #expect(admin == "pat@lakeshoreit.onmicrosoft.com")
        // The code is only in the mail to the primary contact.
        let mail = try StrictMail.parse(contentsOf: URL(fileURLWithPath: try #require(created["verificationMail"] as? String))).body
        let code = try #require(mail.firstMatch(of: /\b(\d{6})\b/)?.1).description
        #expect(!enroll.stdout.contains(code))

        let wrong = try cli.run("enroll", "verify", "--code", code == "000000" ? "111111" : "000000", "--as", admin)
        #expect(wrong.status == 1 && wrong.stderr.contains("partnerdash: code:"), "\(wrong)")
        #expect(try cli.run("enroll", "verify", "--code", code, "--as", admin).status == 0)
        let review = try cli.run("enroll", "review", "--as", admin)
        #expect(review.status == 0 && review.stdout.contains("Active"), "\(review)")
        #expect(review.stdout.contains("Lakeshore IT"), "the legal name comes from the organization profile")

        // Step 9: add yourself to the admin agent group.
        #expect(try cli.run("whoami", "--as", "pat").stderr.contains("Admin agent"))
        let roles = try cli.run("users", "roles", admin, "--admin-agent", "on", "--as", admin)
        #expect(roles.status == 0 && roles.stdout.contains("Admin agent"), "\(roles)")
        let users = try #require(try cli.run("users", "list", "--as", admin, "--json").json() as? [[String: Any]])
        #expect(users.first?["roles"] as? [String] == ["globalAdmin", "adminAgent"])
    }

    @Test func inviteNewCustomersMakesBothResellersOfRecord() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let providers = try cli.run("providers", "list", "--as", Demo.mia)
        #expect(providers.status == 0 && providers.stdout.contains("Contoso Distribution"), "\(providers)")

        let invite = try cli.run("providers", "invite-customers", "--provider", "Contoso Distribution",
                                 "--email", "it@bluefin.example", "--as", Demo.mia, "--json",
                                 "--body", "Hi! Please authorize us and Contoso here: {link}\nThanks, Mia")
        #expect(invite.status == 0, "\(invite)")
        let link = try CLI.link(invite)

        // A customer link is never authorized as a partnership (rule 7).
        let wrongKind = try cli.run("accept", link, "--authorize", "--as", Demo.nadia)
        #expect(wrongKind.status == 1 && wrongKind.stderr.contains("rule 7"), "\(wrongKind)")

        let look = try cli.run("accept", link, "--as-customer", "it@bluefin.example")
        #expect(look.status == 0 && look.stdout.contains("Fabrikam Solutions") && look.stdout.contains("Contoso Distribution"),
                "\(look)")
        let consent = try cli.run(["accept", link, "--as-customer", "it@bluefin.example"]
                                  + Demo.newCustomer(company: "Bluefin Dive", prefix: "bluefindive"))
        #expect(consent.status == 0, "\(consent)")

        let shared = try cli.run("providers", "customers", "4600001", "--as", Demo.mia)
        #expect(shared.stdout.contains("Bluefin Dive"), "\(shared)")
        let provider = try cli.run("customers", "list", "--filter", "bluefin", "--as", Demo.ana)
        #expect(provider.stdout.contains("Bluefin Dive"), "the provider is a reseller of record too: \(provider)")
        let again = try cli.run(["accept", link, "--as-customer", "it@bluefin.example"]
                                + Demo.newCustomer(company: "Bluefin Two", prefix: "bluefintwo"))
        #expect(again.status == 1 && again.stderr.contains("already accepted"), "\(again)")
    }

    @Test func requestARelationshipWithPrintDraftAndBodyFile() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let before = try cli.workspaceState()
        let draft = try cli.run("customers", "request-relationship", "--email", "owner@trail.example", "--print-draft",
                                "--as", Demo.mia)
        #expect(draft.status == 0 && draft.stdout.contains("{link}") && !draft.stdout.contains("partnerdash://"), "\(draft)")
        #expect(try cli.workspaceState() == before, "printing a draft sends nothing")

        let body = cli.scratch.appendingPathComponent("body.txt")
        try Data(draft.stdout.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.isEmpty }
            .joined(separator: "\n").replacingOccurrences(of: "Hello,", with: "Dear Trail team,").utf8).write(to: body)
        let sent = try cli.run("customers", "request-relationship", "--email", "owner@trail.example", "--body-file", body.path,
                               "--as", Demo.mia, "--json")
        #expect(sent.status == 0, "\(sent)")
        let info = try #require(try sent.json() as? [String: Any])
        let eml = try StrictMail.parse(contentsOf: URL(fileURLWithPath: try #require(info["outboxFile"] as? String))).body
        let link = try CLI.link(sent)
        #expect(eml.contains("Dear Trail team,") && eml.contains(link))

        let pending = try cli.run("invitations", "list", "--status", "pending", "--as", Demo.mia)
        #expect(pending.stdout.contains("owner@trail.example"), "\(pending)")
        let id = try #require(info["invitationId"] as? String)
        #expect(try cli.run("invitations", "withdraw", String(id.prefix(8)), "--as", Demo.mia).status == 0)
        let late = try cli.run("accept", link, "--as-customer", "owner@trail.example", "--domain", "cohowinery")
        #expect(late.status == 1 && late.stderr.contains("withdrawn"), "\(late)")
    }

    @Test func pendingPartnershipInvitationsForAReseller() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let pending = try cli.run("invitations", "pending", "--as", "tom@tailspinit.onmicrosoft.com")
        #expect(pending.status == 0 && pending.stdout.contains("Contoso Distribution"), "\(pending)")
        let none = try cli.run("invitations", "pending", "--as", Demo.nadia)
        #expect(none.status == 0 && none.stdout.contains("No partnership invitations"), "\(none)")
    }

    @Test func profileUpdateChangesOnlyWhatIsGiven() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let update = try cli.run("profile", "update", "--support-url", "https://fabrikam.example/help", "--as", Demo.mia, "--json")
        #expect(update.status == 0, "\(update)")
        let profile = try #require(try update.json() as? [String: Any])
        let support = try #require(profile["supportContact"] as? [String: Any])
        #expect(support["url"] as? String == "https://fabrikam.example/help")
        #expect(support["email"] as? String == "help@fabrikamsolutions.example")
        #expect(profile["legalName"] as? String == "Fabrikam Solutions")
        let log = try cli.run("log", "--as", Demo.mia, "--operation", "update_partner_profile", "--json")
        #expect((try log.json() as? [[String: Any]])?.count == 1, "\(log)")
    }
}
