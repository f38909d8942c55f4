import Foundation
import Testing
import TestSupport

/// `resellers request` on a disk that fills up or fails while its email is written
/// (`PARTNERDASH_OUTBOX_FAULT` makes the outbox's writes fail as ENOSPC or EIO would).
struct OutboxTests {
    func outbox(_ cli: CLI) -> URL { cli.workspace.appendingPathComponent("outbox") }

    func names(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: ["publish:ENOSPC", "publish:EIO"])
    func aSavedInvitationWhoseEmailCannotBeWrittenSaysSoShowsTheLinkAndOutboxWriteWritesIt(_ fault: String) throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let before = names(outbox(cli))
        let request = try cli.run(["resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana, "--json"],
                                  environment: ["PARTNERDASH_OUTBOX_FAULT": fault])
        #expect(request.status == 0, "the invitation is saved: not a failure (\(request))")
        let link = try CLI.link(request)
        #expect(request.stderr.contains("the change is saved, but its email could not be written"), "\(request)")
        #expect(request.stderr.contains(fault.hasSuffix("EIO") ? "Input/output error" : "No space left on device"), "\(request)")
        #expect(request.stderr.contains("partnerdash outbox write"), "says how to write it: \(request)")
        #expect(!request.stderr.contains("failed") && !request.stdout.contains("failed"))
        #expect(names(outbox(cli)) == before, "no file, partial or empty, under a final name")
        let check = try cli.run("check", "--json")
        let report = try #require(try check.json() as? [String: Any], "\(check)")
        let warnings = try #require(report["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("is not in the outbox yet") }, "check reports the missing email: \(check)")
        #expect((report["problems"] as? [String])?.contains { $0.contains("outbox") } == false, "\(check)")

        let write = try cli.run("outbox", "write")
        #expect(write.status == 0, "\(write)")
        let written = Set(names(outbox(cli))).subtracting(before)
        #expect(written.count == 1, "\(write)")
        let file = outbox(cli).appendingPathComponent(try #require(written.first))
        let mail = try StrictMail.parse(contentsOf: file)
        #expect(mail.body.contains(link) && mail.header("To") == "nadia@northwindcloud.example")
        #expect(write.stdout.contains(file.lastPathComponent))

        let pending = try cli.run("invitations", "list", "--status", "pending", "--as", Demo.ana)
        #expect(pending.stdout.contains("Northwind Cloud"), "the invitation is committed: \(pending)")
        let again = try cli.run("resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana)
        #expect(again.status == 1 && again.stderr.contains("already pending"), "a second request is the rule's refusal: \(again)")
        let clean = try cli.run("check", "--json")
        let cleanWarnings = try #require((try clean.json() as? [String: Any])?["warnings"] as? [String])
        #expect(!cleanWarnings.contains { $0.contains("is not in the outbox yet") }, "\(clean)")
    }

    @Test(arguments: ["stage:ENOSPC", "stage:EIO"])
    func anEmailThatCannotBeStagedSavesNothingAndTheRetryWorks(_ fault: String) throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let before = try cli.workspaceState()
        let request = try cli.run(["resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana, "--json"],
                                  environment: ["PARTNERDASH_OUTBOX_FAULT": fault])
        #expect(request.status == 3, "\(request)")
        #expect(request.stderr.contains("nothing was saved"), "\(request)")
        #expect(request.stderr.split(separator: "\n").count == 1, "one line: \(request)")
        #expect(try cli.workspaceState() == before, "nothing written, staged or journaled")

        let retry = try cli.run("resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana, "--json")
        #expect(retry.status == 0, "not 'already pending': \(retry)")
        _ = try CLI.link(retry)
    }
}
