import Foundation
import Testing

/// `config.toml` as the commands read it: found by XDG_CONFIG_HOME or PARTNERDASH_CONFIG,
/// flags over the environment over the file, a mistake named with its line and the
/// defaults used, and `config path|show|check`.
@Suite struct ConfigTests {
    /// Writes `text` where the CLI's HOME puts the configuration file.
    func write(_ text: String, for cli: CLI) throws -> URL {
        let url = cli.scratch.appendingPathComponent(".config/partnerdash/config.toml")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func signedIn(_ result: CLI.Result) throws -> String {
        let object = try #require(try result.json() as? [String: Any], "\(result)")
        let users = try #require(object["users"] as? [[String: Any]], "\(object)")
        return try #require(users.first?["userPrincipalName"] as? String)
    }

    @Test func pathFollowsXDGConfigHomeAndPartnerdashConfig() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        #expect(try cli.run("config", "path").stdout == cli.scratch.path + "/.config/partnerdash/config.toml\n")
        #expect(try cli.run(["config", "path"], environment: ["XDG_CONFIG_HOME": "/etc/xdg-test"]).stdout
            == "/etc/xdg-test/partnerdash/config.toml\n")
        let named = try cli.run(["config", "path", "--json"], environment: ["PARTNERDASH_CONFIG": "/tmp/other.toml"])
        let object = try #require(try named.json() as? [String: Any])
        #expect(object["path"] as? String == "/tmp/other.toml" && object["exists"] as? Bool == false)
    }

    @Test func aFlagWinsOverTheEnvironmentWhichWinsOverTheFile() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        _ = try write("""
            data = "\(cli.workspace.path)"
            as = "ben"
            """, for: cli)
        // No PARTNERDASH_DATA: the file's data opens the demo; its `as` signs in.
        let noEnvironment = ["PARTNERDASH_DATA": ""]
        #expect(try signedIn(try cli.run(["whoami", "--json"], environment: noEnvironment)) == Demo.ben)
        #expect(try signedIn(try cli.run(["whoami", "--json"], environment: noEnvironment.merging(["PARTNERDASH_USER": "ana"]) { $1 }))
            == Demo.ana)
        #expect(try signedIn(try cli.run(["whoami", "--json", "--as", "nadia"],
                                         environment: noEnvironment.merging(["PARTNERDASH_USER": "ana"]) { $1 })) == Demo.nadia)
        // PARTNERDASH_DATA wins over the file's data.
        let elsewhere = cli.scratch.appendingPathComponent("elsewhere").path
        let refused = try cli.run(["whoami"], environment: ["PARTNERDASH_DATA": elsewhere])
        #expect(refused.status == 3 && refused.stderr.contains(elsewhere), "\(refused)")

        let show = try cli.run(["config", "show", "--json", "--as", "nadia"], environment: noEnvironment)
        let object = try #require(try show.json() as? [String: Any], "\(show)")
        let settings = try #require(object["settings"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: settings.map { ($0["name"] as? String ?? "", $0) })
        #expect(byName["as"]?["value"] as? String == "nadia" && byName["as"]?["source"] as? String == "flag --as")
        #expect(byName["data"]?["value"] as? String == cli.workspace.path && byName["data"]?["source"] as? String == "file, line 1")
        #expect(byName["invitation_expiry_days"]?["source"] as? String == "default")
    }

    @Test func theInvitationExpiryComesFromTheFile() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        _ = try write("invitation_expiry_days = 7\n", for: cli)
        let sent = try cli.run("customers", "request-relationship", "--as", "ana", "--email", "it@seven.example", "--json")
        #expect(sent.status == 0, "\(sent)")
        let list = try #require(try cli.run("invitations", "list", "--as", "ana", "--json").json() as? [[String: Any]])
        let invitation = try #require(list.first { $0["email"] as? String == "it@seven.example" })
        let formatter = ISO8601DateFormatter()
        let created = try #require((invitation["createdAt"] as? String).flatMap(formatter.date(from:)))
        let expires = try #require((invitation["expiresAt"] as? String).flatMap(formatter.date(from:)))
        #expect(expires.timeIntervalSince(created) == 7 * 86_400)
        #expect(try cli.run("check").status == 0, "the invariants allow a configured lifetime")
    }

    @Test func aBadFileIsAWarningNamingItsLineAndTheDefaultsApply() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let file = try write("""
            as = "ben"
            theme = "neon"
            """, for: cli)
        let listed = try cli.run("whoami", "--as", "ana")
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.errorLines == ["partnerdash: warning: \(file.path):2: theme: must be one of default, light, colorblind, "
            + "monochrome, not \"neon\"; using the defaults"], "\(listed)")
        // The defaults: the file's `as` is not used either.
        let json = try cli.run("whoami", "--json")
        #expect(json.status == 2, "no user: \(json)")
        #expect(json.stderr.contains("\"warning\"") && json.stderr.contains("\"line\":2"), "\(json)")

        let check = try cli.run("config", "check")
        #expect(check.status == 1)
        #expect(check.errorLines == ["partnerdash: config: \(file.path):2: theme: must be one of default, light, colorblind, "
            + "monochrome, not \"neon\""], "\(check)")
        let checkJSON = try cli.run("config", "check", "--json")
        #expect(checkJSON.status == 1 && checkJSON.errorLines.count == 1 && checkJSON.stderr.contains("\"status\":1"), "\(checkJSON)")
    }

    @Test func checkAcceptsAGoodFileAndNoFile() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let none = try cli.run("config", "check")
        #expect(none.status == 0 && none.stdout.contains("no file"), "\(none)")
        let file = try write("""
            theme = "light"
            [keys]
            preset = "vim"
            customers.export = "x"
            """, for: cli)
        let good = try cli.run("config", "check")
        #expect(good.status == 0 && good.stdout == "\(file.path): valid\n", "\(good)")
        let show = try cli.run("config", "show")
        #expect(show.stdout.contains("keys.customers.export") && show.stdout.contains("x  (file, line 4)"), "\(show)")
        #expect(show.stdout.contains("keys.list.pageDown") && show.stdout.contains("PgDn Ctrl-F Ctrl-D  (preset vim)"), "\(show)")
        #expect(show.stdout.contains("theme") && show.stdout.contains("light  (file, line 1)"), "\(show)")
        #expect(try cli.run(["config", "show"], environment: ["NO_COLOR": "1"]).stdout.contains("monochrome  (environment NO_COLOR)"))
    }

    @Test(arguments: [
        ("as = \"ana\"\ntheme = [1, 2", 2, "syntax"),
        ("as = 7", 1, "as"),
        ("\n\ncolour = \"red\"", 3, "colour"),
        ("theme = \"neon\"", 1, "theme"),
        ("[keys]\nlist.down = \"Hyper-J\"", 2, "keys.list.down"),
        ("[keys]\nlist.down = \"k\"", 2, "keys.list.down"),
        ("invitation_expiry_days = 365", 1, "invitation_expiry_days"),
    ])
    func everyKindOfMistakeIsNamedWithItsLine(text: String, line: Int, field: String) throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let file = try write(text, for: cli)
        let check = try cli.run("config", "check")
        #expect(check.status == 1)
        #expect(check.errorLines.count == 1 && check.stderr.hasPrefix("partnerdash: config: \(file.path):\(line)"), "\(check)")
        #expect(check.stderr.contains(" \(field): "), "\(check)")
    }
}
