import ArgumentParser

struct Invitations: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Invitations you sent or received.",
        discussion: """
            Examples:
              partnerdash invitations list --status pending
              partnerdash invitations pending --as mia
            """,
        subcommands: [InvitationsList.self, InvitationsPending.self, InvitationsWithdraw.self],
        defaultSubcommand: InvitationsList.self)
}
