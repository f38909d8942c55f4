import PartnerCore
import TerminalKit

/// New subscription: tick offers from the catalog and give each a license
/// count within its range (rule 8), and choose the indirect reseller credited
/// as partner of record (rule 2). The second page of New customer, or the first
/// of Add subscription for an existing customer (docs/WORKFLOWS.md
/// P12 and P17–P18).
@MainActor
public final class NewSubscriptionScreen: Screen {
    enum Action: Hashable, Sendable { case cancel }

    static let keymap = Keymap<Action>("New subscription", [
        KeyBinding([.escape], .cancel, hint: "cancel", help: "cancel the order (asks first when something was chosen)"),
    ])

    let wizard: OrderWizard

    /// Add subscription for an existing customer.
    public convenience init(session: DashboardSession, customer: CustomerID) {
        self.init(wizard: OrderWizard(session: session, customer: customer))
    }

    init(wizard: OrderWizard) {
        self.wizard = wizard
        wizard.preparePicker()
    }

    private var step: Int { wizard.isNewCustomer ? 1 : 0 }

    public var title: String { "New subscription" }
    public var inputMode: InputMode { wizard.picker.isTyping ? .text : .navigation }
    public var hasUnsavedChanges: Bool { wizard.hasData }
    public var pageNote: String? {
        let picker = wizard.picker
        return picker.filter.isActive ? "\(picker.table.count) of \(picker.offers.count) offers" : nil
    }

    private var available: Keymap<Action> {
        Self.keymap.only { _ in !wizard.picker.claimsEscape }
    }

    public var keyHints: [KeyHint] {
        if wizard.picker.isTyping { return wizard.picker.keyHints }
        return wizard.picker.keyHints + available.hints
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        let (top, rest) = area.splitTop(3)
        let (middle, bottom) = rest.splitBottom(5)
        WizardSteps.render(wizard.steps, current: step, into: &grid, row: top.row, col: top.col, width: top.width)
        if let notice = wizard.notice {
            grid.write("! " + notice, row: top.row + 1, col: top.col, maxWidth: top.width, style: .warning)
        } else {
            let used = grid.write("For ", row: top.row + 1, col: top.col, maxWidth: top.width)
            grid.write(wizard.customerLine, row: top.row + 1, col: top.col + used, maxWidth: top.width - used, style: .bold)
        }
        renderSearch(into: &grid, row: top.row + 2, area: top)
        renderOffers(into: &grid, area: middle)
        renderFooter(into: &grid, area: bottom)
    }

    private func renderSearch(into grid: inout CellGrid, row: Int, area: Rect) {
        let line = Rect(row: row, col: area.col, height: 1, width: area.width)
        if wizard.picker.filter.isActive {
            wizard.picker.renderFilter(into: &grid, area: line)
        } else {
            grid.write("type an offer's name to search the catalog", row: row, col: area.col, maxWidth: area.width, style: .dim)
        }
    }

    private func renderOffers(into grid: inout CellGrid, area: Rect) {
        let picker = wizard.picker
        let focused = picker.zone == .offers && !picker.isTyping
        wizard.picker.table.render(into: &grid, area: area, focused: focused) { id in
            guard let offer = picker.offer(id) else { return TableRow([]) }
            let count = picker.countText(id)
            let problem = picker.problem(offer) != nil
            let range = "\(offer.minimumQuantity)–\(offer.maximumQuantity)"
            return TableRow([count == nil ? "[ ]" : "[x]", offer.name, count.map { $0.isEmpty ? "?" : $0 } ?? "",
                             problem ? "! " + range : range, offer.termDuration.label, offer.billingCycle.label,
                             Money.format(offer.unitPrice)],
                            style: problem ? .warning : (count == nil ? .plain : .bold), shorter: [1: offer.shortName])
        }
    }

    /// The focused offer's details, the cart's totals, the partner of record, the buttons.
    private func renderFooter(into grid: inout CellGrid, area: Rect) {
        let picker = wizard.picker
        let x = area.col, width = area.width
        var y = area.row
        if let offer = picker.focusedOffer {
            if let problem = picker.problem(offer) {
                grid.write("! " + problem, row: y, col: x, maxWidth: width, style: .warning)
            } else {
                grid.write("\(offer.termDuration.label) term · billed \(offer.billingCycle.adverb) · "
                           + "\(Money.format(offer.unitPrice)) per license", row: y, col: x, maxWidth: width, style: .dim)
            }
        }
        y += 1
        grid.write(totalsLine, row: y, col: x, maxWidth: width)
        y += 1
        let partnerFocused = picker.zone == .partner
        if partnerFocused { grid.write("▸", row: y, col: x, style: .bold) }
        let label = width >= 70 ? "Indirect reseller (partner of record)" : "Partner of record"
        let used = grid.write(label, row: y, col: x + 2, maxWidth: width - 2, style: partnerFocused ? .bold : .plain)
        picker.partner.render(into: &grid, area: Rect(row: y, col: x + 4 + used, height: 1, width: max(0, width - 4 - used)),
                              focused: partnerFocused)
        y += 2
        var bx = x + 2
        for button in picker.buttons {
            let focused = picker.zone == .button(button.id)
            bx += button.render(into: &grid, row: y, col: bx, maxWidth: area.right - bx, focused: focused) + 2
        }
    }

    private var totalsLine: String {
        let picked = wizard.picker.picked.count
        guard picked > 0 else { return "Tick the offers the customer wants (Enter), then type the licenses." }
        let totals = OrderSummary(picker: wizard.picker).totals.map { "\(Money.format($0.amount)) \($0.cycle.period)" }
        return "\(picked) ticked" + (totals.isEmpty ? "" : " · " + totals.joined(separator: " + "))
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        wizard.notice = nil
        switch wizard.picker.handle(key) {
        case .handled:
            return .handled
        case .pressed(.next):
            return next()
        case .pressed(.back):
            return .replace(NewCustomerScreen(wizard: wizard))
        case .pressed(.cancel):
            return WizardCancel.request(hasData: wizard.hasData, what: wizard.what)
        case .ignored:
            if wizard.picker.isTyping { return nil }
            switch available.action(for: key) {
            case .cancel: return WizardCancel.request(hasData: wizard.hasData, what: wizard.what)
            case nil: return nil
            }
        }
    }

    /// Rule 8 blocks Next while any count is out of range; the offer at fault gets focus.
    private func next() -> ScreenAction {
        guard wizard.picker.hasPicks else {
            wizard.picker.focus(on: .offers)
            return .message("Tick at least one offer (Enter or Space) to go on")
        }
        if let (offer, message) = wizard.picker.firstProblem {
            wizard.picker.focusOffer(offer.id)
            return .message("! \(offer.name): \(message)")
        }
        return .replace(OrderReviewScreen(wizard: wizard))
    }
}
