import ArgumentParser
import PartnerCore

struct EnrollReview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Run the program's review: MPN ID format and uniqueness, same country as the tenant, free domain.",
        discussion: """
            Approves the enrollment or rejects it with the reason; the primary contact is emailed either way.

            Examples:
              partnerdash enroll review --as mia
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let receipt = try Session.execute(.reviewEnrollment(account: me.account.id), as: me.actor, in: workspace).receipt
        try EnrollStatus.report(workspace.model.accounts[me.account.id], message: receipt.message, session: session)
    }
}
