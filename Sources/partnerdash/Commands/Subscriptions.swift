import ArgumentParser

struct Subscriptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A customer's subscriptions: licenses, status, partner of record, designated support contact.",
        discussion: """
            Examples:
              partnerdash subscriptions list --customer "Alpine Ski"
              partnerdash subscriptions update 3f2a9c1e --quantity 25
            """,
        subcommands: [SubscriptionsList.self, SubscriptionsUpdate.self],
        defaultSubcommand: SubscriptionsList.self)
}
