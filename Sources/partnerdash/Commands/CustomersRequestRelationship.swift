import ArgumentParser
import PartnerCore

struct CustomersRequestRelationship: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-relationship",
        abstract: "Request a reseller relationship: invite a customer to make you (only) its reseller of record.",
        discussion: """
            The customer follows the link with `partnerdash accept LINK --as-customer EMAIL …`.

            Examples:
              partnerdash customers request-relationship --email it@alpineski.example
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The customer's email address.") var email: String

    @Option(help: ArgumentHelp("An existing customer this request is for (id, domain or name); default: a new customer.",
                               valueName: "customer"))
    var customer: String?

    @OptionGroup var draft: DraftOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let existing = try customer.map { try workspace.model.findCustomer($0, visibleTo: me.account.id).id }
        try draft.send(.customer(email: email, existing: existing), workspace: workspace, as: me, output: session.output)
    }
}
