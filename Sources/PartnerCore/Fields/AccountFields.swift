/// A partner account's profile: legal name, address, primary contact and customer support
/// contact, as Profile, Provider setup and the enrollment's business profile ask for them
/// and `.updateAccountProfile`, `.setUpProvider` and `.enrollReseller` check them.
public enum AccountProfileField: String, DomainField {
    case legalName
    case line1 = "address.line1", line2 = "address.line2", city = "address.city", state = "address.state"
    case postalCode = "address.postalCode"
    case contactName = "primaryContact.name", contactEmail = "primaryContact.email", contactPhone = "primaryContact.phone"
    case supportEmail = "supportContact.email", supportPhone = "supportContact.phone", supportURL = "supportContact.url"

    public var spec: FieldSpec {
        switch self {
        case .legalName: return FieldSpec("Legal name", max: 120, .required)
        case .line1: return FieldSpec("Address", max: 120, .required)
        case .line2: return FieldSpec("Address line 2", max: 120, .optional, placeholder: "optional")
        case .city: return FieldSpec("City", max: 80, .required)
        case .state: return FieldSpec("State/province", max: 80, .optional, placeholder: "optional")
        case .postalCode: return FieldSpec("Postal code", max: 20, .optional, placeholder: "optional")
        case .contactName: return FieldSpec("Primary contact", max: 120, .required)
        case .contactEmail: return FieldSpec("Contact email", max: 120, .email)
        case .contactPhone: return FieldSpec("Contact phone", max: 30, .phone)
        case .supportEmail: return FieldSpec("Support email", max: 120, .email)
        case .supportPhone: return FieldSpec("Support phone", max: 30, .phone)
        case .supportURL: return FieldSpec("Support website", max: 200, .optionalURL, placeholder: "https://… (optional)")
        }
    }

    /// The address lines (an account's address has no country of its own to type).
    public static let address: [AccountProfileField] = [.line1, .line2, .city, .state, .postalCode]
    /// The fields of the primary and the support contact: all an organization already
    /// enrolled in CSP gives, its legal profile being the organization profile's.
    public static let contacts: [AccountProfileField] = [.contactName, .contactEmail, .contactPhone,
                                                         .supportEmail, .supportPhone, .supportURL]
}

/// What creating an account asks besides its profile: the tenant, the country, the MPN ID
/// and the first global admin (`.setUpProvider`, `.enrollReseller`).
public enum AccountSetupField: String, DomainField {
    case mpnId, country, domainPrefix, tenant, tenantCountry, pmcUserName, adminDisplayName, adminUserName
    /// The code mailed to the primary contact (`.verifyEnrollmentEmail`).
    case verificationCode = "code"

    public var spec: FieldSpec {
        switch self {
        case .mpnId: return FieldSpec("MPN ID", max: 7, .mpnId, placeholder: "6–7 digits")
        case .country: return FieldSpec("Country/region", max: 2, .country, placeholder: "two letters, e.g. US")
        case .domainPrefix: return FieldSpec("New tenant", max: 27, .domainPrefix, placeholder: "prefix, before .onmicrosoft.com")
        case .tenant: return FieldSpec("Tenant domain", max: 43, .tenantDomain, placeholder: "contoso.onmicrosoft.com")
        case .tenantCountry: return FieldSpec("Country/region", max: 2, .country, placeholder: "two letters, e.g. US")
        case .pmcUserName: return FieldSpec("PMC user name", max: 120, .required, placeholder: "you@yourcompany.example")
        case .adminDisplayName: return FieldSpec("Global admin name", max: 120, .required)
        case .adminUserName: return FieldSpec("Global admin user", max: 120, .required, placeholder: "name before @ your tenant")
        case .verificationCode: return FieldSpec("Verification code", max: 12, .required, placeholder: "6 digits")
        }
    }
}

/// A user of an account (User management › Add user, `.addUser`).
public enum UserField: String, DomainField {
    case displayName, userPrincipalName

    public var spec: FieldSpec {
        switch self {
        case .displayName: return FieldSpec("Name", max: 120, .required)
        case .userPrincipalName: return FieldSpec("User name", max: 120, .required, placeholder: "name")
        }
    }
}

/// One location of a provider's listing on the indirect providers list (a support
/// request, `.submitProfileChangeRequest`); refusals name it with its index.
public enum ListingLocationField: String, DomainField {
    case country, companyName, logoURL, targetURL

    public var spec: FieldSpec {
        switch self {
        case .country: return FieldSpec("Country/region", max: 2, .country, placeholder: "two letters, e.g. US")
        case .companyName: return FieldSpec("Company name", max: 120, .required)
        case .logoURL: return FieldSpec("Logo URL", max: 200, .url, placeholder: "https://…")
        case .targetURL: return FieldSpec("Target URL", max: 200, .url, placeholder: "https://…")
        }
    }
}

