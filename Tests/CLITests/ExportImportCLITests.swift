import Foundation
import PartnerCore
import Testing
import TestSupport

/// `partnerdash export` and `partnerdash import` with the real counterparts a script author
/// uses: Python's csv and json modules and sqlite3's `.import --csv`.
@Suite struct ExportImportCLITests {
    /// Runs a real program and returns its stdout (its status must be 0).
    static func external(_ path: String, _ arguments: [String], in cli: CLI) throws -> String {
        let out = cli.scratch.appendingPathComponent("\(UUID().uuidString).out"), err = cli.scratch.appendingPathComponent("\(UUID().uuidString).err")
        defer { for f in [out, err] { try? FileManager.default.removeItem(at: f) } }
        let status = try Spawn.run(path, arguments, environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"],
                                   stdout: .file(out.path), stderr: .file(err.path))
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        try #require(status == 0, "\(path) \(arguments) exited \(status): \(stderr)")
        return try String(contentsOf: out, encoding: .utf8)
    }

    static func python(_ script: String, _ arguments: [String] = [], in cli: CLI) throws -> Any {
        let out = try external("/usr/bin/python3", ["-c", script] + arguments, in: cli)
        return try JSONSerialization.jsonObject(with: Data(out.utf8))
    }

    /// Python's csv module: the header and the rows as dictionaries.
    static let readCSV = """
        import csv, json, sys
        with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
            r = csv.DictReader(f)
            rows = list(r)
        print(json.dumps({"fields": r.fieldnames, "rows": rows}))
        """

    static func exported(_ cli: CLI, _ arguments: [String], to name: String) throws -> URL {
        let file = cli.scratch.appendingPathComponent(name)
        let result = try cli.run(["export"] + arguments + ["--output", file.path])
        try #require(result.status == 0 && result.stdout.isEmpty, "\(arguments): \(result)")
        return file
    }

