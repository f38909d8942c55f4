import ArgumentParser
import PartnerCore

struct InvitationsWithdraw: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Withdraw a pending invitation you sent; its link stops working.",
        discussion: """
            Examples:
              partnerdash invitations withdraw 3f2a9c1e
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The invitation's id (or its first 8 digits, as listed).", valueName: "id"))
    var id: String

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let invitation = try workspace.model.findInvitation(id, involving: me.account.id)
        let receipt = try Session.execute(.withdrawInvitation(invitation.id), as: me.actor, in: workspace).receipt
        if global.json {
            try session.output.emit(workspace.model.invitations[invitation.id].map {
                InvitationSummary($0, model: workspace.model, now: workspace.now())
            })
        } else {
            session.output.line("\(receipt.message): \(invitation.kind.label) to \(invitation.email)")
        }
    }
}
