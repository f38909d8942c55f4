import ArgumentParser
import PartnerCore
import PartnerStore

struct WhoAmI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Show the signed-in user, their roles and their account.",
        discussion: """
            Examples:
              partnerdash whoami --as ana
              PARTNERDASH_USER=mia partnerdash whoami --json
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allButCustomersAndPartners)
        if global.json {
            try session.output.emit(AccountSummary(me.account, users: [me.user]))
            return
        }
        session.output.fields([
            ("User", "\(me.user.displayName) <\(me.user.userPrincipalName)>"),
            ("Roles", me.user.rolesLabel.isEmpty ? "none" : me.user.rolesLabel),
            ("Account", "\(me.account.legalName) (\(me.account.kind.label))"),
            ("MPN ID", me.account.mpnId),
            ("Tenant", me.account.tenantDomain),
            ("Enrollment", me.account.enrollment.label),
            ("Workspace", workspace.locationDescription),
        ])
        switch workspace.model.adminAgentRemedy(for: me.user.id) {
        case .giveYourself?:
            session.output.note("note: without the Admin agent role you cannot act on behalf of customers (partnerdash users roles)")
        case let remedy?:
            // Who can give the role, since this user cannot (issue 13 item 7).
            session.output.note("note: " + remedy.hint)
        case nil:
            break
        }
    }
}
