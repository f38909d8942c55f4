import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct ProvidersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the indirect providers you have a partnership with.",
        discussion: """
            Examples:
              partnerdash providers list --as mia
              partnerdash providers list --as mia --json
            """)

    @OptionGroup var global: GlobalOptions

    struct Row: Encodable {
        var id: AccountID
        var legalName: String
        var mpnId: String
        var since: Date?
        var customers: Int
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allButCustomersAndPartners)
        try me.require(.indirectReseller, for: "the Indirect providers page")
        let model = workspace.model
        let rows = model.activeProviders(of: me.account.id).map { provider in
            Row(id: provider.id, legalName: provider.legalName, mpnId: provider.mpnId,
                since: model.activePartnership(provider: provider.id, reseller: me.account.id)?.since,
                customers: model.sharedCustomerIds(provider.id, me.account.id).count)
        }
        if global.json {
            try session.output.emit(rows)
            return
        }
        var table = Table([Table.Column("Provider"), Table.Column("MPN ID"), Table.Column("Since"),
                           Table.Column("Shared customers", right: true)])
        for row in rows { table.add([row.legalName, row.mpnId, Dates.day(row.since), String(row.customers)]) }
        session.output.table(table, empty: "No indirect providers yet.")
        let pending = model.pendingPartnershipInvitations(for: me.account.id, at: workspace.now()).count
        if pending > 0 {
            session.output.note("\(pending) partnership invitation(s) waiting: partnerdash invitations pending")
        }
    }
}
