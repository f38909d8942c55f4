import ArgumentParser
import PartnerCore

struct EnrollStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Enroll a new indirect reseller (creates the workspace if needed).",
        discussion: """
            Give the Azure AD tenant (--tenant for an existing one, --new-tenant to create one), the Partner \
            Membership Center user whose organization profile holds the MPN ID (`partnerdash membership list`), \
            and the legal business profile, primary contact and support details. Legal name and address \
            default to the selected profile's. A verification code is mailed to the primary contact.

            Examples:
              partnerdash enroll start --new-tenant fabrikam --tenant-country US --pmc-user mia@fabrikam.example --admin-name "Mia Park" --admin-user mia --line1 "2 Oak Ave" --city Austin --postal-code 73301 --contact-email mia@fabrikam.example --contact-phone "+1 555 0101" --support-email help@fabrikam.example --support-phone "+1 555 0102"
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Create a new tenant <prefix>.onmicrosoft.com.", valueName: "prefix")) var newTenant: String?
    @Option(help: ArgumentHelp("Sign in to an existing tenant, e.g. fabrikam.onmicrosoft.com.", valueName: "domain"))
    var tenant: String?
    @Option(help: ArgumentHelp("The tenant's country (ISO 3166-1 alpha-2).", valueName: "cc")) var tenantCountry: String
    @Option(help: "Your Partner Membership Center user name.") var pmcUser: String
    @Option(help: "The MPN ID of the organization profile to link (default: the PMC user's only profile).") var mpn: String?
    @Option(help: "Legal business name (default: the profile's).") var legalName: String?
    @OptionGroup var address: AddressOptions
    @OptionGroup var contacts: ContactOptions
    @Option(help: "The global admin's display name.") var adminName: String
    @Option(help: "The global admin's user name (before the @).") var adminUser: String
    @Flag(help: "Already enrolled in CSP: only the primary contact and support details are needed, no review.")
    var alreadyEnrolled = false

    mutating func validate() throws {
        guard (newTenant == nil) != (tenant == nil) else {
            throw ValidationError("give exactly one of --new-tenant PREFIX or --tenant DOMAIN")
        }
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, receipt, mail) = try session.executeCreating(as: .enrollee) { model in
            .enrollReseller(try enrollment(in: model))
        }
        let account = receipt.createdId.flatMap { workspace.model.accounts[$0] }
        let admin = account.flatMap { workspace.model.users(of: $0.id).first }
        if global.json {
            try session.output.emit(CreatedAccount(accountId: receipt.createdId, userPrincipalName: admin?.userPrincipalName,
                                                   workspace: workspace.locationDescription, enrollment: account?.enrollment.name,
                                                   verificationMail: mail.last?.path))
            return
        }
        session.output.line(receipt.message)
        if let admin { session.output.line("Sign in as \(admin.userPrincipalName)") }
        if let file = mail.last, account?.enrollment == .pendingEmailVerification {
            session.output.line("The verification code is in the email \(file.path)")
            session.output.line("Then: partnerdash enroll verify --code CODE --as \(admin?.userPrincipalName ?? "ADMIN")")
        }
    }

    /// The wizard's answers; the selected organization profile fills in the legal name and address.
    private func enrollment(in model: PartnerModel) throws -> ResellerEnrollment {
        let profile = try model.selectMembershipProfile(pmcUser: pmcUser, mpnId: mpn)
        var postal = address.postalAddress(country: tenantCountry)
        if postal.line1.isEmpty, let profile { postal = profile.address }
        return ResellerEnrollment(
            tenant: newTenant.map { .create(prefix: $0) } ?? .existing(domain: tenant ?? ""),
            tenantCountry: tenantCountry, pmcUserName: pmcUser, mpnId: mpn ?? profile?.mpnId ?? "",
            legalName: legalName ?? profile?.organizationName ?? "", address: postal,
            primaryContact: contacts.primary(defaultName: adminName), supportContact: contacts.support,
            adminDisplayName: adminName, adminUserName: adminUser, alreadyEnrolledInCSP: alreadyEnrolled)
    }
}
