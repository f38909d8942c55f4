import ArgumentParser
import PartnerCore
import PartnerStore

struct ProvidersCustomers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "View customers: those you and a provider are both resellers of record for.",
        discussion: """
            Examples:
              partnerdash providers customers "Contoso Distribution" --as mia
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The provider (MPN ID, domain or name).", valueName: "provider")) var provider: String

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start(deferring: .allButCustomersAndPartners)
        let model = workspace.model
        let found = try model.findAccount(provider, kind: .indirectProvider, field: "provider")
        let customers = model.customerList(visibleTo: me.account.id, sharedWith: found.id)
        if global.json {
            try session.output.emit(customers)
            return
        }
        var table = Table("Company", "Domain", "Contact", "Created", "ID")
        for c in customers {
            table.add([c.name, c.companyProfile.domain, c.billingProfile.contactName, Dates.day(c.createdAt), c.id.description])
        }
        session.output.table(table, empty: "No shared customers yet.")
    }
}
