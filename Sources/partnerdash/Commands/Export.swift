import ArgumentParser
import PartnerCore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a list with the Partner Center's field names, as CSV, JSON or JSON Lines (honouring the filters).",
        discussion: """
            The same export as the dashboard's e on the list page: the same filters give the same bytes.

            Examples:
              partnerdash export customers --output customers.csv
              partnerdash export subscriptions --ending-soon --format jsonl
              partnerdash export log --operation add_customer --bom --output activity.csv
            """,
        subcommands: [ExportCustomers.self, ExportSubscriptions.self, ExportOrders.self, ExportInvitations.self,
                      ExportResellers.self, ExportProviders.self, ExportLog.self],
        defaultSubcommand: ExportCustomers.self)
}

/// One resource's export: the request its filters make, then the shared options write it.
protocol ExportCommand: ParsableCommand {
    var global: GlobalOptions { get }
    var options: ExportOptions { get }
    /// What the rows are called in the note (`customer(s)`).
    static var noun: String { get }
    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest
}

extension ExportCommand {
    func validate() throws { _ = try options.chosenFormat(json: global.json) }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let table = try workspace.model.export(try request(workspace.model, for: me), catalog: workspace.catalog, now: workspace.now())
        try options.write(table, Self.noun, session: session, json: global.json)
    }
}

struct ExportCustomers: ExportCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Export the Customers list (Partner Center's Customer).",
        discussion: """
            Examples:
              partnerdash export customers > customers.csv
              partnerdash export customers --reseller Fabrikam --format json --output customers.json
            """)
    static let noun = "customer(s)"

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: CustomerFilterOptions
    @OptionGroup var options: ExportOptions

    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest {
        .customers(visibleTo: me.account.id, sharedWith: try filters.sharedWith(in: model, for: me), matching: filters.filter ?? "")
    }
}

struct ExportSubscriptions: ExportCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions", abstract: "Export subscriptions (Partner Center's Subscription) of the customers you see.",
        discussion: """
            Examples:
              partnerdash export subscriptions --output subscriptions.csv
              partnerdash export subscriptions --customer "Alpine Ski" --format json
              partnerdash export subscriptions --ending-soon
            """)
    static let noun = "subscription(s)"

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only this customer's (id, domain or name).", valueName: "customer"),
            completion: WorkspaceCompletion.customers)
    var customer: String?
    @Option(help: ArgumentHelp("Only of customers you share with this indirect reseller (MPN ID, domain or name).",
                               valueName: "reseller"), completion: WorkspaceCompletion.resellers)
    var reseller: String?
    @Flag(help: "Only those active with a term ending within 30 days (Home › ending soon).") var endingSoon = false
    @OptionGroup var options: ExportOptions

    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest {
        let shared = try CustomerFilterOptions.sharedWith(reseller, in: model, for: me)
        return .subscriptions(visibleTo: me.account.id, sharedWith: shared,
                              customer: try customer.map { try model.findCustomer($0, visibleTo: me.account.id).id },
                              endingSoon: endingSoon)
    }
}

struct ExportOrders: ExportCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders", abstract: "Export orders (Partner Center's Order), one row per line item, oldest first.",
        discussion: """
            Examples:
              partnerdash export orders --output orders.csv
              partnerdash export orders --customer alpineski.onmicrosoft.com --format jsonl
            """)
    static let noun = "order line(s)"

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only this customer's (id, domain or name).", valueName: "customer"),
            completion: WorkspaceCompletion.customers)
    var customer: String?
    @OptionGroup var options: ExportOptions

    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest {
        .orders(visibleTo: me.account.id, customer: try customer.map { try model.findCustomer($0, visibleTo: me.account.id).id })
    }
}

struct ExportInvitations: ExportCommand {
    static let configuration = CommandConfiguration(
        commandName: "invitations", abstract: "Export the invitations you sent or received (no Partner Center resource).",
        discussion: """
            Examples:
              partnerdash export invitations --status pending
              partnerdash export invitations --format json --output invitations.json
            """)
    static let noun = "invitation(s)"

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only invitations in this state (pending, accepted, declined, withdrawn, expired).",
                               valueName: "status"))
    var status: Invitation.Status?
    @OptionGroup var options: ExportOptions

    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest {
        .invitations(involving: me.account.id, status: status)
    }
}

struct ExportResellers: ExportCommand {
    static let configuration = CommandConfiguration(
        commandName: "resellers", abstract: "Export the Indirect resellers page (Partner Center's IndirectReseller; a provider's).",
        discussion: """
            Examples:
              partnerdash export resellers --output resellers.csv
            """)
    static let noun = "reseller(s)"

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExportOptions

    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest {
        try me.require(.indirectProvider, for: "the Indirect resellers page")
        return .indirectResellers(provider: me.account.id)
    }
}

struct ExportProviders: ExportCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers", abstract: "Export the Indirect providers page (Partner Center's PartnerRelationship; a reseller's).",
        discussion: """
            Examples:
              partnerdash export providers --as mia --format json
            """)
    static let noun = "provider(s)"

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExportOptions

    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest {
        try me.require(.indirectReseller, for: "the Indirect providers page")
        return .indirectProviders(reseller: me.account.id)
    }
}

struct ExportLog: ExportCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Export the activity log (Partner Center's AuditRecord), newest first.",
        discussion: """
            Examples:
              partnerdash export log --operation add_customer --output activity.csv
              partnerdash export log --customer "Alpine Ski" --format jsonl
            """)
    static let noun = "record(s)"

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: AuditFilterOptions
    @OptionGroup var options: ExportOptions

    func request(_ model: PartnerModel, for me: SignedIn) throws -> ExportRequest {
        .activityLog(visibleTo: me.account.id, filter: try filters.filter(in: model, for: me))
    }
}
