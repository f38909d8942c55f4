import ArgumentParser
import PartnerCore

struct ProfileUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Update your account's profile; fields not given keep their value.",
        discussion: """
            Examples:
              partnerdash profile update --support-email help@acme.example --support-url ""
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Legal business name.") var legalName: String?
    @Option(help: "Street address.") var line1: String?
    @Option(help: "Second address line.") var line2: String?
    @Option(help: "City.") var city: String?
    @Option(help: "State or province.") var state: String?
    @Option(help: "Postal code.") var postalCode: String?
    @Option(help: "Primary contact's name.") var contactName: String?
    @Option(help: "Primary contact's email.") var contactEmail: String?
    @Option(help: "Primary contact's phone.") var contactPhone: String?
    @Option(help: "Customer support email.") var supportEmail: String?
    @Option(help: "Customer support phone.") var supportPhone: String?
    @Option(help: "Customer support web site ('' to clear).") var supportUrl: String?

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        // The form opens filled with the current values; only what was typed changes.
        let current = me.account
        var address = current.address, primary = current.primaryContact, support = current.supportContact
        address.line1 = line1 ?? address.line1
        address.line2 = line2 ?? address.line2
        address.city = city ?? address.city
        address.state = state ?? address.state
        address.postalCode = postalCode ?? address.postalCode
        primary.name = contactName ?? primary.name
        primary.email = contactEmail ?? primary.email
        primary.phone = contactPhone ?? primary.phone
        support.email = supportEmail ?? support.email
        support.phone = supportPhone ?? support.phone
        support.url = supportUrl ?? support.url
        try Session.execute(.updateAccountProfile(AccountProfileChange(
            legalName: legalName, address: address, primaryContact: primary, supportContact: support)), as: me.actor, in: workspace)
        if let updated = workspace.model.accounts[current.id] { try ProfileShow.print(updated, output: session.output) }
    }
}
