/// A customer's details, as New customer and the invitation link's consent page ask for
/// them and `.addCustomer` / `.consentToInvitation` check them.
public enum CustomerField: String, DomainField {
    case companyName, domainPrefix, firstName, lastName, email, phone
    case line1 = "address.line1", line2 = "address.line2", city = "address.city", state = "address.state"
    case postalCode = "address.postalCode", country = "address.country"
    case culture, language

    public var spec: FieldSpec {
        switch self {
        case .companyName: return FieldSpec("Company name", max: 120, .required)
        case .domainPrefix: return FieldSpec("Domain", max: 27, .domainPrefix, placeholder: "yourcompany")
        // 50: the Partner Center's limit for a billing contact's names.
        case .firstName: return FieldSpec("First name", max: 50, .required)
        case .lastName: return FieldSpec("Last name", max: 50, .required)
        case .email: return FieldSpec("Email", max: 120, .email, placeholder: "name@example.com")
        case .phone: return FieldSpec("Phone", max: 30, .phone, placeholder: "+1 425 555 0100")
        case .line1: return FieldSpec("Address", max: 120, .required)
        case .line2: return FieldSpec("Address line 2", max: 120, .optional, placeholder: "optional")
        case .city: return FieldSpec("City", max: 80, .required)
        case .state: return FieldSpec("State or region", max: 80, .optional, placeholder: "optional")
        case .postalCode: return FieldSpec("Postal code", max: 20, .required)
        case .country: return FieldSpec("Country", max: 2, .country, placeholder: "US")
        case .culture: return FieldSpec("Culture", max: 5, .culture, placeholder: "en-US")
        case .language: return FieldSpec("Language", max: 2, .language, placeholder: "en")
        }
    }
}

extension NewCustomer {
    /// Details from one value per field, as a form holds them.
    public init(_ value: (CustomerField) -> String) {
        self.init(companyName: value(.companyName), domainPrefix: value(.domainPrefix), firstName: value(.firstName),
                  lastName: value(.lastName), email: value(.email), phone: value(.phone), culture: value(.culture),
                  language: value(.language),
                  address: PostalAddress(line1: value(.line1), line2: value(.line2), city: value(.city), state: value(.state),
                                         postalCode: value(.postalCode), country: value(.country)))
    }

    public subscript(field: CustomerField) -> String {
        switch field {
        case .companyName: return companyName
        case .domainPrefix: return domainPrefix
        case .firstName: return firstName
        case .lastName: return lastName
        case .email: return email
        case .phone: return phone
        case .line1: return address.line1
        case .line2: return address.line2
        case .city: return address.city
        case .state: return address.state
        case .postalCode: return address.postalCode
        case .country: return address.country
        case .culture: return culture
        case .language: return language
        }
    }
}
