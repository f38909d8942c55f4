import Foundation

/// Field rules shared by the commands, the CLI and the forms (which check as you leave a field).
/// Each returns nil when the value is fine, or the message to show beside the field.
public enum Validate {
    public static func required(_ value: String, _ what: String = "a value") -> String? {
        value.trimmingCharacters(in: .whitespaces).isEmpty ? "is required" : nil
    }

    public static func mpnId(_ value: String) -> String? {
        let ok = (6...7).contains(value.utf8.count) && value.utf8.allSatisfy { (48...57).contains($0) }
        return ok ? nil : "must be 6–7 digits"
    }

    /// Exactly one RFC 5322 addr-spec in its dot-atom form, `local@domain`, nothing around
    /// it: a list (`x,victim@attacker.example`), a group, a display name, angle brackets, a
    /// comment or a quoted local part would be one address here and several, or another
    /// one, to the mail system and the CSV readers it reaches. ASCII only: the Partner
    /// Center and Azure AD name users in ASCII, and a look-alike letter must not pass for
    /// another address (docs/RULES.md › Field rules).
    public static func email(_ value: String) -> String? {
        EmailAddress.problem(value)
    }

    public static func phone(_ value: String) -> String? {
        // ASCII digits only: Character.isNumber also accepts Arabic-Indic digits, fractions and the like.
        let digits = value.unicodeScalars.filter { (48...57).contains($0.value) }.count
        let allowed = value.unicodeScalars.allSatisfy { (48...57).contains($0.value) || " +-().".unicodeScalars.contains($0) }
        return allowed && (5...20).contains(digits) ? nil : "must be a phone number of 5–20 digits (+, spaces, - and () allowed)"
    }

    /// The part before `.onmicrosoft.com`: letters and digits, starting with a letter.
    public static func domainPrefix(_ value: String) -> String? {
        let ok = (2...27).contains(value.utf8.count)
            && value.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) }
            && value.utf8.first.map { (97...122).contains($0) } == true
        return ok ? nil : "must be 2–27 lower-case letters or digits, starting with a letter"
    }

    /// An existing tenant's domain: a valid prefix followed by `.onmicrosoft.com`.
    public static func existingTenantDomain(_ value: String) -> String? {
        let domain = value.lowercased(), suffix = ".onmicrosoft.com"
        guard domain.hasSuffix(suffix), domainPrefix(String(domain.dropLast(suffix.count))) == nil else {
            return "must be an Azure AD tenant domain such as contoso.onmicrosoft.com"
        }
        return nil
    }

    public static func country(_ value: String) -> String? {
        CountryCodes.all.contains(value) ? nil : "must be an ISO 3166-1 alpha-2 country code such as US or DE"
    }

    /// `en-US`-style culture names.
    public static func culture(_ value: String) -> String? {
        let parts = value.split(separator: "-")
        let ok = parts.count == 2 && parts[0].count == 2 && parts[1].count == 2
            && parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }) && parts[1].allSatisfy({ $0.isASCII && $0.isUppercase })
        return ok ? nil : "must be a culture such as en-US"
    }

    public static func language(_ value: String) -> String? {
        value.count == 2 && value.allSatisfy({ $0.isLowercase && $0.isASCII }) ? nil : "must be a two-letter language code such as en"
    }

    public static func url(_ value: String) -> String? {
        (value.hasPrefix("https://") || value.hasPrefix("http://")) && value.count > 10
            && !value.contains(" ") ? nil : "must be a web address starting with https://"
    }

    /// What no text field may hold: C0 and C1 control characters and DEL (an escape
    /// sequence would reach terminals, `.eml` files and CSV exports), and the bidirectional
    /// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make text read as other
    /// text. A message body (`allowingLineBreaks`) may hold LF, its one line break; CR is
    /// refused there too, so every stored body has one convention (the mail writer makes
    /// CRLF on the wire).
    public static func plainText(_ value: String, allowingLineBreaks: Bool = false) -> String? {
        var position = 0
        for character in value {
            position += 1
            for scalar in character.unicodeScalars where !isPlain(scalar, allowingLineBreaks: allowingLineBreaks) {
                return "must not contain \(forbidden(scalar, allowingLineBreaks)) "
                    + "(\(String(format: "U+%04X", scalar.value)) at character \(position))"
            }
        }
        return nil
    }

    private static func forbidden(_ scalar: Unicode.Scalar, _ allowingLineBreaks: Bool) -> String {
        switch scalar.value {
        case 0x0A: return "a line break: it is one line"
        case 0x0D where allowingLineBreaks: return "a carriage return: line breaks are LF only"
        default: return isBidiControl(scalar) ? "a bidirectional override" : "a control character"
        }
    }

    static func isPlain(_ scalar: Unicode.Scalar, allowingLineBreaks: Bool) -> Bool {
        let v = scalar.value
        if v == 0x0A { return allowingLineBreaks }
        return v >= 0x20 && !(0x7F...0x9F).contains(v) && !isBidiControl(scalar)
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Turns a rule's message into the command's refusal.
    static func check(_ field: String, _ message: String?) throws(DomainError) {
        if let message { throw .invalid(field, message) }
    }

    /// Turns a rule's message about a table field into the command's refusal.
    static func check(_ field: FieldRef, problem: String?) throws(DomainError) {
        if let problem { throw .invalid(field, problem) }
    }

    /// The user principal name a user name makes in a tenant: `name` becomes `name@<tenant domain>`.
    public static func principal(_ userName: String, in tenantDomain: String) -> String {
        userName.contains("@") ? userName : "\(userName)@\(tenantDomain)"
    }

    public static func tenantDomain(prefix: String) -> String { "\(prefix).onmicrosoft.com" }

    /// A user principal name belongs to its account's tenant: `name@<tenant domain>`. Anything
    /// else would let one account name users after another partner's or a customer's tenant.
    public static func inTenant(_ userPrincipalName: String, _ tenantDomain: String) -> String? {
        let domain = userPrincipalName.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return domain.lowercased() == tenantDomain.lowercased() ? nil : "must be a user of \(tenantDomain), such as name@\(tenantDomain)"
    }
}

