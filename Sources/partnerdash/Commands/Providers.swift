import ArgumentParser

struct Providers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Indirect providers page: your providers, finding one, shared customers, inviting new customers.",
        subcommands: [ProvidersList.self, ProvidersFind.self, ProvidersCustomers.self, ProvidersInviteCustomers.self, ProvidersEnd.self],
        defaultSubcommand: ProvidersList.self)
}
