import ArgumentParser
import PartnerCore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set up an indirect provider account (creates the workspace if needed).",
        discussion: """
            Creates the provider's account, tenant (<domain-prefix>.onmicrosoft.com) and its first global \
            admin. Resellers join with `partnerdash enroll`.

            Examples:
              partnerdash init --name "Acme Distribution" --mpn 4999001 --country US --domain-prefix acmedist --admin-name "Al Vega" --admin-user al --contact-email al@acme.example --contact-phone "+1 555 0100" --support-email help@acme.example --support-phone "+1 555 0199" --line1 "1 Main St" --city Reno --postal-code 89501
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The provider's legal business name.") var name: String
    @Option(help: "The MPN ID (6–7 digits).") var mpn: String
    @Option(help: "ISO 3166-1 alpha-2 country code, e.g. US.") var country: String
    @Option(help: "The tenant: <prefix>.onmicrosoft.com.") var domainPrefix: String
    @Option(help: "The first admin's display name.") var adminName: String
    @Option(help: "The first admin's user name (before the @, or a full user principal name).") var adminUser: String
    @OptionGroup var address: AddressOptions
    @OptionGroup var contacts: ContactOptions

    mutating func run() throws {
        let session = Session(global)
        let setup = ProviderSetup(
            legalName: name, mpnId: mpn, country: country, domainPrefix: domainPrefix,
            address: address.postalAddress(country: country),
            primaryContact: contacts.primary(defaultName: adminName), supportContact: contacts.support,
            adminDisplayName: adminName, adminUserName: adminUser)
        let (workspace, receipt, _) = try session.executeCreating(as: .enrollee) { _ in .setUpProvider(setup) }
        if session.output.json {
            let admin = receipt.createdId.flatMap { workspace.model.users(of: $0).first }
            try session.output.emit(CreatedAccount(accountId: receipt.createdId, userPrincipalName: admin?.userPrincipalName,
                                                   workspace: workspace.locationDescription))
        } else {
            session.output.line(receipt.message)
            session.output.line("Workspace: \(workspace.locationDescription)")
            if let admin = receipt.createdId.flatMap({ workspace.model.users(of: $0).first }) {
                // Adding users and acting for customers need the Admin agent role (rule 9).
                session.output.line("Next: add yourself to the admin agent group: partnerdash users roles "
                    + "\(admin.userPrincipalName) --admin-agent on --as \(admin.userPrincipalName)")
            }
        }
    }
}
