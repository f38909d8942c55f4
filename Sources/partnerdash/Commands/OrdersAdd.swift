import ArgumentParser
import Foundation
import PartnerCore

struct OrdersAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add subscriptions to an existing customer (you must be its reseller of record).",
        discussion: """
            Examples:
              partnerdash orders add --customer "Alpine Ski" --offer m365-e3:5
              partnerdash orders add --customer alpineski.onmicrosoft.com --offer m365-e3:5:Fabrikam --json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The customer (id, domain or name).", valueName: "customer")) var customer: String

    @Option(name: .customLong("offer"), help: OfferChoice.help)
    var offers: [OfferChoice]

    mutating func validate() throws {
        guard !offers.isEmpty else { throw ValidationError("select at least one subscription with --offer") }
    }

    struct Placed: Encodable {
        var order: Order
        var subscriptions: [Subscription]
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let model = workspace.model
        let target = try model.findCustomer(customer, visibleTo: me.account.id)
        let receipt = try Session.execute(.placeOrder(customer: target.id, cart: OfferChoice.cart(offers, model: model)),
                                          as: me.actor, in: workspace).receipt
        guard let order = receipt.createdId.flatMap({ workspace.model.orders[$0] }) else {
            throw CLIError("order", "was placed but cannot be found", code: ExitStatus.storage)
        }
        let subscriptions = workspace.model.subscriptions(of: target.id).filter { $0.orderId == order.id }
        if global.json {
            try session.output.emit(Placed(order: order, subscriptions: subscriptions))
            return
        }
        session.output.line("\(receipt.message) for \(target.name)")
        SubscriptionsList.table(subscriptions, model: workspace.model, output: session.output)
    }
}
