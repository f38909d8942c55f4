import ArgumentParser

struct Subscriptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A customer's subscriptions: licenses, status, partner of record, designated support contact.",
        subcommands: [SubscriptionsList.self, SubscriptionsUpdate.self],
        defaultSubcommand: SubscriptionsList.self)
}
