import Foundation
import PartnerCore
import PartnerStore
import Testing
import TestSupport

/// `partnerdash batch` opens leaving the large sections unread (issue 11, item 4): a batch
/// of listings by reseller and changes of single subscriptions reads one reseller's
/// customers and the subscriptions sought, command by command, and never the book; a
/// command that reads more reads everything first. Whatever it reads, each command prints
/// byte for byte what the same batch prints on a copy read whole (the demo's journal
/// alone), and both leave the same workspace behind.
@Suite struct BatchDeferralTests {
    private static let readTheRest = "read the sections the batch left unread"

    /// Listings by reseller (as the provider and as a reseller, text and JSON) between
    /// updates, cancellations, upgrades and changes at renewal, one subscription changed
    /// twice, and refusals.
    private static func narrowLines(_ model: PartnerModel) throws -> [String] {
        let resellers = model.accounts.values.filter { $0.kind == .indirectReseller }.map(\.legalName).sorted()
        let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        let standard = try #require(live.last { $0.offerId == "m365-business-standard" && $0.status == .active })
        let renewing = try #require(live.first { $0.autoRenewEnabled && $0.id != standard.id })
        var lines: [String] = []
        for (i, subscription) in live.prefix(4).enumerated() {
            lines.append("customers list --reseller '\(resellers[i % resellers.count])'")
            lines.append("subscriptions update \(subscription.id.short) --quantity \(subscription.quantity + 1)")
        }
        lines += [
            "subscriptions update \(live[0].id.short) --friendly-name 'Renamed in the batch' --json",
            "customers list --reseller '\(resellers[0])' --json",
            "subscriptions upgrade \(standard.id.short) --offer m365-e5",
            "subscriptions upgrade \(standard.id.short) --offer m365-business-premium",
            "subscriptions schedule \(renewing.id.short) --quantity \(renewing.quantity + 2) --json",
            "subscriptions cancel \(live[live.count / 2].id.short)",
            "customers list --reseller 'Fabrikam Solutions' --as \(Demo.mia)",
            "subscriptions update 0000abcd --quantity 3",
            "customers list --reseller 'No Such Reseller'",
        ]
        return lines
    }

    @Test func aBatchReadsWhatItsCommandsNeedAndPrintsWhatTheWholeWorkspaceGives() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let (whole, model) = try cli.snapshotAndWholeCopy()
        let log = DiagnosticLogTests.state(cli, ["PARTNERDASH_LOG": "debug"])
        let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        let batches = [
            try Self.narrowLines(model),
            // A command that reads every customer, then more of the same on the whole model.
            ["customers list --json",
             "subscriptions update \(live[5].id.short) --quantity \(live[5].quantity + 3)",
             "customers list --reseller 'Fabrikam Solutions'",
             "subscriptions update \(live[0].id.short) --friendly-name 'Renamed again'",
             "subscriptions update 0000abcd --quantity 3"],
        ]
        for (index, lines) in batches.enumerated() {
            let input = lines.joined(separator: "\n") + "\n"
            for json in [false, true] {
                let arguments = ["batch", "--as", Demo.ana] + (json ? ["--json"] : [])
                let narrow = try cli.run(arguments, stdin: input, environment: log)
                let read = try cli.run(arguments + ["--data", whole], stdin: input)
                #expect(narrow.status == read.status && narrow.stdout == read.stdout && narrow.stderr == read.stderr,
                        "batch \(index), json \(json): the outputs differ")
                #expect(narrow.status == 1, "a refusal among them")
            }
            let readAll = try DiagnosticLogTests.lines(cli).contains { $0.contains(Self.readTheRest) }
            #expect(readAll == (index == 1), "batch \(index) read everything: \(readAll)")
        }
        let after = try WorkspaceStore.open(directory: cli.workspace.path), afterWhole = try WorkspaceStore.open(directory: whole)
        defer { after.close(); afterWhole.close() }
        #expect(after.model.subscriptions == afterWhole.model.subscriptions ? true : false, "the subscriptions differ")
        #expect(after.model.customers == afterWhole.model.customers ? true : false, "the customers differ")
        #expect(after.model.auditLog.count == afterWhole.model.auditLog.count)
        #expect(after.model.auditLog.suffix(30).map(\.resourceName) == afterWhole.model.auditLog.suffix(30).map(\.resourceName))
    }
}
