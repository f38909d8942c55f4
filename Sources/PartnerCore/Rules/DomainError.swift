/// A refused command: one clear line naming the field (or the thing) and the rule.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A field's value breaks its format or range.
        case invalid
        /// The thing named does not exist, or is not visible to the signed-in account.
        case notFound
        /// The signed-in user lacks the role or relationship the action needs.
        case forbidden
        /// The state does not allow it (already accepted, expired, not active…).
        case conflict
    }

    public var kind: Kind
    /// The form field or argument at fault, in the model's own names (e.g. `mpnId`).
    public var field: String
    public var message: String
    /// The docs/RULES.md rule number this refusal enforces, when there is one.
    public var rule: Int?
    /// The field table's row at fault, typed, when the refusal is about one: a form maps it
    /// to its own row (`FieldRow` in the dashboard); `field` is its printed name.
    public var fieldRef: FieldRef?

    public init(_ kind: Kind, field: String, _ message: String, rule: Int? = nil) {
        self.kind = kind
        self.field = field
        self.message = message
        self.rule = rule
    }

    /// A refusal about a field of a table: `field` is its name, `fieldRef` the typed row.
    public init(_ kind: Kind, _ fieldRef: FieldRef, _ message: String, rule: Int? = nil) {
        self.init(kind, field: fieldRef.name, message, rule: rule)
        self.fieldRef = fieldRef
    }

    public var description: String { "\(field): \(message)" }

    static func invalid(_ field: String, _ message: String, rule: Int? = nil) -> DomainError {
        DomainError(.invalid, field: field, message, rule: rule)
    }

    static func invalid(_ field: FieldRef, _ message: String, rule: Int? = nil) -> DomainError {
        DomainError(.invalid, field, message, rule: rule)
    }

    static func notFound(_ field: String, _ message: String) -> DomainError {
        DomainError(.notFound, field: field, message)
    }

    static func forbidden(_ field: String, _ message: String, rule: Int? = nil) -> DomainError {
        DomainError(.forbidden, field: field, message, rule: rule)
    }

    static func forbidden(_ field: FieldRef, _ message: String, rule: Int? = nil) -> DomainError {
        DomainError(.forbidden, field, message, rule: rule)
    }

    static func conflict(_ field: String, _ message: String, rule: Int? = nil) -> DomainError {
        DomainError(.conflict, field: field, message, rule: rule)
    }

    static func conflict(_ field: FieldRef, _ message: String, rule: Int? = nil) -> DomainError {
        DomainError(.conflict, field, message, rule: rule)
    }

    /// Rule 9: only admin agents act on behalf of customers.
    static let needsAdminAgent = DomainError.forbidden(
        "roles", "needs admin agent: only users with the Admin agent role act on behalf of customers "
            + "(Account settings › User management)", rule: 9)
}
