import ArgumentParser
import PartnerCore

/// The Activity log page's filters, shared by `log` and `export log`.
struct AuditFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only changes by this user (user principal name).", valueName: "user"),
            completion: WorkspaceCompletion.users)
    var user: String?

    @Option(help: ArgumentHelp("Only this operation, e.g. add_customer, create_order, update_subscription.",
                               valueName: "type"))
    var operation: OperationType?

    @Option(help: ArgumentHelp("Only changes to this customer (id, domain or name).", valueName: "customer"),
            completion: WorkspaceCompletion.customers)
    var customer: String?

    @Option(help: "Show at most this many records.") var limit: Int?

    func filter(in model: PartnerModel, for me: SignedIn) throws -> AuditFilter {
        let customerId = try customer.map { try model.findCustomer($0, visibleTo: me.account.id).id }
        // A customer who consented is not a user: their email is matched as given.
        let userName = user.map { (try? model.findUser($0).userPrincipalName) ?? $0 }
        return AuditFilter(userPrincipalName: userName, operationType: operation, customerId: customerId, limit: limit)
    }
}
