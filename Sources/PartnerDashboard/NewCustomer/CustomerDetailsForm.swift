import Foundation
import PartnerCore
import TerminalKit

/// The rows of the New customer page, named as the domain names them so a
/// refusal (`DomainError.field`) finds its way back to the field at fault.
enum CustomerField: String, Hashable, Sendable, CaseIterable {
    case companyName, domainPrefix, firstName, lastName, email, phone
    case line1, line2, city, state, postalCode, country, culture, language
    case reseller
    // Buttons.
    case next, cancel

    init?(domainField: String) {
        let name = domainField.hasPrefix("address.") ? String(domainField.dropFirst("address.".count)) : domainField
        guard let field = CustomerField(rawValue: name), field != .next, field != .cancel else { return nil }
        self = field
    }
}

/// New customer's form: the company, its contact and address, and the
/// indirect reseller it is for. Checks each field with the domain's `Validate`
/// rules as it is left, and all of them before going on.
struct CustomerDetailsForm {
    var form: Form<CustomerField>
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
        func text(_ id: CustomerField, _ label: String, _ value: String = "", placeholder: String = "",
                  max: Int? = nil, suffix: String = "") -> Form<CustomerField>.Field {
            .init(id, .text(TextField(label: label, text: value, placeholder: placeholder, maxLength: max, suffix: suffix)))
        }
        form = Form(fields: [
            text(.companyName, "Company name", max: 120),
            text(.domainPrefix, "Domain", placeholder: "yourcompany", max: 27, suffix: ".onmicrosoft.com"),
            text(.firstName, "First name", max: 60),
            text(.lastName, "Last name", max: 60),
            text(.email, "Email", placeholder: "name@example.com", max: 120),
            text(.phone, "Phone", placeholder: "+1 425 555 0100", max: 30),
            text(.line1, "Address", max: 120),
            text(.line2, "Address line 2", placeholder: "optional", max: 120),
            text(.city, "City", max: 80),
            text(.state, "State or region", placeholder: "optional", max: 80),
            text(.postalCode, "Postal code", max: 20),
            text(.country, "Country", country, placeholder: "US", max: 2),
            text(.culture, "Culture", "en-US", placeholder: "en-US", max: 5),
            text(.language, "Language", "en", placeholder: "en", max: 2),
            .init(.reseller, .choice(ChoiceField(label: "Indirect reseller", options: names, selectedIndex: preselected))),
        ], buttons: [Button(.next, "Next: Subscriptions"), Button(.cancel, "Cancel")])
    }

    var reseller: AccountID? { resellerOptions[form.choice(.reseller) ?? resellerOptions.count - 1] }

    func value(_ field: CustomerField) -> String {
        form.text(field).trimmingCharacters(in: .whitespaces)
    }

    var details: NewCustomer {
        NewCustomer(companyName: value(.companyName), domainPrefix: value(.domainPrefix), firstName: value(.firstName),
                    lastName: value(.lastName), email: value(.email), phone: value(.phone), culture: value(.culture),
                    language: value(.language),
                    address: PostalAddress(line1: value(.line1), line2: value(.line2), city: value(.city), state: value(.state),
                                           postalCode: value(.postalCode), country: value(.country)))
    }

    /// What is wrong with a field's value, by the same rules the command checks.
    func problem(_ field: CustomerField, model: PartnerModel) -> String? {
        let v = value(field)
        let optional: Set<CustomerField> = [.line2, .state, .reseller, .next, .cancel]
        if v.isEmpty, !optional.contains(field) { return Validate.required(v) }
        switch field {
        case .companyName, .firstName, .lastName, .line1, .city, .postalCode: return Validate.required(v)
        case .domainPrefix: return model.newTenantProblem(prefix: v)
        case .email: return Validate.email(v)
        case .phone: return Validate.phone(v)
        case .country: return Validate.country(v)
        case .culture: return Validate.culture(v)
        case .language: return Validate.language(v)
        case .line2, .state, .reseller, .next, .cancel: return nil
        }
    }

    mutating func noteEdited(_ field: CustomerField, model: PartnerModel) {
        edited.insert(field)
        // A message stays until the value is right again, and goes as soon as it is.
        if form.control(field)?.message != nil, problem(field, model: model) == nil {
            form.setMessage(nil, for: field)
        }
    }

    /// Validate-on-leave. An untouched empty field is let be until Next.
    mutating func checkOnLeave(_ field: CustomerField, model: PartnerModel) {
        guard edited.contains(field) || !value(field).isEmpty else { return }
        form.setMessage(problem(field, model: model), for: field)
    }

    /// Checks every field; focuses and returns the first that is wrong.
    mutating func checkAll(model: PartnerModel) -> CustomerField? {
        var first: CustomerField?
        for field in CustomerField.allCases {
            let message = problem(field, model: model)
            form.setMessage(message, for: field)
            if message != nil, first == nil { first = field }
        }
        if let first { form.focus(on: first) }
        return first
    }

    /// Shows a refusal beside the field it names, and goes there.
    mutating func show(_ message: String, at field: CustomerField) {
        form.setMessage(message, for: field)
        form.focus(on: field)
    }
}
