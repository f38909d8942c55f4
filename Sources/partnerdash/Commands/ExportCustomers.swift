import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct ExportCustomers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Export the customers list (honouring the filters) as CSV.")

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
        if let output {
            try PrivateFiles.write(Data(rows.map(CSV.record).joined().utf8), to: URL(fileURLWithPath: output))
            session.output.note("Exported \(customers.count) customer(s) to \(output)")
        } else if isatty(STDOUT_FILENO) == 1 {
            // A terminal gets escaped text, one record a line; a pipe or file gets the data as it is.
            for row in rows { session.output.line(String(CSV.record(row).dropLast())) }
        } else {
            session.output.write(rows.map(CSV.record).joined())
        }
    }
}
