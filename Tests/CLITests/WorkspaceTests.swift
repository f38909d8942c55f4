import Foundation
import Testing

/// Creating workspaces and the default command.
@Suite struct WorkspaceTests {
    @Test func everyWritingCommandTakesTheSnapshotWhenOneIsDue() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        func snapshots() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: cli.workspace.path).filter { $0.hasPrefix("snapshot-") })
        }
        let due = ["PARTNERDASH_CHECKPOINT_BYTES": "1"]
        // Commands that are not sending an invitation, which always took one.
        for arguments in [["users", "add", "--name", "Dee Ray", "--user", "dee", "--as", Demo.ana],
                          ["resellers", "end", "--reseller", "Fabrikam Solutions", "--as", Demo.ana]] {
            let before = try snapshots()
            let result = try cli.run(arguments, environment: due)
            #expect(result.status == 0, "\(result)")
            #expect(try snapshots() != before, "\(arguments[0]) \(arguments[1]) took no snapshot")
        }
        #expect(try cli.run("check").status == 0)
    }

    /// Without a terminal the dashboard says so in one line and exits 2 before touching
    /// anything (the tmux end-to-end tests open it on a real terminal).
    @Test func theDashboardWithoutATerminalRefusesBeforeCreatingAnything() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let xdg = cli.scratch.appendingPathComponent("xdg")
        let result = try cli.run(["--demo"], environment: ["XDG_DATA_HOME": xdg.path])
        #expect(result.status == 2 && result.errorLines.count == 1 && result.stderr.contains("needs a terminal"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: xdg.appendingPathComponent("partnerdash-demo").path))
        #expect(!FileManager.default.fileExists(atPath: cli.workspace.path))
    }

    @Test func demoRefusesToOverwriteUnlessForced() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        #expect(try cli.run("resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana).status == 0)
        let again = try cli.run("demo")
        #expect(again.status == 1 && again.stderr.contains("--force"), "\(again)")
        let forced = try cli.run("demo", "--force")
        #expect(forced.status == 0, "\(forced)")
        let rows = try cli.run("resellers", "list", "--as", Demo.ana).stdout.split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("Northwind Cloud") && $0.contains(" — ") }, "the new demo starts over")
    }

    @Test func initCreatesAProviderAndSignsInItsOnlyAdminByDefault() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let setup = try cli.run(Demo.initAcme)
        #expect(setup.status == 0 && setup.stdout.contains("al@acmedist.onmicrosoft.com"), "\(setup)")
        let whoami = try cli.run("whoami")
        #expect(whoami.status == 0 && whoami.stdout.contains("Acme Distribution"), "\(whoami)")
        // Adding users needs the Admin agent role (docs/RULES.md rule 9); init says how to get it.
        let early = try cli.run("users", "add", "--name", "Bo Ng", "--user", "bo")
        #expect(early.status == 1 && early.stderr.contains("admin agent"), "\(early)")
        #expect(setup.stdout.contains("Next: add yourself to the admin agent group"), "\(setup)")
        #expect(try cli.run("users", "roles", "al@acmedist.onmicrosoft.com", "--admin-agent", "on").status == 0)
        let added = try cli.run("users", "add", "--name", "Bo Ng", "--user", "bo")
        #expect(added.status == 0, "\(added)")
        let duplicate = try cli.run("init", "--name", "Other", "--mpn", "4999001", "--country", "US",
                                    "--domain-prefix", "other", "--admin-name", "O", "--admin-user", "o",
                                    "--line1", "2 Main St", "--city", "Reno",
                                    "--contact-email", "o@o.example", "--contact-phone", "+1 555 0100",
                                    "--support-email", "o@o.example", "--support-phone", "+1 555 0199")
        #expect(duplicate.status == 1 && duplicate.stderr.contains("mpnId") && duplicate.stderr.contains("already"), "\(duplicate)")
    }
}
