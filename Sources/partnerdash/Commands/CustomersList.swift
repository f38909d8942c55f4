import ArgumentParser
import PartnerCore
import PartnerStore

struct CustomersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the customers you are reseller of record for, optionally filtered.",
        discussion: """
            Examples:
              partnerdash customers list
              partnerdash customers list --reseller Fabrikam --filter ski --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: CustomerFilterOptions

    mutating func run() throws {
        let session = Session(global)
        // One reseller's customers are read alone (a hundred, not the book) when the snapshot says where they are.
        let (workspace, me) = try session.start(deferring: filters.isOneReseller ? [.allButCustomersAndPartners, .customers]
                                                                              : .allButCustomersAndPartners)
        if let reseller = try filters.sharedWith(in: workspace.model, for: me) {
            try workspace.loadCustomers(of: reseller)
            if workspace.backend.deferredSections.contains(.customers) {
                Invocation.log.debug("read one reseller's customers", metadata: [
                    "command": "\(Invocation.command)", "customers": "\(workspace.model.customers.count)"])
            }
        }
        let model = workspace.model
        let customers = try filters.customers(in: model, for: me)
        if global.json {
            try session.output.emit(customers)
            return
        }
        var table = Table([Table.Column("Company"), Table.Column("Domain"), Table.Column("Indirect reseller"),
                           Table.Column("Subscriptions", right: true), Table.Column("Created"), Table.Column("ID")])
        for customer in customers {
            table.add([customer.name, customer.companyProfile.domain, model.partnerName(customer.associatedPartnerId),
                       workspace.subscriptionTally(of: customer.id).label,
                       Dates.day(customer.createdAt), customer.id.description])
        }
        session.output.table(table, empty: filters.reseller == nil && filters.filter == nil ? "No customers yet." : "No customers match.")
        session.output.note("\(customers.count) customer(s)")
    }
}
