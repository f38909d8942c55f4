import Foundation
import PartnerCore
import TerminalKit

/// The row type of a form that holds a customer's details (New customer, the invitation
/// link's consent page): one row per field of the customer table (PartnerCore
/// `CustomerField`), besides the page's own controls. A refusal of `.addCustomer` or
/// `.consentToInvitation` lands on its row through `FieldRow`.
protocol CustomerDetailsRow: FieldRow {
    static func customer(_ field: CustomerField) -> Self
}

extension CustomerDetailsRow {
    init?(_ field: FieldRef) {
        guard case .customer(let field) = field else { return nil }
        self = .customer(field)
    }
}

/// The customer's details, defined once: the rows (from the customer table: label, maximum
/// length, placeholder), the checks (the table's rule, then the model's "tenant free"), and
/// the `NewCustomer` they make. New customer and the invitation link's consent page both use it.
enum CustomerDetails {
    static func rows<Row: CustomerDetailsRow>(_ value: (CustomerField) -> String = { _ in "" }) -> [Form<Row>.Field] {
        CustomerField.allCases.map { field in
            .text(.customer(field), field.spec, value(field), suffix: field == .domainPrefix ? ".onmicrosoft.com" : "")
        }
    }

    /// What is wrong with a value typed, by the checks `.addCustomer` makes.
    static func problem(_ field: CustomerField, _ text: String, model: PartnerModel) -> String? {
        let value = trimmed(text)
        if let problem = field.problem(value) { return problem }
        return field == .domainPrefix ? model.newTenantProblem(prefix: value) : nil
    }

    static func problem<Row: CustomerDetailsRow>(_ field: CustomerField, in form: Form<Row>, model: PartnerModel) -> String? {
        problem(field, form.text(.customer(field)), model: model)
    }

    /// The details as the command carries them.
    static func details<Row: CustomerDetailsRow>(in form: Form<Row>) -> NewCustomer {
        NewCustomer { trimmed(form.text(.customer($0))) }
    }

    /// Checks every detail; focuses and returns the first that is wrong.
    static func checkAll<Row: CustomerDetailsRow>(_ form: inout Form<Row>, model: PartnerModel) -> CustomerField? {
        var first: CustomerField?
        for field in CustomerField.allCases {
            let message = problem(field, in: form, model: model)
            form.setMessage(message, for: .customer(field))
            if message != nil, first == nil { first = field }
        }
        if let first { form.focus(on: .customer(first)) }
        return first
    }
}

/// The rows of the New customer page: the customer's details, the indirect reseller, the buttons.
enum NewCustomerRow: CustomerDetailsRow {
    case customer(CustomerField)
    case reseller
    // Buttons.
    case next, cancel
}

/// New customer's form: the company, its contact and address, and the
/// indirect reseller it is for. Checks each field with the customer table's rules as it
/// is left, and all of them before going on.
struct CustomerDetailsForm {
    var form: Form<NewCustomerRow>
    /// The reseller choice's options in order; nil is "None" (the provider's own customer).
    let resellerOptions: [AccountID?]
    /// Fields typed in: an empty field is only called required once it was
    /// touched or the user tries to go on, not while tabbing past it.
    private var edited: Set<CustomerField> = []

    init(model: PartnerModel, provider: PartnerAccount?, reseller: AccountID?) {
        let resellers = provider.map { model.activeResellers(of: $0.id) } ?? []
        resellerOptions = resellers.map(\.id) + [nil]
        let names = resellers.map(\.legalName) + ["None (no reseller)"]
        let preselected = resellerOptions.firstIndex { $0 == reseller } ?? resellerOptions.count - 1
        // A customer is usually in its reseller's country.
        let country = reseller.flatMap { model.accounts[$0]?.country } ?? provider?.country ?? ""
        form = Form(fields: CustomerDetails.rows { Self.initialValue($0, country: country) } + [
            .init(.reseller, .choice(ChoiceField(label: "Indirect reseller", options: names, selectedIndex: preselected))),
        ], buttons: [Button(.next, "Next: Subscriptions"), Button(.cancel, "Cancel")])
    }

    /// What a new customer's form starts with: the country given, the usual culture and language.
    static func initialValue(_ field: CustomerField, country: String = "", email: String = "") -> String {
        switch field {
        case .country: return country
        case .email: return email
        case .culture: return "en-US"
        case .language: return "en"
        default: return ""
        }
    }

    var reseller: AccountID? { resellerOptions[form.choice(.reseller) ?? resellerOptions.count - 1] }

    func value(_ field: CustomerField) -> String { trimmed(form.text(.customer(field))) }

    var details: NewCustomer { CustomerDetails.details(in: form) }

    func problem(_ field: CustomerField, model: PartnerModel) -> String? {
        CustomerDetails.problem(field, in: form, model: model)
    }

    mutating func noteEdited(_ row: NewCustomerRow, model: PartnerModel) {
        guard case .customer(let field) = row else { return }
        edited.insert(field)
        // A message stays until the value is right again, and goes as soon as it is.
        if form.control(row)?.message != nil, problem(field, model: model) == nil {
            form.setMessage(nil, for: row)
        }
    }

    /// Validate-on-leave. An untouched empty field is let be until Next.
    mutating func checkOnLeave(_ row: NewCustomerRow, model: PartnerModel) {
        guard case .customer(let field) = row, edited.contains(field) || !value(field).isEmpty else { return }
        form.setMessage(problem(field, model: model), for: row)
    }

    /// Checks every field; focuses and returns the first that is wrong.
    mutating func checkAll(model: PartnerModel) -> CustomerField? {
        CustomerDetails.checkAll(&form, model: model)
    }
}
