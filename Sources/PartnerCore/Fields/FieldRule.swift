/// The rule that checks a field's value (docs/RULES.md › Field rules): one of `Validate`'s
/// checks, named so a field table can say which one applies.
public enum FieldRule: Hashable, Sendable {
    /// Anything but empty or spaces only.
    case required
    /// Anything, empty included (the maximum length still holds).
    case optional
    case email, phone, mpnId, domainPrefix, country, culture, language
    /// An existing Azure AD tenant: `<prefix>.onmicrosoft.com`.
    case tenantDomain
    /// A web address.
    case url
    /// Empty, or a web address.
    case optionalURL
    /// ASCII digits: a count such as licenses.
    case wholeNumber
    /// One of the options the form offers (a reseller, a status): the command checks what
    /// was chosen against the state, so there is no text to check.
    case choice

    /// Whether the field must hold something: every rule but `optional`, `optionalURL` and `choice`.
    public var needsAValue: Bool {
        switch self {
        case .optional, .optionalURL, .choice: return false
        default: return true
        }
    }

    /// What is wrong with `value` by this rule, or nil when it is fine. An empty value of a
    /// field that needs one "is required", whatever its format.
    public func problem(_ value: String) -> String? {
        if needsAValue, let missing = Validate.required(value) { return missing }
        switch self {
        case .required: return Validate.required(value)
        case .optional, .choice: return nil
        case .email: return Validate.email(value)
        case .phone: return Validate.phone(value)
        case .mpnId: return Validate.mpnId(value)
        case .domainPrefix: return Validate.domainPrefix(value)
        case .country: return Validate.country(value)
        case .culture: return Validate.culture(value)
        case .language: return Validate.language(value)
        case .tenantDomain: return Validate.existingTenantDomain(value)
        case .url: return Validate.url(value)
        case .optionalURL: return value.isEmpty ? nil : Validate.url(value)
        case .wholeNumber:
            return !value.isEmpty && value.utf8.allSatisfy({ (48...57).contains($0) }) ? nil : "must be a whole number"
        }
    }
}

/// One row of a field table: what the forms call the field, how much it may hold, and
/// the rule that checks it. The commands refuse with the same row, so the dashboard, the
/// command line and `decide` cannot disagree.
public struct FieldSpec: Hashable, Sendable {
    public let label: String
    /// The most characters the field holds: the forms stop typing there and the commands
    /// refuse a longer value. Zero for a choice, which has no text.
    public let maxLength: Int
    public let rule: FieldRule
    /// An example the forms show in an empty field.
    public let placeholder: String
    /// Whether the text may hold line breaks (LF): only a message's body does. Every other
    /// field is one line, so a value can never start a new header, CSV row or log line.
    public let allowsLineBreaks: Bool

    public init(_ label: String, max maxLength: Int, _ rule: FieldRule, placeholder: String = "",
                allowsLineBreaks: Bool = false) {
        self.label = label
        self.maxLength = maxLength
        self.rule = rule
        self.placeholder = placeholder
        self.allowsLineBreaks = allowsLineBreaks
    }

    /// A choice among options the form offers; the command checks the choice.
    public static func choice(_ label: String) -> FieldSpec { FieldSpec(label, max: 0, .choice) }

    /// What is wrong with `value`: longer than the field holds, a character no text may
    /// hold (`Validate.plainText`), or against its rule.
    public func problem(_ value: String) -> String? {
        guard rule != .choice else { return nil }
        if value.count > maxLength {
            return "must be at most \(maxLength) characters, not \(value.count) (maximum length of \(label.lowercased()))"
        }
        return Validate.plainText(value, allowingLineBreaks: allowsLineBreaks) ?? rule.problem(value)
    }
}

/// A field of one entity's table (`CustomerField`, `AccountProfileField`…): the cases are
/// the typed identifiers forms use instead of string keys.
public protocol DomainField: Hashable, Sendable, CaseIterable {
    /// The field's name in the model's words (`address.line1`), as refusals, the command
    /// line and `--json` name it.
    var name: String { get }
    var spec: FieldSpec { get }
}

extension DomainField where Self: RawRepresentable, RawValue == String {
    /// A table's raw value is the field's name in the model's words.
    public var name: String { rawValue }
}

extension DomainField {
    public var label: String { spec.label }
    public var maxLength: Int { spec.maxLength }
    public var rule: FieldRule { spec.rule }
    /// What is wrong with `value` (length, then the rule), or nil when it is fine.
    public func problem(_ value: String) -> String? { spec.problem(value) }
}
