import PartnerCore
import TerminalKit

/// Everything the enrollment wizard has been told, in one object the steps
/// share: going Back and Next rebuilds a step's form from here, so nothing
/// typed is lost. Values are keyed by the account forms' rows (the domain's field tables).
@MainActor
final class EnrollmentDraft {
    enum TenantMode: Int, CaseIterable {
        case create, existing

        var label: String { self == .create ? "Create new tenant" : "Sign in to existing tenant" }
    }

    var tenantMode: TenantMode = .create
    private(set) var values: [AccountRow: String] = [:]
    /// The organization profile chosen in step 7.
    var profile: MembershipProfile?

    subscript(id: AccountRow) -> String {
        get { values[id] ?? "" }
        set { values[id] = newValue }
    }

    /// True once anything was typed: leaving then asks first.
    var hasInput: Bool { values.values.contains { !$0.isEmpty } }

    /// A field's value as the command carries it.
    func value(_ row: AccountRow) -> String { AccountRow.value(row, self[row]) }

    var tenantCountry: String { value(.setup(.tenantCountry)) }

    /// The tenant domain as it will be: the new `prefix.onmicrosoft.com`, or the existing one.
    var tenantDomain: String {
        switch tenantMode {
        case .create: return Validate.tenantDomain(prefix: value(.setup(.domainPrefix)))
        case .existing: return value(.setup(.tenant))
        }
    }

    /// Already enrolled in CSP: only the primary contact and the customer support info are asked.
    var isAlreadyEnrolledInCSP: Bool { profile?.isCSPEnrolled == true }

    /// Fills the business profile from the chosen organization profile where nothing was typed yet.
    func adopt(_ chosen: MembershipProfile) {
        profile = chosen
        let suggestions: [AccountRow: String] = [
            .profile(.legalName): chosen.organizationName, .profile(.line1): chosen.address.line1,
            .profile(.line2): chosen.address.line2, .profile(.city): chosen.address.city,
            .profile(.state): chosen.address.state, .profile(.postalCode): chosen.address.postalCode,
        ]
        for (id, value) in suggestions where self[id].isEmpty { self[id] = value }
    }

    var enrollment: ResellerEnrollment {
        let v = { (field: AccountProfileField) in self.value(.profile(field)) }
        let tenant: ResellerEnrollment.Tenant = tenantMode == .create
            ? .create(prefix: value(.setup(.domainPrefix))) : .existing(domain: trimmed(self[.setup(.tenant)]))
        return ResellerEnrollment(
            tenant: tenant, tenantCountry: tenantCountry, pmcUserName: value(.setup(.pmcUserName)),
            mpnId: profile?.mpnId ?? "", legalName: v(.legalName),
            address: PostalAddress(line1: v(.line1), line2: v(.line2), city: v(.city), state: v(.state),
                                   postalCode: v(.postalCode), country: tenantCountry),
            primaryContact: PrimaryContact(name: v(.contactName), email: v(.contactEmail), phone: v(.contactPhone)),
            supportContact: SupportInfo(email: v(.supportEmail), phone: v(.supportPhone), url: v(.supportURL)),
            adminDisplayName: value(.setup(.adminDisplayName)), adminUserName: value(.setup(.adminUserName)),
            alreadyEnrolledInCSP: isAlreadyEnrolledInCSP)
    }
}
