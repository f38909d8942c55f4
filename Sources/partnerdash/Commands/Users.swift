import ArgumentParser

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Account settings › User management: your account's users and their roles.",
        discussion: """
            Examples:
              partnerdash users list
              partnerdash users add --name "Ben Ray" --user ben --role salesAgent
            """,
        subcommands: [UsersList.self, UsersAdd.self, UsersRoles.self],
        defaultSubcommand: UsersList.self)
}
