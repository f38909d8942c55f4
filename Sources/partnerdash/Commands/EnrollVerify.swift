import ArgumentParser
import PartnerCore

struct EnrollVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Confirm the primary contact's email with the code mailed to it.",
        discussion: """
            Examples:
              partnerdash enroll verify --code 123456 --as mia
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The six-digit code from the verification email (in the workspace's outbox).") var code: String

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let receipt = try Session.execute(.verifyEnrollmentEmail(account: me.account.id, code: code), as: me.actor, in: workspace).receipt
        try EnrollStatus.report(workspace.model.accounts[me.account.id], message: receipt.message, session: session)
    }
}
