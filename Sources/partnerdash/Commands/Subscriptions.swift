import ArgumentParser
import PartnerCore
import PartnerStore
import PartnerWorkspace

struct Subscriptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A customer's subscriptions: licenses, status, partner of record, designated support contact, "
            + "cancelling, upgrading and what changes at renewal.",
        discussion: """
            Examples:
              partnerdash subscriptions list --customer "Alpine Ski"
              partnerdash subscriptions update 3f2a9c1e --quantity 25
              partnerdash subscriptions ending
            """,
        subcommands: [SubscriptionsList.self, SubscriptionsEnding.self, SubscriptionsUpdate.self, SubscriptionsCancel.self,
                      SubscriptionsUpgrade.self, SubscriptionsSchedule.self],
        defaultSubcommand: SubscriptionsList.self)

    /// Finds the subscription `id` among the signed-in account's customers, executes the
    /// command `make` builds for it, and prints the receipt and the subscription as it is now
    /// (with --json, the subscription in Partner Center's field names).
    /// The open leaves the customers, orders, subscriptions and audit log unread: the
    /// subscription and its customer are read alone when the snapshot says where they are,
    /// and the change is decided on them (every change of one subscription is narrowed:
    /// PartnerCore's `Command.decisionScope`).
    static func change(_ global: GlobalOptions, id: String, _ make: (Subscription, PartnerModel) throws -> Command) throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allLarge)
        try workspace.loadSubscriptions(soughtBy: id)
        if workspace.backend.deferredSections.contains(.ordersAndSubscriptions) {
            Invocation.log.debug("read the subscriptions sought alone", metadata: [
                "command": "\(Invocation.command)", "subscriptions": "\(workspace.model.subscriptions.count)",
                "customers": "\(workspace.model.customers.count)"])
        }
        let subscription = try workspace.model.findSubscription(id, visibleTo: me.account.id)
        let command = try make(subscription, workspace.model)
        let receipt = try Session.execute(command, as: me.actor, in: workspace).receipt
        let updated = workspace.model.subscriptions[subscription.id]
        if global.json {
            try session.output.emit(updated)
        } else {
            session.output.line(receipt.message)
            SubscriptionsList.table(updated.map { [$0] } ?? [], model: workspace.model, output: session.output)
        }
    }
}
