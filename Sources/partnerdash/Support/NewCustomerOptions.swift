import ArgumentParser
import PartnerCore

/// The New customer form (also the consent page's company details). Required fields are
/// checked by the domain, which names the one missing.
struct NewCustomerOptions: ParsableArguments {
    @Option(help: "Company name (required).") var company: String = ""
    @Option(help: "The customer's tenant: <prefix>.onmicrosoft.com (required).") var domainPrefix: String = ""
    @Option(help: "Billing contact's first name (required).") var firstName: String = ""
    @Option(help: "Billing contact's last name (required).") var lastName: String = ""
    @Option(help: "Billing contact's email (required).") var email: String = ""
    @Option(help: "Billing contact's phone (required).") var phone: String = ""
    @OptionGroup var address: AddressOptions
    @Option(help: "ISO 3166-1 alpha-2 country code (required).") var country: String = ""
    @Option(help: "Culture.") var culture: String = "en-US"
    @Option(help: "Language.") var language: String = "en"

    func details(defaultEmail: String = "") -> NewCustomer {
        NewCustomer(companyName: company, domainPrefix: domainPrefix, firstName: firstName, lastName: lastName,
                    email: email.isEmpty ? defaultEmail : email, phone: phone, culture: culture, language: language,
                    address: address.postalAddress(country: country))
    }
}
