import ArgumentParser
import PartnerCore

struct CustomersRemoveRelationship: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-relationship",
        abstract: "Remove a reseller of record from a customer (every subscription must be suspended first).",
        discussion: """
            Examples:
              partnerdash customers remove-relationship --customer "Alpine Ski" --partner Fabrikam
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The customer (id, domain or name).", valueName: "customer")) var customer: String

    @Option(help: ArgumentHelp("The reseller of record to remove: your own account or one of your resellers (MPN ID or name).",
                               valueName: "partner"))
    var partner: String

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let model = workspace.model
        let target = try model.findCustomer(customer, visibleTo: me.account.id)
        let partnerId = try model.findAccount(partner, field: "partner").id
        let receipt = try Session.execute(.removeResellerRelationship(customer: target.id, partner: partnerId), as: me.actor, in: workspace).receipt
        if global.json {
            try session.output.emit(workspace.model.customers[target.id])
        } else {
            session.output.line(receipt.message)
        }
    }
}
