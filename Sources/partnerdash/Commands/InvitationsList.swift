import ArgumentParser
import PartnerCore
import PartnerStore

struct InvitationsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every invitation your account sent or received, newest first.",
        discussion: """
            Examples:
              partnerdash invitations list
              partnerdash invitations list --status expired --json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only invitations in this state (pending, accepted, declined, withdrawn, expired).",
                               valueName: "status"))
    var status: Invitation.Status?

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allButCustomersAndPartners)
        let model = workspace.model
        let now = workspace.now()
        let invitations = model.invitations(involving: me.account.id)
            .filter { status == nil || $0.effectiveStatus(at: now) == status }
        if global.json {
            try session.output.emit(invitations.map { InvitationSummary($0, model: model, now: now) })
            return
        }
        var table = Table("ID", "Kind", "From", "To", "Status", "Sent", "Expires")
        for i in invitations {
            let to = i.toAccountId.map { model.partnerName($0) } ?? i.email
            table.add([i.id.short, i.kind.label, model.partnerName(i.fromAccountId), to, i.effectiveStatus(at: now).rawValue,
                       Dates.day(i.createdAt), Dates.day(i.expiresAt)])
        }
        session.output.table(table, empty: "No invitations.")
    }
}

