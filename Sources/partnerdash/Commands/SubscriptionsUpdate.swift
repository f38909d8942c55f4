import ArgumentParser
import PartnerCore

struct SubscriptionsUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a subscription: licenses, suspend or reactivate, partner of record, designated support contact.",
        discussion: """
            Examples:
              partnerdash subscriptions update 3f2a9c1e --quantity 25
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
        let session = Session(global)
        let (workspace, me) = try session.start()
        let model = workspace.model
        let subscription = try model.findSubscription(id, visibleTo: me.account.id)
        let change = SubscriptionChange(
            quantity: quantity, status: suspend ? .suspended : reactivate ? .active : nil,
            partnerOfRecord: try partnerOfRecord.map { try $0.resolve(in: model, field: "partnerOfRecord") },
            supportContact: try supportContact.map { try $0.resolve(in: model, field: "supportContact") },
            autoRenewEnabled: autoRenew?.isOn, friendlyName: friendlyName)
        let receipt = try Session.execute(.updateSubscription(subscription.id, change), as: me.actor, in: workspace).receipt
        let updated = workspace.model.subscriptions[subscription.id]
        if global.json {
            try session.output.emit(updated)
        } else {
            session.output.line(receipt.message)
            SubscriptionsList.table(updated.map { [$0] } ?? [], model: workspace.model,
                                    output: session.output)
        }
    }
}
