import Foundation
import Testing

/// Refusals exit non-zero with exactly one line on stderr naming the field or rule, and
/// change nothing on disk.
@Suite struct RefusalTests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var status: Int32
        var mentions: [String]

        var testDescription: String { name }
    }

    static let cases: [Refusal] = [
        Refusal(name: "bad MPN ID", arguments: ["init", "--name", "Acme", "--mpn", "12ab", "--country", "US",
                                                  "--domain-prefix", "acme", "--admin-name", "Al", "--admin-user", "al"],
                status: 1, mentions: ["partnerdash: mpnId:", "6–7 digits"]),
        Refusal(name: "quantity out of range",
                arguments: ["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:1000"] + Demo.newCustomer(),
                status: 1, mentions: ["quantity", "1000", "rule 8"]),
        Refusal(name: "a body without the link",
                arguments: ["resellers", "request", "--reseller", "Northwind Cloud", "--body", "Hello, please join us.",
                            "--as", Demo.ana],
                status: 1, mentions: ["partnerdash: body:", "personalized link", "rule 3"]),
        Refusal(name: "a user without admin agent",
                arguments: ["customers", "add", "--as", Demo.ben, "--offer", "teams-essentials:5"] + Demo.newCustomer(),
                status: 1, mentions: ["roles", "needs admin agent", "rule 9"]),
        Refusal(name: "a reseller without an active partnership",
                arguments: ["customers", "add", "--as", Demo.ana, "--reseller", "Northwind Cloud",
                            "--offer", "teams-essentials:5"] + Demo.newCustomer(),
                status: 1, mentions: ["reseller", "active partnership", "rule 2"]),
        Refusal(name: "a partnership with a reseller still under review",
                arguments: ["resellers", "request", "--reseller", "Wingtip Consulting", "--as", Demo.ana],
                status: 1, mentions: ["reseller", "not active", "rule 1"]),
        Refusal(name: "an unknown offer", arguments: ["orders", "add", "--customer", "cohowinery", "--offer", "nope:1",
                                                       "--as", Demo.ana],
                status: 1, mentions: ["cart[0].offerId", "nope"]),
        Refusal(name: "an unknown customer", arguments: ["customers", "show", "nosuchcustomer", "--as", Demo.ana],
                status: 1, mentions: ["partnerdash: customer:"]),
        Refusal(name: "an unknown user", arguments: ["whoami", "--as", "nobody@example.com"],
                status: 1, mentions: ["partnerdash: as:"]),
        Refusal(name: "no one signed in to a workspace of many accounts", arguments: ["customers", "list"],
                status: 2, mentions: ["partnerdash: as:", "--as"]),
        Refusal(name: "a provider page for a reseller", arguments: ["resellers", "list", "--as", Demo.nadia],
                status: 1, mentions: ["partnerdash: account:", "indirect provider"]),
        Refusal(name: "a bad support email", arguments: ["profile", "update", "--support-email", "nope", "--as", Demo.mia],
                status: 1, mentions: ["partnerdash: supportContact.email:"]),
        Refusal(name: "an MPN ID the PMC user cannot select",
                arguments: ["enroll", "--new-tenant", "newreseller", "--tenant-country", "US", "--pmc-user",
                            "mia@fabrikamsolutions.example", "--mpn", "4733001", "--admin-name", "Al", "--admin-user", "al"],
                status: 1, mentions: ["partnerdash: mpnId:", "4812345"]),
        Refusal(name: "a company name longer than the customer table allows",
                arguments: ["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"]
                    + Demo.newCustomer(company: String(repeating: "A", count: 10_000)),
                status: 1, mentions: ["partnerdash: companyName:", "at most 120 characters, not 10000",
                                      "maximum length of company name"]),
        Refusal(name: "a user name longer than the user table allows",
                arguments: ["users", "add", "--name", String(repeating: "B", count: 500), "--user", "bo", "--as", Demo.ana],
                status: 1, mentions: ["partnerdash: displayName:", "at most 120 characters", "maximum length"]),
        Refusal(name: "a link that is not one", arguments: ["accept", "https://example.com/x", "--as", Demo.nadia],
                status: 1, mentions: ["partnerdash: link:"]),
        // Issue 9.1: an OSC 52 clipboard escape in a company name and an address list as the
        // email, which reached .eml files and CSV exports before the domain refused them.
        Refusal(name: "an escape sequence in a company name",
                arguments: ["customers", "add", "--as", Demo.ana, "--company", "\u{1B}]52;c;SGFja2Vk\u{07} Co",
                            "--domain-prefix", "probe1x", "--first-name", "A", "--last-name", "B",
                            "--email", "x,victim@attacker.example", "--phone", "+1 425 555 0100", "--line1", "x", "--city", "c",
                            "--postal-code", "1", "--country", "US", "--offer", "m365-e3:1"],
                status: 1, mentions: ["partnerdash: companyName:", "control character", "U+001B at character 1"]),
        Refusal(name: "a list of addresses as an email",
                arguments: ["customers", "add", "--as", Demo.ana, "--company", "Probe Co", "--domain-prefix", "probe1x",
                            "--first-name", "A", "--last-name", "B", "--email", "x,victim@attacker.example",
                            "--phone", "+1 425 555 0100", "--line1", "x", "--city", "c", "--postal-code", "1", "--country", "US",
                            "--offer", "m365-e3:1"],
                status: 1, mentions: ["partnerdash: email:", "one email address, not a list"]),
        Refusal(name: "a bidirectional override in a user name",
                arguments: ["users", "add", "--name", "Bo \u{202E}nimda", "--user", "bo", "--as", Demo.ana],
                status: 1, mentions: ["partnerdash: displayName:", "bidirectional override", "U+202E"]),
    ]

    @Test(arguments: cases) func refusalIsOneLineAndWritesNothing(_ refusal: Refusal) throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let before = try cli.workspaceState()
        let result = try cli.run(refusal.arguments)
        #expect(result.status == refusal.status, "\(result)")
        #expect(result.errorLines.count == 1, "\(result)")
        for text in refusal.mentions { #expect(result.stderr.contains(text), "\(result)") }
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "the refusal echoes no control")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(try cli.workspaceState() == before, "a refusal changed the workspace")
    }

    @Test func usageErrorsExitTwo() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let missing = try cli.run("customers", "add", "--as", Demo.ana, "--company", "X")
        #expect(missing.status == 2, "\(missing)")
        let malformed = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials"] + Demo.newCustomer())
        #expect(malformed.status == 2 && malformed.stderr.contains("--offer"), "\(malformed)")
        let nothing = try cli.run("subscriptions", "update", "12345678", "--as", Demo.ana)
        #expect(nothing.status == 2 && nothing.stderr.contains("nothing to change"), "\(nothing)")
        let help = try cli.run("customers", "add", "--help")
        #expect(help.status == 0 && help.stdout.contains("--offer"), "\(help)")
    }

    @Test func aMissingWorkspaceIsAStorageError() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let result = try cli.run("customers", "list", "--as", Demo.ana)
        #expect(result.status == 3 && result.errorLines.count == 1, "\(result)")
        #expect(result.stderr.contains("partnerdash: workspace:") && result.stderr.contains("partnerdash demo"))
        #expect(!FileManager.default.fileExists(atPath: cli.workspace.path), "reading must not create a workspace")
    }

    @Test func aRefusedSetupLeavesNoWorkspaceBehind() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let result = try cli.run("init", "--name", "Acme", "--mpn", "1234567", "--country", "XX", "--domain-prefix", "acme",
                                 "--admin-name", "Al", "--admin-user", "al")
        #expect(result.status == 1 && result.stderr.contains("country"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: cli.workspace.path))
    }
}
