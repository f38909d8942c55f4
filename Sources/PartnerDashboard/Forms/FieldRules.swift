import Foundation
import PartnerCore
import TerminalKit

/// A form's field checks, keyed by the domain's own field names (`legalName`,
/// `primaryContact.email`), so a refusal from `execute` lands beside the field
/// it names without a translation table.
@MainActor
struct FieldRules {
    private var checks: [String: @MainActor (String) -> String?] = [:]

    init(_ checks: [String: @MainActor (String) -> String?] = [:]) {
        self.checks = checks
    }

    subscript(id: String) -> (@MainActor (String) -> String?)? {
        get { checks[id] }
        set { checks[id] = newValue }
    }

    /// The message for a value, or nil when it is fine (or the field has no rule).
    func message(_ id: String, _ value: String) -> String? {
        checks[id]?(value)
    }
}

@MainActor
extension Form where ID == String {
    /// Validate-on-leave: checks one field and shows or clears its message.
    /// True when the value is fine.
    @discardableResult
    mutating func check(_ id: String, _ rules: FieldRules) -> Bool {
        let message = rules.message(id, text(id))
        setMessage(message, for: id)
        return message == nil
    }

    /// Leaving a field checks it, except an empty one not flagged yet: tabbing
    /// past a field not reached is no mistake; Next and Save check it anyway.
    mutating func checkOnLeave(_ id: String, _ rules: FieldRules) {
        if text(id).isEmpty && control(id)?.message == nil { return }
        check(id, rules)
    }

    /// Checks every field before a step is left or a command is run; focuses
    /// the first one that fails so the person sees why nothing happened.
    mutating func checkAll(_ rules: FieldRules) -> Bool {
        var firstBad: String?
        for field in fields where !check(field.id, rules) {
            if firstBad == nil { firstBad = field.id }
        }
        if let firstBad { focus(on: firstBad) }
        return firstBad == nil
    }

    /// Puts a refusal beside the field it names; false when no field has that name.
    mutating func show(_ error: DomainError) -> Bool {
        guard fields.contains(where: { $0.id == error.field }) else { return false }
        setMessage(error.message, for: error.field)
        focus(on: error.field)
        return true
    }

}

/// The rules the account forms share, from `Validate`.
enum AccountRules {
    static func trim(_ value: String) -> String { value.trimmingCharacters(in: .whitespaces) }
    static func required(_ value: String) -> String? { Validate.required(value) }
    static func email(_ value: String) -> String? { Validate.email(trim(value)) }
    static func phone(_ value: String) -> String? { Validate.phone(trim(value)) }
    static func country(_ value: String) -> String? { Validate.country(trim(value).uppercased()) }
    static func optionalURL(_ value: String) -> String? { trim(value).isEmpty ? nil : Validate.url(trim(value)) }
    static func url(_ value: String) -> String? { Validate.url(trim(value)) }

    /// Legal name, address, primary contact and support contact, as the profile
    /// and the enrollment both ask for them.
    @MainActor static var profile: FieldRules {
        FieldRules([
            "legalName": required,
            "address.line1": required,
            "address.city": required,
            "primaryContact.name": required,
            "primaryContact.email": email,
            "primaryContact.phone": phone,
            "supportContact.email": email,
            "supportContact.phone": phone,
            "supportContact.url": optionalURL,
        ])
    }
}
