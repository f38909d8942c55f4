import ArgumentParser
import PartnerCore
import PartnerStore

struct UsersList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List your account's users and roles.",
        discussion: """
            Examples:
              partnerdash users list
              partnerdash users list --json
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allButCustomersAndPartners)
        let users = workspace.model.users(of: me.account.id)
        if global.json {
            try session.output.emit(users.map(AccountSummary.UserSummary.init))
            return
        }
        var table = Table("Name", "User", "Roles", "Admin agent")
        for user in users {
            table.add([user.displayName, user.userPrincipalName, user.rolesLabel.isEmpty ? "—" : user.rolesLabel,
                       user.isAdminAgent ? "yes" : "no"])
        }
        session.output.table(table)
    }
}
