import PartnerCore
import TerminalKit

/// A row of the account forms (Profile, Provider setup, the enrollment wizard): a field of
/// the account profile's table or of the account setup's (PartnerCore `Fields/`), or one of
/// the page's own controls.
enum AccountRow: FieldRow {
    case profile(AccountProfileField)
    case setup(AccountSetupField)
    case tenantMode
    // Buttons.
    case next, back, signIn, enroll, create, save

    init?(_ field: FieldRef) {
        switch field {
        case .accountProfile(let field): self = .profile(field)
        case .accountSetup(let field): self = .setup(field)
        default: return nil
        }
    }

    /// The table's row, for a field.
    var spec: FieldSpec? {
        switch self {
        case .profile(let field): return field.spec
        case .setup(let field): return field.spec
        default: return nil
        }
    }

    /// A text row for a field, from its table.
    static func text(_ row: AccountRow, _ value: String = "", label: String? = nil, placeholder: String? = nil) -> Form<AccountRow>.Field {
        .text(row, row.spec ?? FieldSpec("", max: 0, .choice), value, label: label, placeholder: placeholder)
    }

    /// The value as the command carries it: trimmed, a country in upper case, a tenant in lower case.
    static func value(_ row: AccountRow, _ text: String) -> String {
        switch row {
        case .setup(.country), .setup(.tenantCountry): return trimmed(text).uppercased()
        case .setup(.domainPrefix), .setup(.tenant): return trimmed(text).lowercased()
        default: return trimmed(text)
        }
    }

    /// What is wrong with a value typed: the table's row, then what the model says of a new
    /// tenant, MPN ID or global admin (the checks the commands make).
    static func problem(_ row: AccountRow, _ text: String, model: PartnerModel, tenantDomain: String) -> String? {
        let value = value(row, text)
        if let problem = row.spec?.problem(value) { return problem }
        switch row {
        case .setup(.domainPrefix): return model.newTenantProblem(prefix: value)
        case .setup(.tenant): return model.existingTenantProblem(value)
        case .setup(.mpnId): return model.newMpnIdProblem(value)
        case .setup(.adminUserName): return model.newUserProblem(value, tenantDomain: tenantDomain)
        default: return nil
        }
    }
}

extension Form where ID == AccountRow {
    /// A field's value as the command carries it.
    func value(_ row: AccountRow) -> String { AccountRow.value(row, text(row)) }
}
