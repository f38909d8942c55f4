import PartnerCore
import TerminalKit

/// A form's row type that a refusal can name: the one path from a `DomainError` to the row
/// at fault. The refusal carries its field typed (`DomainError.fieldRef`, a row of a
/// PartnerCore field table); the row type says which of its rows that is.
protocol FieldRow: Hashable, Sendable {
    init?(_ field: FieldRef)
}

/// Whatever shows a refusal beside the field it names: a `Form` of `FieldRow`s, or a
/// screen's own fields (Draft email). `DashboardSession.submit` hands it every refusal.
protocol RefusalPlacing {
    /// Shows the refusal under its field and focuses it; false when no field here is the one named.
    mutating func show(_ refusal: DomainError) -> Bool
}

/// A screen's own way to place a refusal, for fields that are not one `Form`.
struct PlacedBy: RefusalPlacing {
    let place: (DomainError) -> Bool

    init(_ place: @escaping (DomainError) -> Bool) { self.place = place }

    mutating func show(_ refusal: DomainError) -> Bool { place(refusal) }
}

extension Form: RefusalPlacing where ID: FieldRow {
    mutating func show(_ refusal: DomainError) -> Bool {
        guard let field = refusal.fieldRef, let id = ID(field), case .text? = control(id) else { return false }
        setMessage(refusal.message, for: id)
        focus(on: id)
        return true
    }
}

extension Form.Field {
    /// A text row from a field table's row: its label, its maximum length (typing stops
    /// there) and its placeholder, any of which a screen may word for its page.
    static func text(_ id: ID, _ spec: FieldSpec, _ value: String = "", label: String? = nil,
                     placeholder: String? = nil, suffix: String = "") -> Self {
        .init(id, .text(TextField(label: label ?? spec.label, text: value, placeholder: placeholder ?? spec.placeholder,
                                  maxLength: spec.maxLength, suffix: suffix)))
    }
}

/// A page's checks: what is wrong with a row's text, or nil. It is handed the text, and
/// must not read the form itself, which is being changed while it runs.
typealias RowCheck<ID> = (ID, String) -> String?

extension Form {
    /// Validate-on-leave: checks one row with `problem` and shows or clears its message.
    /// True when the value is fine.
    @discardableResult
    mutating func check(_ id: ID, _ problem: RowCheck<ID>) -> Bool {
        let message = problem(id, text(id))
        setMessage(message, for: id)
        return message == nil
    }

    /// Leaving a field checks it, except an empty one not flagged yet: tabbing past a
    /// field not reached is no mistake; Next and Save check it anyway.
    mutating func checkOnLeave(_ id: ID, _ problem: RowCheck<ID>) {
        if text(id).isEmpty && control(id)?.message == nil { return }
        check(id, problem)
    }

    /// The keys of a page that is one form with one button: a field left is checked
    /// (`checkOnLeave`), and the button checks them all. Nil for a key the form does not
    /// take, false for one it handled, true for the button pressed with every field right.
    mutating func handleSubmitting(_ key: KeyEvent, checking problem: RowCheck<ID>) -> Bool? {
        switch handle(key) {
        case .ignored: return nil
        case .left(let id): checkOnLeave(id, problem)
        case .pressed: return checkAll(problem)
        case .handled, .edited: break
        }
        return false
    }

    /// Checks every row before a step is left or a command is run; focuses the first one
    /// that fails so the person sees why nothing happened.
    mutating func checkAll(_ problem: RowCheck<ID>) -> Bool {
        var firstBad: ID?
        for field in fields where !check(field.id, problem) {
            if firstBad == nil { firstBad = field.id }
        }
        if let firstBad { focus(on: firstBad) }
        return firstBad == nil
    }
}

/// A value as a command carries it: without the spaces around it.
func trimmed(_ value: String) -> String { value.trimmingCharacters(in: .whitespaces) }
