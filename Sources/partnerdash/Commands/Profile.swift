import ArgumentParser

struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Account settings › profile: legal business profile, primary contact, customer support details.",
        discussion: """
            Examples:
              partnerdash profile
              partnerdash profile update --support-phone "+1 555 0199"
            """,
        subcommands: [ProfileShow.self, ProfileUpdate.self], defaultSubcommand: ProfileShow.self)
}
