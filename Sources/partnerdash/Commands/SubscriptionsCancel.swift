import ArgumentParser
import PartnerCore

struct SubscriptionsCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a subscription within 168 hours of its purchase or renewal, for a prorated refund.",
        discussion: """
            New commerce (rule 11): a subscription can be cancelled only within 168 hours (7 days) of its purchase or \
            its last renewal; the unused part of the term is refunded, prorated. Its status becomes deleted and it \
            cannot be restored. After the window the command is refused with the time the window closed: turn \
            auto-renew off instead to let it expire at the end of the term.

            Examples:
              partnerdash subscriptions cancel 3f2a9c1e
              partnerdash subscriptions cancel 3f2a9c1e --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The subscription's id (or its first 8 digits, as listed).", valueName: "id"))
    var id: String

    mutating func run() throws {
        try Subscriptions.change(global, id: id) { subscription, _ in .cancelSubscription(subscription.id) }
    }
}