enum CountryCodes {
    static let all: Set<String> = Set("""
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO \
    JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR \
    MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO \
    RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV \
    TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split(separator: " ").map(String.init))
}

extension PartnerModel {
    /// What is wrong with a new user's name in a tenant: not a user name of that tenant, or
    /// taken. `.addUser` and a new account's first admin refuse with it; the forms show it.
    public func newUserProblem(_ userName: String, tenantDomain: String) -> String? {
        let principal = Validate.principal(userName, in: tenantDomain)
        if let problem = Validate.email(principal) ?? Validate.inTenant(principal, tenantDomain) { return problem }
        return user(principal: principal) != nil ? "\(principal) already exists" : nil
    }

    /// What is wrong with an existing tenant's domain for a new account: its form, or it
    /// already belonging to an account or a customer.
    public func existingTenantProblem(_ domain: String) -> String? {
        if let problem = Validate.existingTenantDomain(domain) { return problem }
        return isDomainTaken(domain.lowercased()) ? "\(domain.lowercased()) already belongs to another account or customer" : nil
    }

    /// What is wrong with an MPN ID for a new account: its form, or another account holding it.
    public func newMpnIdProblem(_ mpnId: String) -> String? {
        if let problem = Validate.mpnId(mpnId) { return problem }
        return account(mpnId: mpnId).map { "\(mpnId) is already linked to \($0.legalName)" }
    }

    /// The same for the MPN ID a rejected enrollment is resubmitted with: its own is free to it.
    public func resubmittedMpnIdProblem(_ mpnId: String, for account: AccountID) -> String? {
        if let problem = Validate.mpnId(mpnId) { return problem }
        return self.account(mpnId: mpnId).flatMap { $0.id == account ? nil : "\(mpnId) is already linked to \($0.legalName)" }
    }

    /// What is wrong with a prefix for a new tenant (a customer's, a provider's, an
    /// enrolling reseller's): its form, or `prefix.onmicrosoft.com` already belonging to an
    /// account or a customer. The commands refuse with it and the forms show it on leaving.
    public func newTenantProblem(prefix: String) -> String? {
        if let problem = Validate.domainPrefix(prefix) { return problem }
        let domain = Validate.tenantDomain(prefix: prefix)
        return isDomainTaken(domain) ? "\(domain) is already taken" : nil
    }
}
