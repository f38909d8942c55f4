import ArgumentParser
import PartnerCore

struct UsersRoles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Change a user's roles: add or remove Admin agent, or set the roles outright.",
        discussion: """
            Select Admin agent and Update: `partnerdash users roles USER --admin-agent on`.

            Examples:
              partnerdash users roles ben --admin-agent on
              partnerdash users roles ben --role salesAgent
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The user (user principal name, or the part before the @).", valueName: "user"))
    var user: String

    @Option(help: "Add (on) or remove (off) the Admin agent role.") var adminAgent: OnOff?

    @Option(help: ArgumentHelp("Set the roles to exactly these (repeat); combine with --admin-agent to adjust.",
                               valueName: "role"))
    var role: [User.Role] = []

    mutating func validate() throws {
        if adminAgent == nil, role.isEmpty { throw ValidationError("give --admin-agent on|off or --role") }
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let target = try workspace.model.findUser(user)
        var roles = role.isEmpty ? target.roles : Set(role)
        switch adminAgent {
        case .on: roles.insert(.adminAgent)
        case .off: roles.remove(.adminAgent)
        case nil: break
        }
        let receipt = try Session.execute(.setUserRoles(user: target.id, roles: roles), as: me.actor, in: workspace).receipt
        if global.json, let updated = workspace.model.users[target.id] {
            try session.output.emit(AccountSummary.UserSummary(updated))
        } else {
            session.output.line(receipt.message)
        }
    }
}
