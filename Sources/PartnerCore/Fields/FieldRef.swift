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

    /// The name `DomainError.field` and the command line print: `address.line1`, `locations[2].country`.
    public var name: String {
        switch self {
        case .customer(let f): return f.name
        case .accountProfile(let f): return f.name
        case .accountSetup(let f): return f.name
        case .user(let f): return f.name
        case .listingLocation(let i, let f): return "locations[\(i)].\(f.name)"
        case .subscription(let f): return f.name
        case .invitation(let f): return f.name
        }
    }

    public var spec: FieldSpec {
        switch self {
        case .customer(let f): return f.spec
        case .accountProfile(let f): return f.spec
        case .accountSetup(let f): return f.spec
        case .user(let f): return f.spec
        case .listingLocation(_, let f): return f.spec
        case .subscription(let f): return f.spec
        case .invitation(let f): return f.spec
        }
    }

    /// Refuses `value` (invalid, naming this field) when the table's row says it is wrong.
    func check(_ value: String) throws(DomainError) {
        if let problem = spec.problem(value) { throw DomainError(.invalid, self, problem) }
    }
}
