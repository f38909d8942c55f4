import ArgumentParser
import PartnerCore

struct SubscriptionsSchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Schedule a change of licenses or offer for the subscription's renewal, or clear it.",
        discussion: """
            Rule 11: the change applies when the term renews, so auto-renew must be on. The offer must be of the \
            same product family, the licenses within that offer's range; a reseller may schedule fewer licenses \
            only. A change made now (licenses, upgrade) or turning auto-renew off clears what was scheduled.

            Examples:
              partnerdash subscriptions schedule 3f2a9c1e --quantity 10
              partnerdash subscriptions schedule 3f2a9c1e --offer m365-business-standard --quantity 12
              partnerdash subscriptions schedule 3f2a9c1e --clear
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The subscription's id (or its first 8 digits, as listed).", valueName: "id"))
    var id: String

    @Option(help: "The license count from the renewal on.") var quantity: Int?
    @Option(help: ArgumentHelp("The offer from the renewal on (its catalog id).", valueName: "offer-id")) var offer: String?
    @Flag(help: "Clear what is scheduled.") var clear = false

    mutating func validate() throws {
        if clear, quantity != nil || offer != nil { throw ValidationError("give --clear alone, or --quantity and/or --offer") }
        if !clear, quantity == nil, offer == nil { throw ValidationError("nothing to schedule: give --quantity, --offer or --clear") }
    }

    mutating func run() throws {
        let instructions = clear ? nil : NextTermInstructions(offerId: offer, quantity: quantity)
        try Subscriptions.change(global, id: id) { subscription, _ in .scheduleNextTerm(subscription.id, instructions) }
    }
}
