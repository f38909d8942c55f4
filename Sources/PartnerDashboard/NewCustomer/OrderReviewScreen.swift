import PartnerCore
import TerminalKit

/// Review: the order exactly as Submit will place it, the customer it is for,
/// its line items and what is charged per billing cycle. Submit places it in
/// one transaction (rule 4); Cancel discards all of it and says so
/// (docs/WORKFLOWS.md P13–P14).
@MainActor
public final class OrderReviewScreen: Screen {
    enum ReviewButton: Hashable, Sendable { case submit, back, cancel }
    enum Action: Hashable, Sendable { case next, previous, scroll(ListAction), cancel }

    static let keymap = Keymap<Action>("Review", [
        KeyBinding([(.tab, .next), (.backTab, .previous)], label: "Tab S-Tab", hint: "next/prev", help: "next or previous button"),
        KeyBinding([(.up, .scroll(.up)), (.down, .scroll(.down)), (.pageUp, .scroll(.pageUp)), (.pageDown, .scroll(.pageDown))],
                   label: "↑↓", hint: "scroll", help: "scroll the order (also PgUp PgDn)"),
        KeyBinding([.escape], .cancel, hint: "cancel", help: "cancel the whole order: nothing is created (asks first)"),
    ])

    let wizard: OrderWizard
    private let buttons: [Button<ReviewButton>]
    private var focus = 0
    private var scroll = 0
    /// Why the last Submit did not go through; the order stays as it was.
    private var problem: String?
    /// Whether the order was longer than the page when last drawn: only then
    /// do the scroll keys do anything. (The app draws a page before its hints.)
    private var overflows = false

    init(wizard: OrderWizard) {
        self.wizard = wizard
        buttons = [Button(.submit, "Submit"), Button(.back, "Back"), Button(.cancel, "Cancel")]
    }

