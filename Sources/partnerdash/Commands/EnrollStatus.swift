import ArgumentParser
import PartnerCore

struct EnrollStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show your account's enrollment status and what comes next.",
        discussion: """
            Examples:
              partnerdash enroll status
              partnerdash enroll status --as mia --json
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (_, me) = try session.start()
        try Self.report(me.account, message: nil, session: session)
        if me.account.isActive, !me.user.isAdminAgent, !global.json {
            session.output.line("Next: add yourself to the admin agent group: partnerdash users roles \(me.user.userPrincipalName) --admin-agent on")
        }
    }

    static func report(_ account: PartnerAccount?, message: String?, session: Session) throws {
        guard let account else { throw CLIError("account", "is gone", code: ExitStatus.storage) }
        if session.output.json {
            try session.output.emit(AccountSummary(account, users: nil))
            return
        }
        if let message { session.output.line(message) }
        session.output.fields([("Account", account.legalName), ("MPN ID", account.mpnId),
                               ("Enrollment", account.enrollment.label), ("Next", next(account.enrollment))])
    }

    static func next(_ status: EnrollmentStatus) -> String {
        switch status {
        case .pendingEmailVerification: return "partnerdash enroll verify --code CODE (the code is in the outbox email)"
        case .underReview: return "partnerdash enroll review"
        case .active: return "request or accept a partnership with an indirect provider"
        case .rejected: return "fix the organization profile (partnerdash membership) or choose another MPN ID, then partnerdash enroll resubmit [--mpn-id MPN]"
        }
    }
}
