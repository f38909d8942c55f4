import ArgumentParser

struct Customers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Customers page: your customers, new customers and reseller relationships.",
        discussion: """
            Examples:
              partnerdash customers list --as ana
              partnerdash customers show "Alpine Ski"
            """,
        subcommands: [CustomersList.self, CustomersShow.self, CustomersAdd.self, CustomersRequestRelationship.self,
                      CustomersRemoveRelationship.self],
        defaultSubcommand: CustomersList.self)
}
