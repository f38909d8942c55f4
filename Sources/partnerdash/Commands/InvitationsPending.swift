import ArgumentParser
import PartnerCore
import PartnerStore

struct InvitationsPending: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending",
        abstract: "Partnership invitations waiting for your answer (indirect reseller).",
        discussion: """
            Open the link from the provider's email with `partnerdash accept LINK` to see it and authorize.

            Examples:
              partnerdash invitations pending --as mia
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allButCustomersAndPartners)
        try me.require(.indirectReseller, for: "pending partnership invitations")
        let model = workspace.model
        let now = workspace.now()
        let pending = model.pendingPartnershipInvitations(for: me.account.id, at: now)
        if global.json {
            try session.output.emit(pending.map { InvitationSummary($0, model: model, now: now) })
            return
        }
        guard !pending.isEmpty else {
            session.output.line("No partnership invitations are waiting.")
            return
        }
        var table = Table("ID", "Provider", "MPN ID", "Sent by", "Sent", "Expires")
        for i in pending {
            table.add([i.id.short, model.partnerName(i.fromAccountId), model.accounts[i.fromAccountId]?.mpnId ?? "—",
                       i.createdBy, Dates.day(i.createdAt), Dates.day(i.expiresAt)])
        }
        session.output.table(table)
        session.output.note("To answer, open the emailed link: partnerdash accept LINK [--authorize | --decline]")
    }
}
