import Foundation

/// Every change a user can ask for. `PartnerModel.decide` validates one against the
/// current state for the actor and turns it into a `Transaction`.
public enum Command: Sendable {
    // Accounts and enrollment
    case setUpProvider(ProviderSetup)
    case enrollReseller(ResellerEnrollment)
    case verifyEnrollmentEmail(account: AccountID, code: String)
    case reviewEnrollment(account: AccountID)
    /// A rejected enrollment goes back under review, with the MPN ID corrected or the
    /// organization profile fixed in the Membership Center since, and the legal business
    /// name and address as corrected with it (nil keeps the account's).
    case resubmitEnrollment(account: AccountID, mpnId: String, legalName: String? = nil, address: PostalAddress? = nil)
    case updateAccountProfile(AccountProfileChange)
    case registerMembershipProfile(MembershipProfile)
    // Users
    case addUser(displayName: String, userPrincipalName: String, roles: Set<User.Role>)
    case setUserRoles(user: UserID, roles: Set<User.Role>)
    // Provider listing
    case submitProfileChangeRequest([ListingLocation])
    case completeDueProfileChangeRequests
    // Invitations and partnerships
    case sendInvitation(InvitationDraft, body: String)
    case withdrawInvitation(InvitationID)
    case authorizeProvider(invitation: InvitationID, token: String?, authorized: Bool)
    case declineInvitation(InvitationID, token: String?)
    case consentToInvitation(InvitationID, token: String, customer: CustomerConsent)
    /// Either side ends its active partnership with `partner`.
    case endPartnership(partner: AccountID)
    // Customers, orders, subscriptions
    case addCustomer(NewCustomer, reseller: AccountID?, cart: [CartLine])
    case placeOrder(customer: CustomerID, cart: [CartLine])
    case updateSubscription(SubscriptionID, SubscriptionChange)
    /// Cancels within the window after purchase or renewal, for a prorated refund (rule 11).
    case cancelSubscription(SubscriptionID)
    /// Moves to a higher offer of the same product family now (rule 11).
    case upgradeSubscription(SubscriptionID, offerId: String)
    /// Sets (or, with nil, clears) what changes when the term renews (rule 11).
    case scheduleNextTerm(SubscriptionID, NextTermInstructions?)
    case removeResellerRelationship(customer: CustomerID, partner: AccountID)
}

/// What a command produced besides the transaction: ids to show, mail to deliver, and
/// secrets shown once (never journaled).
public struct Receipt: Sendable, Equatable {
    public var createdId: Ident?
    public var customerAdmin: CustomerAdminCredentials?
    public var mail: [OutgoingMail] = []
    public var message: String = ""
    /// The enrollment verification code, for delivery in `mail` only (never journaled).
    public var verificationCode: String?

    public init(createdId: Ident? = nil, customerAdmin: CustomerAdminCredentials? = nil,
                mail: [OutgoingMail] = [], message: String = "") {
        self.createdId = createdId
        self.customerAdmin = customerAdmin
        self.mail = mail
        self.message = message
    }
}

/// Shown on the Confirmation page once; never written anywhere (rule 5).
public struct CustomerAdminCredentials: Sendable, Equatable {
    public var userName: String
    public var temporaryPassword: String
}

public struct Decision: Sendable {
    public var transaction: Transaction
    public var receipt: Receipt
}

public struct ProviderSetup: Sendable {
    public var legalName: String
    public var mpnId: String
    public var country: String
    public var domainPrefix: String
    public var address: PostalAddress
    public var primaryContact: PrimaryContact
    public var supportContact: SupportInfo
    public var adminDisplayName: String
    public var adminUserName: String

    public init(legalName: String, mpnId: String, country: String, domainPrefix: String, address: PostalAddress,
                primaryContact: PrimaryContact, supportContact: SupportInfo, adminDisplayName: String,
                adminUserName: String) {
        self.legalName = legalName
        self.mpnId = mpnId
        self.country = country
        self.domainPrefix = domainPrefix
        self.address = address
        self.primaryContact = primaryContact
        self.supportContact = supportContact
        self.adminDisplayName = adminDisplayName
        self.adminUserName = adminUserName
    }
}

/// The reseller enrollment wizard's answers (docs/WORKFLOWS.md R2–R8).
public struct ResellerEnrollment: Sendable {
    public enum Tenant: Sendable, Equatable {
        /// Sign in to an existing Azure AD tenant.
        case existing(domain: String)
        /// Create a new tenant `prefix.onmicrosoft.com`.
        case create(prefix: String)