    public var title: String { "Review" }
    public var hasUnsavedChanges: Bool { true }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            if case .scroll = action { return overflows }
            return true
        }
    }

    public var keyHints: [KeyHint] {
        return buttons[focus].keyHints + available.hints
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        let problemLines = problem.map { TextWrap.lines($0, width: area.width, prefix: "! ") } ?? []
        WizardSteps.render(wizard.steps, current: wizard.steps.count - 1, into: &grid, row: area.row, col: area.col, width: area.width)
        // The buttons follow the order (after a blank row when there is room),
        // and stay on screen when the order is longer than the page.
        let room = max(0, area.height - 2 - problemLines.count)
        var lines = bodyLines(width: area.width)
        if lines.count < room { lines.append(text("")) }
        let body = Rect(row: area.row + 1, col: area.col, height: min(lines.count, room), width: area.width)
        scroll = max(0, min(scroll, lines.count - body.height))
        for (i, line) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
            line(&grid, Rect(row: body.row + i, col: body.col, height: 1, width: body.width))
        }
        overflows = lines.count > body.height
        if lines.count > body.height + scroll {
            grid.write("↓ more", row: body.bottom - 1, col: body.right - 6, style: .dim)
        }
        for (i, text) in problemLines.enumerated() {
            grid.write(text, row: body.bottom + i, col: area.col, maxWidth: area.width, style: .warning)
        }
        var x = area.col + 2
        let y = body.bottom + problemLines.count
        for (i, button) in buttons.enumerated() {
            x += button.render(into: &grid, row: y, col: x, maxWidth: area.right - x, focused: i == focus) + 2
        }
    }

    private typealias Line = (inout CellGrid, Rect) -> Void

    private static let labelWidth = 20

    private func facts(_ label: String, _ value: String, width: Int, style: CellStyle = .bold) -> [Line] {
        FactRows.rows(label, value, labelWidth: Self.labelWidth, width: width).map { row in
            { grid, r in FactRows.render(row, into: &grid, at: r, labelWidth: Self.labelWidth, style: style) }
        }
    }

    private func text(_ value: String, style: CellStyle = .plain) -> Line {
        { grid, r in grid.write(value, row: r.row, col: r.col, maxWidth: r.width, style: style) }
    }

    private func bodyLines(width: Int) -> [Line] {
        let model = wizard.session.model
        let summary = OrderSummary(picker: wizard.picker)
        var lines: [Line] = []
        if wizard.isNewCustomer {
            let d = wizard.details.details
            lines += facts("Customer", d.companyName, width: width)
            lines += facts("Domain", d.domain, width: width)
            lines += facts("Contact", "\(d.firstName) \(d.lastName) · \(d.phone) · \(d.email)", width: width, style: .plain)
            lines += facts("Address", d.address.singleLine, width: width, style: .plain)
            lines += facts("Culture", "\(d.culture) · \(d.language)", width: width, style: .plain)
            // Rule 4: the provider and the chosen reseller both become resellers of record.
            let ofRecord = ([wizard.session.account?.id] + [wizard.details.reseller]).compactMap { $0 }.map { model.partnerName($0) }
            lines += facts("Resellers of record", ofRecord.joined(separator: ", "), width: width)
        } else if let customer = wizard.existingCustomer {
            lines += facts("Customer", customer.name, width: width)
            lines += facts("Domain", customer.companyProfile.domain, width: width)
            let b = customer.billingProfile
            lines += facts("Contact", "\(b.contactName) · \(b.email)", width: width, style: .plain)
            lines += facts("Resellers of record", customer.relationships.map { model.partnerName($0.partnerId) }.joined(separator: ", "),
                           width: width)
        }
        let partner = wizard.picker.selectedPartner.flatMap { model.accounts[$0] }
        lines += facts("Partner of record", partner.map { "\($0.legalName) (\($0.mpnId))" } ?? "None", width: width)
        lines.append(text(""))
        lines += itemLines(summary, width: width)
        lines.append(text(""))
        for total in summary.totals {
            lines += facts("Billed \(total.cycle == .monthly ? "monthly" : "annually")",
                           "\(Money.format(total.amount)) \(total.cycle.period)", width: width)
        }
        return lines
    }

    /// One row per line item where there is room, else the offer's name over its figures.
    private func itemLines(_ summary: OrderSummary, width: Int) -> [Line] {
        if width >= 80 {
            let columns = [
                TableColumn("Offer", .flexible(min: 20)), TableColumn("Qty", .fixed(6), alignment: .trailing),
                TableColumn("Term", .fixed(8)), TableColumn("Billing", .fixed(8)),
                TableColumn("Unit price", .fixed(10), alignment: .trailing), TableColumn("Line total", .fixed(11), alignment: .trailing),
            ]
            let widths = TableColumn.widths(of: columns, total: width, gap: 2)
            func row(_ cells: [String], style: CellStyle, shorter: [Int: String] = [:]) -> Line {
                { grid, r in
                    var x = r.col
                    for (i, cell) in cells.enumerated() {
                        grid.write(DisplayText(Fitting.text(cell, short: shorter[i], width: widths[i])), row: r.row, col: x,
                                   width: widths[i], alignment: columns[i].alignment, style: style)
                        x += widths[i] + 2
                    }
                }
            }
            return [row(columns.map(\.title), style: CellStyle([.bold, .underline]))] + summary.lines.map { line in
                row([line.offer.name, String(line.quantity), line.offer.termDuration.label, line.offer.billingCycle.label,
                     Money.format(line.offer.unitPrice), Money.format(line.total)], style: .plain, shorter: [0: line.offer.shortName])
            }
        }
        return summary.lines.flatMap { line -> [Line] in
            let figures = "\(line.quantity) × \(Money.format(line.offer.unitPrice)) · \(line.offer.termDuration.label) · billed \(line.offer.billingCycle.adverb)"
            let total = Money.format(line.total)
            return [text(line.offer.name, style: .bold), { grid, r in
                grid.write(figures, row: r.row, col: r.col + 2, maxWidth: r.width - 4 - total.count)
                grid.write(DisplayText(total), row: r.row, col: r.right - total.count, width: total.count, alignment: .trailing)
            }]
        }
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        if buttons[focus].handle(key) { return press(buttons[focus].id) }
        switch available.action(for: key) {
        case .next: focus = (focus + 1) % buttons.count
        case .previous: focus = (focus + buttons.count - 1) % buttons.count
        case .scroll(let move):
            switch move {
            case .up: scroll = max(0, scroll - 1)
            case .down: scroll += 1
            case .pageUp: scroll = max(0, scroll - 10)
            case .pageDown: scroll += 10
            case .first, .last: break
            }
        case .cancel: return WizardCancel.request(hasData: true, what: wizard.what)
        case nil: return nil
        }
        return .handled
    }

    private func press(_ button: ReviewButton) -> ScreenAction {
        switch button {
        case .submit: return submit()
        case .back: return .replace(NewSubscriptionScreen(wizard: wizard))
        case .cancel: return WizardCancel.request(hasData: true, what: wizard.what)
        }
    }

    /// Places the order. A refusal goes back to the page and field it names;
    /// a storage failure keeps everything here, shown as not done.
    private func submit() -> ScreenAction {
        problem = nil
        do {
            let receipt = try wizard.session.execute(wizard.command)
            switch wizard.purpose {
            case .newCustomer:
                guard let customer = receipt.createdId, let admin = receipt.customerAdmin else {
                    return .popWithMessage(receipt.message)
                }
                return .replace(NewCustomerConfirmationScreen(session: wizard.session, customer: customer,
                                                              userName: admin.userName, temporaryPassword: admin.temporaryPassword,
                                                              summary: receipt.message))
            case .existingCustomer:
                let name = wizard.existingCustomer?.name ?? "the customer"
                return .popWithMessage("\(wizard.cart.count) subscription(s) added to \(name)")
            }
        } catch let refusal as DomainError {
            switch wizard.route(refusal) {
            case .customer: return .replace(NewCustomerScreen(wizard: wizard))
            case .cart: return .replace(NewSubscriptionScreen(wizard: wizard))
            case .review:
                problem = "Not submitted: " + refusal.message
                return .handled
            }
        } catch {
            problem = CommandFailure.message(error, doing: "Not submitted, nothing was created")
            return .handled
        }
    }
}