/// What Subscription detail changes (`.updateSubscription`).
public enum SubscriptionField: String, DomainField {
    case friendlyName, quantity, status, autoRenew, partnerOfRecord, supportContact
    /// The offer an upgrade goes to, and what a scheduled change sets at renewal (rule 11).
    case offer, nextTermOffer, nextTermQuantity

    public var spec: FieldSpec {
        switch self {
        case .offer: return .choice("Offer")
        case .nextTermOffer: return .choice("Offer at renewal")
        case .nextTermQuantity: return FieldSpec("Licenses at renewal", max: 6, .wholeNumber)
        case .friendlyName: return FieldSpec("Friendly name", max: 120, .required)
        case .quantity: return FieldSpec("Licenses", max: 6, .wholeNumber)
        case .status: return .choice("Status")
        case .autoRenew: return .choice("Renew automatically at the end of the term")
        case .partnerOfRecord: return .choice("Partner of record")
        case .supportContact: return .choice("Designated support contact")
        }
    }
}

/// An invitation's email as Draft email edits it (`.sendInvitation`), the existing
/// customer's domain a customer answers it with (`.consentToInvitation`), and the link's
/// token every answer presents.
public enum InvitationField: String, DomainField {
    case to, from, subject, body, domain, token

    public var spec: FieldSpec {
        switch self {
        case .to: return FieldSpec("To", max: 120, .email, placeholder: "customer@example.com")
        case .from: return FieldSpec("From", max: 120, .email)
        case .subject: return FieldSpec("Subject", max: 200, .required)
        // The one field of many lines: the email's text as the sender edited it.
        case .body: return FieldSpec("Body", max: 20_000, .required, allowsLineBreaks: true)
        case .domain: return FieldSpec("Tenant domain", max: 43, .required, placeholder: "contoso.onmicrosoft.com")
        // A token is 43 characters of URL-safe base64; 64 leaves room without hashing a novel.
        // Optional: an empty or wrong token is refused as not matching the stored hash.
        case .token: return FieldSpec("Token", max: 64, .optional)
        }
    }
}

/// An organization profile in the Partner Membership Center (`.registerMembershipProfile`);
/// its address is checked by the account profile's rows, since enrollment copies it there.
public enum MembershipProfileField: String, DomainField {
    case mpnId, organizationName, country, pmcUserName

    public var spec: FieldSpec {
        switch self {
        case .mpnId: return AccountSetupField.mpnId.spec
        case .organizationName: return FieldSpec("Organization name", max: 120, .required)
        case .country: return AccountSetupField.country.spec
        case .pmcUserName: return AccountSetupField.pmcUserName.spec
        }
    }
}

/// One line of a cart (`.addCustomer`, `.placeOrder`), named with its index: the text it
/// carries besides the count and the partner of record, which are checked against the
/// offer and the partnerships.
public enum CartLineField: String, DomainField {
    case offerId, friendlyName

    public var spec: FieldSpec {
        switch self {
        case .offerId: return FieldSpec("Offer", max: 64, .required)
        case .friendlyName: return SubscriptionField.friendlyName.spec
        }
    }
}

extension PartnerAccount {
    /// The account's value of a profile field.
    public subscript(field: AccountProfileField) -> String {
        switch field {
        case .legalName: return legalName
        default: return address[field] ?? primaryContact[field] ?? supportContact[field]
        }
    }
}

extension PostalAddress {
    /// An address from a form's address rows (`AccountProfileField.address`), in `country`.
    public init(_ line: (AccountProfileField) -> String, country: String) {
        self.init(line1: line(.line1), line2: line(.line2), city: line(.city), state: line(.state),
                  postalCode: line(.postalCode), country: country)
    }

    /// The address's value of a profile field, nil for any field that is not an address line.
    public subscript(field: AccountProfileField) -> String? {
        switch field {
        case .line1: return line1
        case .line2: return line2
        case .city: return city
        case .state: return state
        case .postalCode: return postalCode
        default: return nil
        }
    }
}

extension PrimaryContact {
    /// The primary contact's value of a profile field, nil for any other field.
    public subscript(field: AccountProfileField) -> String? {
        switch field {
        case .contactName: return name
        case .contactEmail: return email
        case .contactPhone: return phone
        default: return nil
        }
    }
}

extension SupportInfo {
    /// The support contact's value of a profile field, "" for any other field.
    public subscript(field: AccountProfileField) -> String {
        switch field {
        case .supportEmail: return email
        case .supportPhone: return phone
        case .supportURL: return url
        default: return ""
        }
    }
}

extension ListingLocation {
    public subscript(field: ListingLocationField) -> String {
        switch field {
        case .country: return country
        case .companyName: return companyName
        case .logoURL: return logoURL
        case .targetURL: return targetURL
        }
    }
}
