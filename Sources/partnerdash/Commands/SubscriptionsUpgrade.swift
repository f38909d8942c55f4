import ArgumentParser
import PartnerCore

struct SubscriptionsUpgrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Upgrade a subscription now to a higher offer of the same product family (provider).",
        discussion: """
            Rule 11: the offer must be higher in the same product family (`partnerdash offers --json` gives each \
            offer's productFamily and upgradeRank). The partner of record, the designated support contact and the \
            licenses stay; an offer with the same term length keeps the term's end, another length starts a new term today. What was scheduled for \
            the renewal is cleared. Refused when the offer is not an upgrade, naming the ones that are.

            Examples:
              partnerdash subscriptions upgrade 3f2a9c1e --offer m365-business-premium
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The subscription's id (or its first 8 digits, as listed).", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("The offer to upgrade to (its catalog id).", valueName: "offer-id")) var offer: String

    mutating func run() throws {
        let offer = offer
        try Subscriptions.change(global, id: id) { subscription, _ in .upgradeSubscription(subscription.id, offerId: offer) }
    }
}
