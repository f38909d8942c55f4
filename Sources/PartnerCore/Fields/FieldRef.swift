/// Which table field a refusal is about, typed: `DomainError.fieldRef` carries it so a form
/// finds the row at fault without parsing `DomainError.field`.
public enum FieldRef: Hashable, Sendable {
    case customer(CustomerField)
    case accountProfile(AccountProfileField)
    case accountSetup(AccountSetupField)
    case user(UserField)
    /// A location of a provider listing, by its index in the request.
    case listingLocation(Int, ListingLocationField)
    case subscription(SubscriptionField)
    case invitation(InvitationField)
    case membershipProfile(MembershipProfileField)
    /// A line of a cart, by its index in the cart.
    case cartLine(Int, CartLineField)

    /// The table's row this names.
    public var row: any DomainField {
        switch self {
        case .customer(let field): return field
        case .accountProfile(let field): return field
        case .accountSetup(let field): return field
        case .user(let field): return field
        case .listingLocation(_, let field): return field
        case .subscription(let field): return field
        case .invitation(let field): return field
        case .membershipProfile(let field): return field
        case .cartLine(_, let field): return field
        }
    }

    /// The name `DomainError.field` and the command line print: `address.line1`, `locations[2].country`.
    public var name: String {
        switch self {
        case .listingLocation(let index, let field): return "locations[\(index)].\(field.name)"
        case .cartLine(let index, let field): return "cart[\(index)].\(field.name)"
        default: return row.name
        }
    }

    public var spec: FieldSpec { row.spec }

    /// Refuses `value` (invalid, naming this field) when the table's row says it is wrong.
    func check(_ value: String) throws(DomainError) {
        if let problem = spec.problem(value) { throw DomainError(.invalid, self, problem) }
    }
}
