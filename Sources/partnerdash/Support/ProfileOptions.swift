import ArgumentParser
import PartnerCore

/// What `init` and `enroll` print in JSON.
struct CreatedAccount: Encodable {
    var accountId: AccountID?
    var userPrincipalName: String?
    var workspace: String
    var enrollment: String?
    var verificationMail: String?
}

/// A postal address on the command line (`--line1 … --city …`).
struct AddressOptions: ParsableArguments {
    @Option(help: "Street address.") var line1: String = ""
    @Option(help: "Second address line.") var line2: String = ""
    @Option(help: "City.") var city: String = ""
    @Option(help: "State or province.") var state: String = ""
    @Option(help: "Postal code.") var postalCode: String = ""

    func postalAddress(country: String) -> PostalAddress {
        PostalAddress(line1: line1, line2: line2, city: city, state: state, postalCode: postalCode, country: country)
    }
}

/// Primary contact and customer support details.
struct ContactOptions: ParsableArguments {
    @Option(help: "Primary contact's name (default: the admin's).") var contactName: String?
    @Option(help: "Primary contact's email.") var contactEmail: String = ""
    @Option(help: "Primary contact's phone.") var contactPhone: String = ""
    @Option(help: "Customer support email.") var supportEmail: String = ""
    @Option(help: "Customer support phone.") var supportPhone: String = ""
    @Option(help: "Customer support web site (optional).") var supportUrl: String = ""

    func primary(defaultName: String) -> PrimaryContact {
        PrimaryContact(name: contactName ?? defaultName, email: contactEmail, phone: contactPhone)
    }

    var support: SupportInfo { SupportInfo(email: supportEmail, phone: supportPhone, url: supportUrl) }
}
