import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace

struct ExportCustomers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Export the customers list (honouring the filters) as CSV, or as JSON with --json.",
        discussion: """
            Examples:
              partnerdash export customers > customers.csv
              partnerdash export customers --reseller Fabrikam --json --output customers.json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: CustomerFilterOptions

    @Option(help: ArgumentHelp("Write to this file (created 0600) instead of stdout.", valueName: "file"))
    var output: String?

    static let header = [
        "id", "companyProfile.companyName", "companyProfile.domain", "billingProfile.firstName", "billingProfile.lastName",
        "billingProfile.email", "billingProfile.phone", "billingProfile.culture", "billingProfile.language",
        "billingProfile.defaultAddress.line1", "billingProfile.defaultAddress.line2", "billingProfile.defaultAddress.city",
        "billingProfile.defaultAddress.state", "billingProfile.defaultAddress.postalCode",
        "billingProfile.defaultAddress.country", "associatedPartnerId", "relationships", "channel", "createdAt",
    ]

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let customers = try filters.customers(in: workspace.model, for: me)
        if global.json {
            return try session.output.emit(customers, to: output, what: "\(customers.count) customer(s)")
        }
        var rows = [Self.header]
        for c in customers {
            let b = c.billingProfile, a = b.defaultAddress
            rows.append([
                c.id.description, c.companyProfile.companyName, c.companyProfile.domain, b.firstName, b.lastName, b.email,
                b.phone, b.culture, b.language, a.line1, a.line2, a.city, a.state, a.postalCode, a.country,
                c.associatedPartnerId?.description ?? "", c.relationships.map(\.partnerId.description).joined(separator: ";"),
                c.channel.rawValue, c.createdAt.formatted(.iso8601),
            ])
        }
        try CSVOutput.write(rows, to: output, what: "\(customers.count) customer(s)", session: session)
    }
}
