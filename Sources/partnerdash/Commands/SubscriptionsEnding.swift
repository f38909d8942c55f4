import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct SubscriptionsEnding: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ending",
        abstract: "List your customers' active subscriptions whose term ends within 30 days (Home's list).",
        discussion: """
            Earliest end first, with what the end will do: renew (with what is scheduled, if anything) or expire \
            (auto-renew off). Terms that already ended were renewed or expired when this command signed in (rule 11).

            Examples:
              partnerdash subscriptions ending
              partnerdash subscriptions ending --as mia@fabrikamsolutions.onmicrosoft.com --json
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .auditLog)
        let model = workspace.model
        let ending = model.subscriptionsEndingSoon(visibleTo: me.account.id, at: workspace.now())
        if global.json {
            try session.output.emit(ending)
            return
        }
        var table = Table([Table.Column("ID"), Table.Column("Customer"), Table.Column("Subscription"), Table.Column("Ends"),
                           Table.Column("At the end"), Table.Column("Licenses", right: true)])
        for s in ending {
            let next = s.scheduledNextTerm.map { "renews with \($0)" } ?? "renews"
            table.add([s.id.short, model.customers[s.customerId]?.name ?? "", s.friendlyName, Dates.day(s.commitmentEndDate),
                       s.autoRenewEnabled ? next : "expires", String(s.quantity)])
        }
        session.output.table(table, empty: "No subscription ends within 30 days.")
    }
}
