import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct CustomersShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a customer's record, resellers of record and subscriptions.",
        discussion: """
            Examples:
              partnerdash customers show alpineski.onmicrosoft.com
              partnerdash customers show "Alpine Ski" --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The customer: id (or its first 8 digits), domain, or company name.", valueName: "customer"),
              completion: WorkspaceCompletion.customers)
    var customer: String

    struct View: Encodable {
        var customer: Customer
        var subscriptions: [Subscription]
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .auditLog)
        let model = workspace.model
        let found = try model.findCustomer(customer, visibleTo: me.account.id)
        let subscriptions = model.subscriptions(of: found.id)
        if global.json {
            try session.output.emit(View(customer: found, subscriptions: subscriptions))
            return
        }
        let billing = found.billingProfile
        session.output.heading(found.name)
        session.output.fields([
            ("ID", found.id.description),
            ("Domain", found.companyProfile.domain),
            ("Contact", "\(billing.contactName) <\(billing.email)>, \(billing.phone)"),
            ("Address", billing.defaultAddress.singleLine),
            ("Culture", "\(billing.culture), language \(billing.language)"),
            ("Indirect reseller", model.partnerName(found.associatedPartnerId)),
            ("Resellers of record", found.relationships.map { "\(model.partnerName($0.partnerId)) (since \(Dates.day($0.since)))" }
                .joined(separator: ", ")),
            ("Channel", found.channel.rawValue),
            ("Created", Dates.day(found.createdAt)),
            ("Admin user", found.adminUserName),
        ])
        session.output.line()
        SubscriptionsList.table(subscriptions, model: model, output: session.output)
    }
}
