import TerminalKit

/// Cancel on any page of an order wizard: asks first (the app's dialog) when something
/// was typed, then leaves saying nothing was created (the cart is only a cart until Submit).
@MainActor
enum WizardCancel {
    static let cancelled = "Cancelled: nothing was created"

    static func request(hasData: Bool, what: String) -> ScreenAction {
        guard hasData else { return .popWithMessage(cancelled) }
        return .confirm(title: "Cancel \(what)?", message: ["Nothing will be created, and what you entered is lost."],
                        choices: .discard) { .popWithMessage(cancelled) }
    }
}
