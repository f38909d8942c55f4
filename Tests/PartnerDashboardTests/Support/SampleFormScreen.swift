import PartnerDashboard
import TerminalKit

/// A form page: text fields, a checkbox, buttons, validation on leave.
@MainActor
final class SampleFormScreen: Screen {
    var form = Form<String>(fields: [
        .init("name", .text(TextField(label: "Company name"))),
        .init("email", .text(TextField(label: "Email", placeholder: "name@example.com"))),
        .init("billing", .choice(ChoiceField(label: "Billing", options: ["Monthly", "Annual"]))),
        .init("consent", .checkbox(Checkbox(label: "I authorize this indirect provider"))),
    ], buttons: [Button("next", "Next: Subscriptions"), Button("cancel", "Cancel")])
    var pressed: [String] = []

    var title: String { "New customer" }
    var menuItemID: String? { "customers" }
    var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    var hasUnsavedChanges: Bool { form.isDirty }
    var keyHints: [KeyHint] { form.keyHints }

    func render(into grid: inout CellGrid, area: Rect) {
        form.render(into: &grid, area: area)
    }

    func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored:
            return nil
        case .left("email"):
            let email = form.text("email")
            form.setMessage(email.isEmpty || email.contains("@") ? nil : "an email address needs an @", for: "email")
            return ScreenAction.handled
        case .pressed(let id):
            pressed.append(id)
            return id == "cancel" ? .pop : ScreenAction.handled
        default:
            return ScreenAction.handled
        }
    }
}
