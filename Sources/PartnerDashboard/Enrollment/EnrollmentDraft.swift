import PartnerCore
import TerminalKit

/// Everything the enrollment wizard has been told, in one object the steps
/// share: going Back and Next rebuilds a step's form from here, so nothing
/// typed is lost. Values are keyed by the domain's field names.
@MainActor
final class EnrollmentDraft {
    enum TenantMode: Int, CaseIterable {
        case create, existing

        var label: String { self == .create ? "Create new tenant" : "Sign in to existing tenant" }
    }

    var tenantMode: TenantMode = .create
    private(set) var values: [String: String] = [:]
    /// The organization profile chosen in step 7.
    var profile: MembershipProfile?

    subscript(id: String) -> String {
        get { values[id] ?? "" }
        set { values[id] = newValue }
    }

    /// True once anything was typed: leaving then asks first.
    var hasInput: Bool { values.values.contains { !$0.isEmpty } }

    var tenantCountry: String { AccountRules.trim(self["tenantCountry"]).uppercased() }

    /// The tenant domain as it will be: the new `prefix.onmicrosoft.com`, or the existing one.
    var tenantDomain: String {
        switch tenantMode {
        case .create: return Validate.tenantDomain(prefix: AccountRules.trim(self["domainPrefix"]).lowercased())
        case .existing: return AccountRules.trim(self["tenant"]).lowercased()
        }
    }

    /// Already enrolled in CSP: only the customer support info is asked.
    var isAlreadyEnrolledInCSP: Bool { profile?.isCSPEnrolled == true }

    /// Fills the business profile from the chosen organization profile where nothing was typed yet.
    func adopt(_ chosen: MembershipProfile) {
        profile = chosen
        let suggestions = [
            "legalName": chosen.organizationName, "address.line1": chosen.address.line1,
            "address.line2": chosen.address.line2, "address.city": chosen.address.city,
            "address.state": chosen.address.state, "address.postalCode": chosen.address.postalCode,
        ]
        for (id, value) in suggestions where self[id].isEmpty { self[id] = value }
    }

    var enrollment: ResellerEnrollment {
        let t = AccountRules.trim
        let tenant: ResellerEnrollment.Tenant = tenantMode == .create
            ? .create(prefix: t(self["domainPrefix"]).lowercased()) : .existing(domain: t(self["tenant"]))
        return ResellerEnrollment(
            tenant: tenant, tenantCountry: tenantCountry, pmcUserName: t(self["pmcUserName"]),
            mpnId: profile?.mpnId ?? "", legalName: t(self["legalName"]),
            address: PostalAddress(line1: t(self["address.line1"]), line2: t(self["address.line2"]),
                                   city: t(self["address.city"]), state: t(self["address.state"]),
                                   postalCode: t(self["address.postalCode"]), country: tenantCountry),
            primaryContact: PrimaryContact(name: t(self["primaryContact.name"]), email: t(self["primaryContact.email"]),
                                           phone: t(self["primaryContact.phone"])),
            supportContact: SupportInfo(email: t(self["supportContact.email"]), phone: t(self["supportContact.phone"]),
                                        url: t(self["supportContact.url"])),
            adminDisplayName: t(self["adminDisplayName"]), adminUserName: t(self["adminUserName"]),
            alreadyEnrolledInCSP: isAlreadyEnrolledInCSP)
    }
}
