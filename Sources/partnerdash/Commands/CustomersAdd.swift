import ArgumentParser
import Foundation
import PartnerCore

struct CustomersAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a new customer with its first subscriptions, optionally for an indirect reseller (provider).",
        discussion: """
            New customer → New subscription → Review → Submit in one step: the customer, its order and \
            subscriptions are stored together or not at all. With --reseller, both the reseller and you become \
            its resellers of record, and the reseller is partner of record on each offer unless the offer names \
            another. The admin user's temporary password is printed once and stored nowhere.

            Examples:
              partnerdash customers add --company "Alpine Ski" --domain-prefix alpineski --first-name Ada --last-name Lind --email it@alpineski.example --phone "+1 555 0100" --line1 "1 Main St" --city Denver --postal-code 80202 --country US --offer m365-business-premium:10
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var form: NewCustomerOptions

    @Option(help: ArgumentHelp("The indirect reseller to add the customer for (MPN ID, domain or name).", valueName: "reseller"))
    var reseller: String?

    @Option(name: .customLong("offer"), help: OfferChoice.help)
    var offers: [OfferChoice]

    mutating func validate() throws {
        guard !offers.isEmpty else { throw ValidationError("select at least one subscription with --offer") }
    }

    struct Confirmation: Encodable {
        var customer: Customer
        var subscriptions: [Subscription]
        var adminUserName: String
        var temporaryPassword: String
        var warning: String
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let model = workspace.model
        let resellerId = try reseller.map { try model.findAccount($0, kind: .indirectReseller, field: "reseller").id }
        let details = form.details()
        let cart = try OfferChoice.cart(offers, model: model)
        let receipt = try Session.execute(.addCustomer(details, reseller: resellerId, cart: cart), as: me.actor, in: workspace).receipt
        guard let id = receipt.createdId, let customer = workspace.model.customers[id],
              let admin = receipt.customerAdmin else {
            throw CLIError("customer", "was added but the confirmation is missing", code: ExitStatus.storage)
        }
        let warning = "Copy the user name and temporary password now: they will not be shown again."
        let subscriptions = workspace.model.subscriptions(of: id)
        if global.json {
            try session.output.emit(Confirmation(customer: customer, subscriptions: subscriptions, adminUserName: admin.userName,
                                                 temporaryPassword: admin.temporaryPassword, warning: warning))
            return
        }
        session.output.line(receipt.message)
        session.output.fields([
            ("Customer ID", id.description),
            ("Resellers of record", customer.relationships.map { workspace.model.partnerName($0.partnerId) }.joined(separator: ", ")),
        ])
        session.output.line()
        session.output.heading("Setup info")
        session.output.fields([("Admin user", admin.userName), ("Temporary password", admin.temporaryPassword)])
        session.output.line(warning)
    }
}
