import ArgumentParser

struct Listing: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Your entry on Microsoft's official indirect providers list, and requests to change it.",
        discussion: """
            Examples:
              partnerdash listing show
              partnerdash listing refresh
            """,
        subcommands: [ListingShow.self, ListingRequest.self, ListingRefresh.self],
        defaultSubcommand: ListingShow.self)
}
