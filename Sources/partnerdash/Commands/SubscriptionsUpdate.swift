import ArgumentParser
import PartnerCore

struct SubscriptionsUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a subscription: licenses, suspend or reactivate, partner of record, designated support contact, auto-renew.",
        discussion: """
            Licenses can be added at any time; lowering them is allowed only within 168 hours of the purchase or the \
            last renewal (rule 11): after that, schedule fewer for the renewal with `subscriptions schedule`. Turning \
            auto-renew off lets the subscription expire at the end of its term and clears what was scheduled.

            Examples:
              partnerdash subscriptions update 3f2a9c1e --quantity 25
              partnerdash subscriptions update 3f2a9c1e --auto-renew off
              partnerdash subscriptions update 3f2a9c1e --suspend
              partnerdash subscriptions update 3f2a9c1e --partner-of-record none
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The subscription's id (or its first 8 digits, as listed).", valueName: "id"))
    var id: String

    @Option(help: "The new license count (within the offer's range).") var quantity: Int?
    @Flag(help: "Suspend the subscription.") var suspend = false
    @Flag(help: "Reactivate a suspended subscription.") var reactivate = false

    @Option(help: ArgumentHelp("The indirect reseller credited as partner of record (MPN ID or name), or 'none'.",
                               valueName: "reseller|none"))
    var partnerOfRecord: PartnerChoice?

    @Option(help: ArgumentHelp("The designated support contact: one of your indirect resellers, or 'none'.",
                               valueName: "reseller|none"))
    var supportContact: PartnerChoice?

    @Option(help: "Renew automatically at the end of the term.") var autoRenew: OnOff?
    @Option(help: "Rename the subscription.") var friendlyName: String?

    mutating func validate() throws {
        if suspend && reactivate { throw ValidationError("give --suspend or --reactivate, not both") }
        if quantity == nil, !suspend, !reactivate, partnerOfRecord == nil, supportContact == nil, autoRenew == nil,
           friendlyName == nil {
            throw ValidationError("nothing to change: give --quantity, --suspend, --reactivate, --partner-of-record, "
                + "--support-contact, --auto-renew or --friendly-name")
        }
    }

    mutating func run() throws {
        let (quantity, status, autoRenew, friendlyName) = (quantity, suspend ? Subscription.Status.suspended : reactivate ? .active : nil,
                                                           autoRenew, friendlyName)
        let (partnerOfRecord, supportContact) = (partnerOfRecord, supportContact)
        // The subscription and its customer are read alone when the snapshot says where they are (format 11).
        try Subscriptions.change(global, id: id) { subscription, model in
            .updateSubscription(subscription.id, SubscriptionChange(
                quantity: quantity, status: status,
                partnerOfRecord: try partnerOfRecord.map { try $0.resolve(in: model, field: "partnerOfRecord") },
                supportContact: try supportContact.map { try $0.resolve(in: model, field: "supportContact") },
                autoRenewEnabled: autoRenew?.isOn, friendlyName: friendlyName))
        }
    }
}
