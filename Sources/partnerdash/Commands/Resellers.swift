import ArgumentParser

struct Resellers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Indirect resellers page: partnerships, requesting new ones and ending them.",
        discussion: """
            Examples:
              partnerdash resellers list
              partnerdash resellers request --reseller Fabrikam
            """,
        subcommands: [ResellersList.self, ResellersRequest.self, ResellersEnd.self],
        defaultSubcommand: ResellersList.self)
}
