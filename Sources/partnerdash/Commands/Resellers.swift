import ArgumentParser

struct Resellers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Indirect resellers page: partnerships, requesting new ones and ending them.",
        subcommands: [ResellersList.self, ResellersRequest.self, ResellersEnd.self],
        defaultSubcommand: ResellersList.self)
}
