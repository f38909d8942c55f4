import ArgumentParser

struct Resellers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Indirect resellers page: partnerships, and requesting new ones.",
        subcommands: [ResellersList.self, ResellersRequest.self],
        defaultSubcommand: ResellersList.self)
}
