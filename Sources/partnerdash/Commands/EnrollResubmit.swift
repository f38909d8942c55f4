import ArgumentParser
import PartnerCore

struct EnrollResubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resubmit", abstract: "Put a rejected enrollment back under review.",
        discussion: """
            After fixing the organization profile in the Partner Membership Center (`membership`), or with \
            another of the organization's MPN IDs (`--mpn-id`). Then `enroll review`.

            Examples:
              partnerdash enroll resubmit --as mia --mpn-id 4999002
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("mpn-id"), help: "The MPN ID to be reviewed with (default: the one that was rejected).")
    var mpnId: String?

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let command = Command.resubmitEnrollment(account: me.account.id, mpnId: mpnId ?? me.account.mpnId)
        let receipt = try Session.execute(command, as: me.actor, in: workspace).receipt
        try EnrollStatus.report(workspace.model.accounts[me.account.id], message: receipt.message, session: session)
    }
}
