import ArgumentParser

struct Invitations: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Invitations you sent or received.",
        subcommands: [InvitationsList.self, InvitationsPending.self, InvitationsWithdraw.self],
        defaultSubcommand: InvitationsList.self)
}
