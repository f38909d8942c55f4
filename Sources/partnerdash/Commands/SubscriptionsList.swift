import ArgumentParser
import PartnerCore
import PartnerStore

struct SubscriptionsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a customer's subscriptions.",
        discussion: """
            Examples:
              partnerdash subscriptions list --customer "Alpine Ski"
              partnerdash subscriptions list --customer alpineski.onmicrosoft.com --json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The customer (id, domain or name).", valueName: "customer")) var customer: String

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .auditLog)
        let found = try workspace.model.findCustomer(customer, visibleTo: me.account.id)
        let subscriptions = workspace.model.subscriptions(of: found.id)
        if global.json {
            try session.output.emit(subscriptions)
        } else {
            Self.table(subscriptions, model: workspace.model, output: session.output)
        }
    }

    /// The customer's Subscriptions page as a table (also under `customers show` and `orders add`).
    static func table(_ subscriptions: [Subscription], model: PartnerModel, output: Output) {
        var table = Table([Table.Column("ID"), Table.Column("Subscription"), Table.Column("Licenses", right: true),
                           Table.Column("Status"), Table.Column("Partner of record"), Table.Column("Support contact"),
                           Table.Column("Ends"), Table.Column("Auto-renew")])
        for s in subscriptions {
            let partner = s.partnerId.map { mpn in model.account(mpnId: mpn).map { "\($0.legalName) (\(mpn))" } ?? mpn } ?? "—"
            table.add([s.id.short, s.friendlyName, String(s.quantity), s.status.rawValue, partner,
                       s.supportContact?.name ?? "—", Dates.day(s.commitmentEndDate), s.autoRenewEnabled ? "on" : "off"])
        }
        output.table(table, empty: "No subscriptions.")
    }
}
