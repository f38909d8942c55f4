import ArgumentParser

struct Providers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Indirect providers page: your providers, finding one, shared customers, inviting new customers.",
        discussion: """
            Examples:
              partnerdash providers list --as mia
              partnerdash providers find --country US
            """,
        subcommands: [ProvidersList.self, ProvidersFind.self, ProvidersCustomers.self, ProvidersInviteCustomers.self, ProvidersEnd.self],
        defaultSubcommand: ProvidersList.self)
}