        public var domain: String {
            switch self {
            case .existing(let domain): return domain.lowercased()
            case .create(let prefix): return Validate.tenantDomain(prefix: prefix)
            }
        }
    }

    public var tenant: Tenant
    public var tenantCountry: String
    /// The Partner Membership Center user that lists the organization profiles.
    public var pmcUserName: String
    /// The selected organization profile's MPN ID.
    public var mpnId: String
    public var legalName: String
    public var address: PostalAddress
    public var primaryContact: PrimaryContact
    public var supportContact: SupportInfo
    public var adminDisplayName: String
    /// The global admin's user name within the tenant (before the @).
    public var adminUserName: String
    /// Already enrolled in CSP: the legal profile is the organization profile's; only the
    /// primary and support contacts are used; no review.
    public var alreadyEnrolledInCSP: Bool

    public init(tenant: Tenant, tenantCountry: String, pmcUserName: String, mpnId: String, legalName: String,
                address: PostalAddress, primaryContact: PrimaryContact, supportContact: SupportInfo,
                adminDisplayName: String, adminUserName: String, alreadyEnrolledInCSP: Bool = false) {
        self.tenant = tenant
        self.tenantCountry = tenantCountry
        self.pmcUserName = pmcUserName
        self.mpnId = mpnId
        self.legalName = legalName
        self.address = address
        self.primaryContact = primaryContact
        self.supportContact = supportContact
        self.adminDisplayName = adminDisplayName
        self.adminUserName = adminUserName
        self.alreadyEnrolledInCSP = alreadyEnrolledInCSP
    }
}

public struct AccountProfileChange: Sendable {
    public var legalName: String?
    public var address: PostalAddress?
    public var primaryContact: PrimaryContact?
    public var supportContact: SupportInfo?

    public init(legalName: String? = nil, address: PostalAddress? = nil, primaryContact: PrimaryContact? = nil,
                supportContact: SupportInfo? = nil) {
        self.legalName = legalName
        self.address = address
        self.primaryContact = primaryContact
        self.supportContact = supportContact
    }
}

/// The New customer form.
public struct NewCustomer: Sendable, Equatable {
    public var companyName: String
    /// Before `.onmicrosoft.com`.
    public var domainPrefix: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var phone: String
    public var culture: String
    public var language: String
    public var address: PostalAddress

    public init(companyName: String, domainPrefix: String, firstName: String, lastName: String, email: String,
                phone: String, culture: String = "en-US", language: String = "en", address: PostalAddress) {
        self.companyName = companyName
        self.domainPrefix = domainPrefix
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.culture = culture
        self.language = language
        self.address = address
    }

    public var domain: String { Validate.tenantDomain(prefix: domainPrefix) }
}

/// One offer ticked on the New subscription page.
public struct CartLine: Sendable, Equatable {
    public var offerId: String
    public var quantity: Int
    /// The reseller credited as partner of record (its account; the subscription stores its MPN ID).
    public var partnerOfRecord: AccountID?
    public var friendlyName: String?

    public init(offerId: String, quantity: Int, partnerOfRecord: AccountID? = nil, friendlyName: String? = nil) {
        self.offerId = offerId
        self.quantity = quantity
        self.partnerOfRecord = partnerOfRecord
        self.friendlyName = friendlyName
    }
}

public struct SubscriptionChange: Sendable, Equatable {
    public var quantity: Int?
    public var status: Subscription.Status?
    /// `.some(nil)` clears the partner of record.
    public var partnerOfRecord: AccountID??
    /// `.some(nil)` clears the designated support contact.
    public var supportContact: AccountID??
    public var autoRenewEnabled: Bool?
    public var friendlyName: String?

    public init(quantity: Int? = nil, status: Subscription.Status? = nil, partnerOfRecord: AccountID?? = nil,
                supportContact: AccountID?? = nil, autoRenewEnabled: Bool? = nil, friendlyName: String? = nil) {
        self.quantity = quantity
        self.status = status
        self.partnerOfRecord = partnerOfRecord
        self.supportContact = supportContact
        self.autoRenewEnabled = autoRenewEnabled
        self.friendlyName = friendlyName
    }
}

/// A customer's answer on the consent page of an invitation link.
public enum CustomerConsent: Sendable, Equatable {
    /// The customer exists already (its tenant domain).
    case existing(domain: String)
    /// A new customer gives its company details.
    case new(NewCustomer)
}
