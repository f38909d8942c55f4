import Foundation
import PartnerCore

/// Plain values the tests build commands from.
enum Fixture {
    static let m365 = Offer(id: "m365-e3", name: "Microsoft 365 E3", minimumQuantity: 1, maximumQuantity: 300,
                            termDuration: .P1Y, billingCycle: .annual, unitPrice: 33, isAzure: false)
    static let teams = Offer(id: "teams-ess", name: "Teams Essentials", minimumQuantity: 5, maximumQuantity: 50,
                             termDuration: .P1M, billingCycle: .monthly, unitPrice: 4, isAzure: false)
    static let azure = Offer(id: "azure-plan", name: "Azure plan", minimumQuantity: 1, maximumQuantity: 1,
                             termDuration: .P1M, billingCycle: .monthly, unitPrice: 0, isAzure: true)
    static let catalog = OfferCatalog([m365, teams, azure])

    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func address(_ country: String = "US") -> PostalAddress {
        PostalAddress(line1: "1 Main Street", city: "Springfield", state: "IL", postalCode: "62701", country: country)
    }

    static func contact(_ name: String, _ domain: String) -> PrimaryContact {
        PrimaryContact(name: name, email: "\(name.lowercased().filter(\.isLetter))@\(domain)", phone: "+1 555 0100")
    }

    static func support(_ domain: String) -> SupportInfo {
        SupportInfo(email: "support@\(domain)", phone: "+1 555 0199", url: "https://\(domain)/support")
    }

    static func provider(_ name: String, prefix: String, mpn: String, admin: String = "ana") -> ProviderSetup {
        let domain = "\(prefix).onmicrosoft.com"
        return ProviderSetup(legalName: name, mpnId: mpn, country: "US", domainPrefix: prefix, address: address(),
                             primaryContact: contact("Ana Lima", domain), supportContact: support(domain),
                             adminDisplayName: "Ana Lima", adminUserName: admin)
    }

    static func enrollment(_ name: String, prefix: String, mpn: String, country: String = "US",
                           alreadyEnrolled: Bool = false) -> ResellerEnrollment {
        let domain = "\(prefix).onmicrosoft.com"
        return ResellerEnrollment(
            tenant: .create(prefix: prefix), tenantCountry: country, pmcUserName: "pmc@\(prefix).example",
            mpnId: mpn, legalName: name, address: address(country), primaryContact: contact("Rita Moreno", domain),
            supportContact: support(domain), adminDisplayName: "Rita Moreno", adminUserName: "rita",
            alreadyEnrolledInCSP: alreadyEnrolled)
    }

    static func profile(mpn: String, name: String, country: String = "US", active: Bool = true,
                        csp: Bool = false) -> MembershipProfile {
        MembershipProfile(mpnId: mpn, organizationName: name, country: country, pmcUserName: "pmc-\(mpn)",
                          isActive: active, isCSPEnrolled: csp, address: address(country))
    }

    static func customer(_ prefix: String, name: String? = nil) -> NewCustomer {
        NewCustomer(companyName: name ?? "Customer \(prefix)", domainPrefix: prefix, firstName: "Cleo",
                    lastName: "Park", email: "cleo@\(prefix).example", phone: "+1 555 0142", address: address())
    }

    /// The six-digit verification code in an enrollment mail, as the primary contact reads it.
    static func verificationCode(in mail: OutgoingMail) -> String? {
        mail.body.split(separator: "\n").lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count == 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}

/// An enrolled reseller as the tests know it.
struct Reseller: Sendable, Equatable {
    var account: AccountID
    var admin: UserID
    var mpnId: String
    var domain: String

    var actor: Actor { .user(admin) }
}
