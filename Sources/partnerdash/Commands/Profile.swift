import ArgumentParser

struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Account settings › profile: legal business profile, primary contact, customer support details.",
        subcommands: [ProfileShow.self, ProfileUpdate.self], defaultSubcommand: ProfileShow.self)
}
