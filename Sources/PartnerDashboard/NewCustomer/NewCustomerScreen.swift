import PartnerCore
import TerminalKit

/// New customer (docs/WORKFLOWS.md P11, a new customer for an indirect reseller
/// or none): the company, its contact and address and
/// the indirect reseller, preselected when opened from a reseller's row.
/// Fields are checked as they are left; Next: Subscriptions checks them all.
@MainActor
public final class NewCustomerScreen: Screen {
    enum Action: Hashable, Sendable { case cancel }

    static let keymap = Keymap<Action>("New customer", [
        KeyBinding([.escape], .cancel, hint: "cancel", help: "cancel the new customer (asks first when something was typed)"),
    ])

    let wizard: OrderWizard

    public convenience init(session: DashboardSession, reseller: AccountID?) {
        self.init(wizard: OrderWizard(session: session, reseller: reseller))
    }

    init(wizard: OrderWizard) {
        self.wizard = wizard
    }

    public var title: String { "New customer" }
    public var inputMode: InputMode { wizard.details.form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { wizard.hasData }

    public var keyHints: [KeyHint] {
        return wizard.details.form.keyHints + Self.keymap.hints
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let (top, body) = area.splitTop(2)
        WizardSteps.render(wizard.steps, current: 0, into: &grid, row: top.row, col: top.col, width: top.width)
        if let notice = wizard.notice {
            grid.write("! " + notice, row: top.row + 1, col: top.col, maxWidth: top.width, style: .warning)
        }
        wizard.details.form.render(into: &grid, area: wizard.renderAdminAgentHint(into: &grid, area: body))
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        wizard.notice = nil
        let model = wizard.session.model
        switch wizard.details.form.handle(key) {
        case .edited(let field):
            wizard.details.noteEdited(field, model: model)
            return .handled
        case .left(let field):
            wizard.details.checkOnLeave(field, model: model)
            return .handled
        case .pressed(.next):
            return next()
        case .pressed:
            return WizardCancel.request(hasData: wizard.hasData, what: wizard.what)
        case .handled:
            return .handled
        case .ignored:
            switch Self.keymap.action(for: key) {
            case .cancel: return WizardCancel.request(hasData: wizard.hasData, what: wizard.what)
            case nil: return nil
            }
        }
    }

    private func next() -> ScreenAction {
        if wizard.details.checkAll(model: wizard.session.model) != nil {
            return .message("Fix the fields marked ! to go on")
        }
        return .replace(NewSubscriptionScreen(wizard: wizard))
    }
}
