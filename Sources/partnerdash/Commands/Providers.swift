import ArgumentParser

struct Providers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Indirect providers page: your providers, shared customers, inviting new customers.",
        subcommands: [ProvidersList.self, ProvidersCustomers.self, ProvidersInviteCustomers.self, ProvidersEnd.self],
        defaultSubcommand: ProvidersList.self)
}
