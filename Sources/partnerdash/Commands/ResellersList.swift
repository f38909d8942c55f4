import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct ResellersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your indirect resellers (Active), those invited (Invited) and enrolled ones you could invite (—).",
        discussion: """
            Examples:
              partnerdash resellers list
              partnerdash resellers list --json
            """)

    @OptionGroup var global: GlobalOptions

    struct Row: Encodable {
        var id: AccountID
        var legalName: String
        var mpnId: String
        var country: String
        var partnership: ResellerOverview.State
        var customers: Int
        var since: Date?
        var invitationId: InvitationID?
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allButCustomersAndPartners)
        try me.require(.indirectProvider, for: "the Indirect resellers page")
        let rows = workspace.model.resellerOverview(for: me.account.id, at: workspace.now())
        if global.json {
            try session.output.emit(rows.map {
                Row(id: $0.reseller.id, legalName: $0.reseller.legalName, mpnId: $0.reseller.mpnId, country: $0.reseller.country,
                    partnership: $0.state, customers: $0.sharedCustomers, since: $0.since, invitationId: $0.invitationId)
            })
            return
        }
        var table = Table([Table.Column("Reseller"), Table.Column("MPN ID"), Table.Column("Partnership"),
                           Table.Column("Customers", right: true), Table.Column("Since")])
        for row in rows {
            table.add([row.reseller.legalName, row.reseller.mpnId, row.state.label,
                       row.state == .active || row.sharedCustomers > 0 ? String(row.sharedCustomers) : "–",
                       Dates.day(row.since)])
        }
        session.output.table(table, empty: "No enrolled indirect resellers yet.")
    }
}
