import Foundation
import PartnerCore
import PartnerStore
import Testing

/// What people and scripts read: the Partner Center API's field names in JSON, data escaped and
/// aligned in tables.
@Suite struct OutputTests {
    @Test func theActivityLogExportsAsCSVWithItsFilters() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let piped = try cli.run("log", "--as", Demo.ana, "--operation", "create_partner_relationship", "--csv")
        #expect(piped.status == 0, "\(piped)")
        let records = piped.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(records.first == "operationDate,userPrincipalName,operationType,resourceType,resourceName,customerId,"
            + "resourceOldValue,resourceNewValue,operationStatus")
        let json = try #require(try cli.run("log", "--as", Demo.ana, "--operation", "create_partner_relationship", "--json")
            .json() as? [[String: Any]])
        #expect(records.count == json.count + 1 && json.count > 0)
        #expect(records.dropFirst().allSatisfy { $0.contains(",create_partner_relationship,") })

        let file = cli.scratch.appendingPathComponent("log.csv")
        let written = try cli.run("log", "--as", Demo.ana, "--limit", "3", "--output", file.path)
        #expect(written.status == 0 && written.stderr.contains("Exported 3 record(s)"), "\(written)")
        #expect(try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func jsonUsesTheProductFieldNames() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let customers = try #require(try cli.run("customers", "list", "--as", Demo.ana, "--json").json() as? [[String: Any]])
        #expect(customers.count == 37)
        let coho = try #require(customers.first { ($0["companyProfile"] as? [String: Any])?["companyName"] as? String == "Coho Winery" })
        #expect(Set(coho.keys).isSuperset(of: ["id", "companyProfile", "billingProfile", "associatedPartnerId", "relationships",
                                               "channel", "createdAt"]))
        #expect((coho["id"] as? String)?.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) != nil)
        let billing = try #require(coho["billingProfile"] as? [String: Any])
        #expect(Set(billing.keys) == ["firstName", "lastName", "email", "phone", "culture", "language", "defaultAddress"])
        #expect(Set((billing["defaultAddress"] as? [String: Any])?.keys.map { $0 } ?? [])
            == ["line1", "line2", "city", "state", "postalCode", "country"])
        let relationships = try #require(coho["relationships"] as? [[String: Any]])
        #expect(relationships.count == 2 && relationships.allSatisfy { $0["relationshipToPartner"] as? String == "reseller" })
        #expect((coho["createdAt"] as? String)?.hasSuffix("Z") == true)

        let subscriptions = try #require(try cli.run("subscriptions", "list", "--customer", "cohowinery", "--as", Demo.ana, "--json")
            .json() as? [[String: Any]])
        let accounts = try #require(try cli.run("accounts", "--json").json() as? [[String: Any]])
        #expect(subscriptions.isEmpty, "Coho consented without an order")
        #expect(accounts.allSatisfy { $0["verificationCodeHash"] == nil })
        #expect(accounts.contains { $0["enrollment"] as? String == "pendingEmailVerification" })

        let fabrikam = try #require(try cli.run("customers", "list", "--reseller", "4812345", "--as", Demo.ana, "--json").json()
            as? [[String: Any]])
        let first = try #require(fabrikam.first?["id"] as? String)
        let subs = try #require(try cli.run("subscriptions", "list", "--customer", first, "--as", Demo.ana, "--json").json()
            as? [[String: Any]])
        let sub = try #require(subs.first)
        #expect(Set(sub.keys).isSuperset(of: ["id", "customerId", "offerId", "friendlyName", "quantity", "status", "partnerId",
                                              "creationDate", "commitmentEndDate", "autoRenewEnabled", "orderId"]))

        let invitations = try #require(try cli.run("invitations", "list", "--as", Demo.ana, "--json").json() as? [[String: Any]])
        #expect(!invitations.isEmpty)
        #expect(invitations.allSatisfy { $0["tokenHash"] == nil && ($0["status"] as? String) != nil && $0["expiresAt"] != nil })

        let log = try #require(try cli.run("log", "--as", Demo.ana, "--limit", "5", "--json").json() as? [[String: Any]])
        #expect(log.count == 5)
        #expect(log.allSatisfy { Set($0.keys).isSuperset(of: ["operationDate", "userPrincipalName", "operationType",
                                                              "oldValue", "newValue", "operationStatus"]) })
    }

    @Test func controlCharactersInNamesAreEscapedInTables() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let evil = "Evil\u{1B}[31mCorp\u{07}\u{9B}2J"
        let add = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"]
                              + Demo.newCustomer(company: "Evil Corp", prefix: "evilcorp"))
        #expect(add.status == 0, "\(add)")
        // The domain refuses such a name now; a journal written before it did may hold one.
        try Self.renameAsAnOldJournalMay(in: cli, "evilcorp.onmicrosoft.com", to: evil)
        for arguments in [["customers", "list", "--as", Demo.ana], ["customers", "show", "evilcorp", "--as", Demo.ana],
                          ["log", "--as", Demo.ana, "--limit", "1"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("Evil\\e[31mCorp\\x07\\x9B2J"), "\(result)")
            #expect(!result.stdoutBytes.contains(0x1B) && !result.stdoutBytes.contains(0x07), "\(arguments)")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x9B })
        }
        // JSON keeps the data exact (escaped by JSON itself).
        let json = try #require(try cli.run("customers", "show", "evilcorp", "--as", Demo.ana, "--json").json() as? [String: Any])
        #expect(((json["customer"] as? [String: Any])?["companyProfile"] as? [String: Any])?["companyName"] as? String == evil)
    }

    /// Appends a record renaming a customer, as a journal written before the domain refused
    /// control characters may hold one: events are facts and replay as they are.
    static func renameAsAnOldJournalMay(in cli: CLI, _ domain: String, to name: String) throws {
        let store = try WorkspaceStore.open(directory: cli.workspace.path)
        defer { store.close() }
        var customer = try #require(store.model.customer(withDomain: domain))
        customer.companyProfile.companyName = name
        _ = try store.commit(Transaction(
            date: Date(), userPrincipalName: Demo.ana, accountId: customer.relationships.first?.partnerId,
            events: [.customerUpdated(customer)],
            audit: AuditEntry(operationType: .add_customer, resourceName: name, customerId: customer.id,
                              involvedAccounts: customer.relationships.map(\.partnerId))))
    }

    @Test func wideCharactersKeepColumnsAligned() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let result = try cli.run("resellers", "list", "--as", Demo.ana)
        let lines = result.stdout.split(separator: "\n")
        let sakura = try #require(lines.first { $0.hasPrefix("さくら") })
        let header = try #require(lines.first)
        // The MPN ID column starts at the same display column on every line (CJK counts two).
        func column(of needle: String, in line: Substring) -> Int? {
            guard let range = line.range(of: needle) else { return nil }
            return line[..<range.lowerBound].reduce(0) { $0 + ($1.unicodeScalars.first!.value >= 0x3000 ? 2 : 1) }
        }
        #expect(column(of: "4755120", in: sakura) == column(of: "MPN ID", in: header), "\(result)")
        #expect(!lines.contains { $0.hasSuffix(" ") }, "no trailing spaces")
    }

    /// Issue 10, item 8: `demo` says how many customers it makes, and says it truly.
    @Test func demoSaysHowManyCustomersTheWorkspaceHas() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let help = try cli.run("demo", "--help")
        let said = try #require(help.stdout.firstMatch(of: /(\d+)\s+customers/).flatMap { Int($0.1) }, "\(help)")
        let customers = try #require(try cli.run("customers", "list", "--as", Demo.ana, "--json").json() as? [[String: Any]])
        #expect(said == customers.count, "\(help)")
    }

    /// Issue 10, item 8: help sentences are wrapped by the parser, never padded with runs of spaces.
    @Test func helpTextHasNoRunsOfSpacesInsideSentences() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let help = try cli.run("dashboard", "--help")
        #expect(help.status == 0, "\(help)")
        // The overview and discussion are sentences; the options below are columns, padded on purpose.
        let prose = try #require(help.stdout.components(separatedBy: "OPTIONS:").first)
        #expect(prose.contains("Opens the workspace"), "\(help)")
        let runs = prose.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).contains("  ") }
        #expect(runs.isEmpty, "\(runs)")
    }
}
