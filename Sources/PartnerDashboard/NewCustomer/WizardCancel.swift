import TerminalKit
/// Cancel on any page of an order wizard: asks first when something was typed,
/// then leaves saying nothing was created (the cart is only a cart until Submit).
@MainActor
struct WizardCancel {
    enum Answer: Hashable, Sendable { case keepEditing, discard }

    static let cancelled = "Cancelled: nothing was created"

    private(set) var dialog: Dialog<Answer>?

    var isAsking: Bool { dialog != nil }
    var keyHints: [KeyHint] { dialog?.keyHints ?? [] }

    mutating func request(hasData: Bool, what: String) -> ScreenAction {
        guard hasData else { return .popWithMessage(Self.cancelled) }
        dialog = Dialog(title: "Cancel \(what)?",
                        message: ["Nothing will be created, and what you entered is lost."],
                        buttons: [Button(.keepEditing, "Keep editing"), Button(.discard, "Discard")],
                        cancel: .keepEditing)
        return .handled
    }

    /// Routes a key to the open dialog: nil when no dialog is open or the key
    /// is not one of the dialog's (help and quit still work over it).
    mutating func handle(_ key: KeyEvent) -> ScreenAction? {
        switch Dialog.route(key, to: &dialog) {
        case .notMine: return nil
        case .answered(.discard): return .popWithMessage(Self.cancelled)
        case .stillOpen, .answered: return .handled
        }
    }

    func render(into grid: inout CellGrid, over area: Rect) {
        dialog?.render(into: &grid, over: area)
    }
}
