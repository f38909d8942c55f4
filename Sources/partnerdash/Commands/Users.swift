import ArgumentParser

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Account settings › User management: your account's users and their roles.",
        subcommands: [UsersList.self, UsersAdd.self, UsersRoles.self],
        defaultSubcommand: UsersList.self)
}