    @Test func everyResourceIsReadByPythonAndSQLiteWithPartnerCentersColumns() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let ana = ["--as", Demo.ana], mia = ["--as", Demo.mia]
        let resources: [(String, [String], [String])] = [
            ("customers", ana, CustomerColumn.allCases.map(\.rawValue)),
            ("subscriptions", ana, SubscriptionColumn.allCases.map(\.rawValue)),
            ("orders", ana, OrderColumn.allCases.map(\.rawValue)),
            ("invitations", ana, InvitationColumn.allCases.map(\.rawValue)),
            ("resellers", ana, IndirectResellerColumn.allCases.map(\.rawValue)),
            ("providers", mia, IndirectProviderColumn.allCases.map(\.rawValue)),
            ("log", ana, AuditRecordColumn.allCases.map(\.rawValue)),
        ]
        for (resource, user, columns) in resources {
            let file = try Self.exported(cli, [resource] + user, to: "\(resource).csv")
            let read = try #require(try Self.python(Self.readCSV, [file.path], in: cli) as? [String: Any])
            let rows = try #require(read["rows"] as? [[String: String]])
            #expect(read["fields"] as? [String] == columns, "\(resource)")
            #expect(!rows.isEmpty, "\(resource) has rows in the demo")
            let count = try Self.external("/usr/bin/sqlite3", [":memory:", "-cmd", ".import --csv \(file.path) t", "select count(*) from t"], in: cli)
            #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == String(rows.count), "\(resource): sqlite3 reads as many rows")
            #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
        }
        // The reseller's MPN ID, in the customer and on its subscriptions alike.
        let customers = try #require(try Self.python(Self.readCSV, [cli.scratch.appendingPathComponent("customers.csv").path], in: cli)
            as? [String: Any])["rows"] as? [[String: String]]
        let mpnIds = Set((customers ?? []).compactMap { $0["associatedPartnerId"] }.filter { !$0.isEmpty })
        #expect(!mpnIds.isEmpty && mpnIds.allSatisfy { $0.wholeMatch(of: /[0-9]{6,7}/) != nil }, "\(mpnIds)")
    }

    @Test func formulasAreGuardedAndPhonesStayReadableInPython() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let formula = "=HYPERLINK(\"http://evil.example\",\"x\")"
        let add = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "m365-e3:5"] + Demo.newCustomer(company: formula, prefix: "evilco"))
        try #require(add.status == 0, "\(add)")
        let file = try Self.exported(cli, ["customers", "--as", Demo.ana, "--filter", "evilco"], to: "guard.csv")
        let read = try #require(try Self.python(Self.readCSV, [file.path], in: cli) as? [String: Any])
        let rows = try #require(read["rows"] as? [[String: String]])
        #expect(rows.count == 1 && rows[0]["companyProfile.companyName"] == "'" + formula, "a spreadsheet reads text, not a formula")
        #expect(rows[0]["billingProfile.defaultAddress.phoneNumber"] == "+1 555 0100", "E.164 stays readable")
    }

    @Test func formatsOptionsAndUsageErrors() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let ana = ["--as", Demo.ana]
        let csv = try cli.run(["export", "subscriptions"] + ana)
        let json = try cli.run(["export", "subscriptions", "--format", "json"] + ana)
        let globalJSON = try cli.run(["--json", "export", "subscriptions"] + ana)
        let lines = try cli.run(["export", "subscriptions", "--format", "jsonl"] + ana)
        #expect(csv.status == 0 && json.status == 0 && lines.status == 0 && globalJSON.stdout == json.stdout)
        let array = try #require(try json.json() as? [[String: Any]])
        #expect(array.count == csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count - 1)
        #expect(array.first?["quantity"] is Int && array.first?["autoRenewEnabled"] is Bool)
        let read = try #require(try Self.python("""
            import json, sys
            print(json.dumps([json.loads(line)["id"] for line in open(sys.argv[1], encoding='utf-8')]))
            """, [try Self.exported(cli, ["subscriptions", "--format", "jsonl"] + ana, to: "s.jsonl").path], in: cli) as? [String])
        #expect(read == array.map { $0["id"] as? String ?? "" }, "JSON Lines: one object per line")

        let bom = try Self.exported(cli, ["customers", "--bom"] + ana, to: "excel.csv")
        #expect(try Data(contentsOf: bom).starts(with: [0xEF, 0xBB, 0xBF]))
        // --output replaces a file whole.
        let file = cli.scratch.appendingPathComponent("replaced.csv")
        try Data(repeating: 0x41, count: 1_000_000).write(to: file)
        _ = try Self.exported(cli, ["providers", "--as", Demo.mia], to: "replaced.csv")
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("id,name,relationshipType,state,mpnId,location\r\n"))
        #expect(!(try String(contentsOf: file, encoding: .utf8)).contains("AAA"))

        for (arguments, named) in [(["--json", "--format", "csv"], "--format csv"), (["--bom", "--format", "json"], "--bom")] {
            let refused = try cli.run(["export", "customers"] + arguments + ana)
            #expect(refused.status == 2 && refused.stderr.contains(named), "\(refused)")
        }
        let reseller = try cli.run(["export", "resellers", "--as", Demo.mia])
        #expect(reseller.status == 1 && reseller.stderr.contains("indirect provider"), "\(reseller)")
    }

    // MARK: Import

    /// Two workspaces from `gen` with the same seed: the same provider and resellers, one
    /// with customers and one without.
    static func twins(_ cli: CLI) throws -> (source: [String], target: [String]) {
        let source = cli.scratch.appendingPathComponent("source").path, target = cli.scratch.appendingPathComponent("target").path
        for (path, customers) in [(source, "40"), (target, "0")] {
            let gen = try cli.run("gen", "--data", path, "--customers", customers, "--resellers", "3")
            try #require(gen.status == 0, "\(gen)")
        }
        return (["--data", source, "--as", Demo.ana], ["--data", target, "--as", Demo.ana])
    }

    @Test func exportImportExportGivesIdenticalFiles() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let (source, target) = try Self.twins(cli)
        for resource in ["customers", "subscriptions"] {
            let before = try Self.exported(cli, [resource] + source, to: "\(resource)-before.csv")
            let imported = try cli.run(["import", resource, before.path] + target)
            #expect(imported.status == 0 && imported.stdout.hasPrefix("Imported "), "\(imported)")
            let after = try Self.exported(cli, [resource] + target, to: "\(resource)-after.csv")
            #expect(try Data(contentsOf: before) == Data(contentsOf: after), "\(resource): byte-identical")
            #expect(try Data(contentsOf: before).count > 1_000)
        }
        let check = try cli.run(["check"] + target)
        #expect(check.status == 0, "the imported workspace is sound: \(check)")
    }

    /// A reseller the customer authorized after it was created (accepting the reseller's
    /// relationship request) is a reseller of record that no customer column carries
    /// (`associatedPartnerId` names the one it was created for). The subscriptions naming it
    /// make it a reseller of record again, so the round trip is still byte-identical.
    @Test func subscriptionsOfAResellerOfRecordByInvitationRoundTrip() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let (source, target) = try Self.twins(cli)
        let data = Array(source.prefix(2))
        let customers = try #require(try cli.run(["export", "customers", "--format", "json"] + source).json() as? [[String: Any]])
        let customer = try #require(customers.first { $0["associatedPartnerId"] as? String != "4000002" })
        let domain = try #require(customer["companyProfile.domain"] as? String)
        let email = try #require(customer["billingProfile.email"] as? String)
        let request = try cli.run(["customers", "request-relationship", "--email", email, "--json", "--as", "admin@reseller3.onmicrosoft.com"] + data)
        let link = try #require((try request.json() as? [String: Any])?["link"] as? String, "\(request)")
        let accepted = try cli.run(["accept", link, "--as-customer", email, "--domain", domain] + data)
        try #require(accepted.status == 0, "\(accepted)")
        let ordered = try cli.run(["orders", "add", "--customer", domain, "--offer", "m365-business-basic:3:4000002"] + source)
        try #require(ordered.status == 0, "\(ordered)")

        for resource in ["customers", "subscriptions"] {
            let before = try Self.exported(cli, [resource] + source, to: "\(resource)-before.csv")
            let imported = try cli.run(["import", resource, before.path] + target)
            #expect(imported.status == 0, "\(imported)")
            let after = try Self.exported(cli, [resource] + target, to: "\(resource)-after.csv")
            #expect(try Data(contentsOf: before) == Data(contentsOf: after), "\(resource): byte-identical")
        }
        let log = try #require(try cli.run(["log", "--operation", "create_customer_relationship", "--json"] + target).json() as? [[String: Any]])
        #expect(log.count == 1 && (log.first?["newValue"] as? String)?.contains("Cedar Bakery 3") == true, "\(log)")
        let check = try cli.run(["check"] + target)
        #expect(check.status == 0, "\(check)")
    }

    @Test func filesWrittenByPythonImport() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let (source, target) = try Self.twins(cli)
        // Python reads the JSON export and writes CSV with its csv module (a BOM, no ids, columns reordered).
        let json = try Self.exported(cli, ["customers", "--format", "json"] + source, to: "customers.json")
        let csv = cli.scratch.appendingPathComponent("python.csv")
        _ = try Self.python("""
            import csv, json, sys
            rows = json.load(open(sys.argv[1], encoding='utf-8'))
            fields = [k for k in reversed(list(rows[0].keys())) if k != 'id']
            with open(sys.argv[2], 'w', newline='', encoding='utf-8-sig') as f:
                w = csv.DictWriter(f, fieldnames=fields)
                w.writeheader()
                for r in rows:
                    w.writerow({k: ('' if r[k] is None else r[k]) for k in fields})
            print(json.dumps([len(rows)]))
            """, [json.path, csv.path], in: cli)
        let imported = try cli.run(["import", "customers", csv.path, "--json"] + target)
        #expect(imported.status == 0, "\(imported)")
        #expect((try imported.json() as? [String: Any])?["imported"] as? Int == 40)
        let names = { (data: [String]) in
            try Self.python("import json,sys; print(json.dumps(sorted(r['companyProfile.companyName'] for r in json.load(open(sys.argv[1])))))",
                            [try Self.exported(cli, ["customers", "--format", "json"] + data, to: "\(UUID()).json").path], in: cli) as? [String]
        }
        #expect(try names(target) == names(source))
    }

    @Test func badRowsAreAllReportedAndNothingIsWritten() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let ana = ["--as", Demo.ana]
        let header = CustomerColumn.allCases.map(\.rawValue)
        func row(_ prefix: String, email: String, partner: String = "4812345") -> [String] {
            let values = ["companyProfile.companyName": "Co \(prefix)", "companyProfile.domain": "\(prefix).onmicrosoft.com",
                          "billingProfile.firstName": "Ann", "billingProfile.lastName": "Lee", "billingProfile.email": email,
                          "billingProfile.culture": "en-US", "billingProfile.language": "en",
                          "billingProfile.defaultAddress.addressLine1": "1 Main St", "billingProfile.defaultAddress.city": "Seattle",
                          "billingProfile.defaultAddress.postalCode": "98052", "billingProfile.defaultAddress.country": "US",
                          "billingProfile.defaultAddress.phoneNumber": "+1 425 555 0100", "associatedPartnerId": partner]
            return header.map { values[$0] ?? "" }
        }
        let text = [header, row("newone", email: "a@newone.example"), row("broken", email: "nope"),
                    row("newone", email: "b@newone.example"), row("stranger", email: "c@x.example", partner: "1234567")]
            .map(CSV.record).joined()
        let file = cli.scratch.appendingPathComponent("bad.csv")
        try Data(text.utf8).write(to: file)
        let before = try cli.workspaceState()
        let refused = try cli.run(["import", "customers", file.path] + ana)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.errorLines.count == 4, "one line per bad row and a summary: \(refused)")
        #expect(refused.stderr.contains("line 3: billingProfile.email: "), "\(refused)")
        #expect(refused.stderr.contains("line 4: companyProfile.domain: newone.onmicrosoft.com is already taken"), "\(refused)")
        #expect(refused.stderr.contains("line 5: associatedPartnerId: "), "\(refused)")
        #expect(try cli.workspaceState() == before, "all or nothing: nothing written")
        let json = try cli.run(["import", "customers", "-", "--json"] + ana, stdin: text)
        let error = try #require((try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any])?["error"] as? [String: Any])
        #expect(json.status == 1 && (error["problems"] as? [[String: Any]])?.map { $0["line"] as? Int } == [3, 4, 5], "\(json)")
        #expect(try cli.workspaceState() == before)

        let skipped = try cli.run(["import", "customers", file.path, "--skip-bad-rows"] + ana)
        #expect(skipped.status == 0 && skipped.stdout.contains("Imported 1 customer(s); skipped 3 bad row(s)"), "\(skipped)")
        let listed = try cli.run("customers", "list", "--as", Demo.ana, "--filter", "newone.onmicrosoft.com", "--json")
        #expect((try listed.json() as? [[String: Any]])?.count == 1)
        let unknown = try cli.run(["import", "subscriptions", "-"] + ana, stdin: "id,colour\r\n")
        #expect(unknown.status == 1 && unknown.stderr.contains("line 1: colour: is not a column of subscriptions"), "\(unknown)")
    }
}
