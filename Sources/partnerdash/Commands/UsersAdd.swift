import ArgumentParser
import PartnerCore

struct UsersAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user to your account.",
        discussion: """
            Examples:
              partnerdash users add --name "Ben Ray" --user ben --role salesAgent
              partnerdash users add --name "Cy Lo" --user cy --role adminAgent --role helpdeskAgent
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Display name.") var name: String
    @Option(help: "User name (before the @; your tenant domain is added) or a full user principal name.") var user: String
    @Option(help: ArgumentHelp("A role: globalAdmin, adminAgent, salesAgent or helpdeskAgent. Repeat for several.",
                               valueName: "role"))
    var role: [User.Role] = []

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let receipt = try Session.execute(.addUser(displayName: name, userPrincipalName: user, roles: Set(role)), as: me.actor, in: workspace).receipt
        let added = receipt.createdId.flatMap { workspace.model.users[$0] }
        if global.json, let added {
            try session.output.emit(AccountSummary.UserSummary(added))
        } else {
            session.output.line("\(receipt.message) (\(added?.rolesLabel ?? ""))")
        }
    }
}
