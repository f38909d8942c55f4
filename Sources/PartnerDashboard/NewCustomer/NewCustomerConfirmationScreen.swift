import PartnerCore
import TerminalKit

/// Confirmation › Setup info: the new customer's admin user and temporary
/// password (docs/WORKFLOWS.md P15–P16). Rule 5: the password lives
/// only in this screen's memory; it was never journaled, is never logged, and
/// is gone once the page closes, which the page says plainly.
@MainActor
public final class NewCustomerConfirmationScreen: Screen {
    enum Action: Hashable, Sendable { case copy, done }

    static let keymap = Keymap<Action>("Confirmation", [
        KeyBinding([.enter, .space], .done, label: "Enter", hint: "done", help: "done: close this page (the password is not shown again)"),
        KeyBinding([.character("c")], .copy, hint: "copy", help: "copy the admin user name and temporary password"),
    ])

    private let session: DashboardSession
    private let customerId: CustomerID
    private let userName: String
    private let temporaryPassword: String
    private let summary: String

    init(session: DashboardSession, customer: CustomerID, userName: String, temporaryPassword: String, summary: String) {
        self.session = session
        self.customerId = customer
        self.userName = userName
        self.temporaryPassword = temporaryPassword
        self.summary = summary
    }

    public var title: String { "Confirmation" }
    public var keyHints: [KeyHint] { Self.keymap.hints }

    public func render(into grid: inout CellGrid, area: Rect) {
        let model = session.model
        let customer = model.customers[customerId]
        var y = area.row
        func line(_ text: String, indent: Int = 0, style: CellStyle = .plain) {
            guard y < area.bottom - 1 else { return }
            grid.write(text, row: y, col: area.col + indent, maxWidth: area.width - indent, style: style)
            y += 1
        }
        let factArea = area.inset(left: 2)
        func fact(_ label: String, _ value: String, style: CellStyle = .bold) {
            for row in FactRows.rows(label, value, labelWidth: 20, width: factArea.width) where y < area.bottom - 1 {
                FactRows.render(row, into: &grid, at: Rect(row: y, col: factArea.col, height: 1, width: factArea.width),
                                labelWidth: 20, style: style)
                y += 1
            }
        }
        line("Setup info", style: CellStyle([.bold, .underline], role: .accent))
        y += 1
        if let customer {
            fact("Customer", customer.name, style: .plain)
        }
        fact("Admin user", userName)
        fact("Temporary password", temporaryPassword)
        y += 1
        let warning = "Copy the user name and password now and send them to the customer: "
            + "they will not be shown again once you close this page."
        for text in TextWrap.lines(warning, width: area.width - 2, prefix: "! ") { line(text, style: .warning) }
        // Whether a copy arrived is the status line's to say: OSC 52 cannot tell.
        line("Press c to copy both.", indent: 2, style: .dim)
        y += 1
        var facts = [summary + "."]
        if let customer {
            let ofRecord = customer.relationships.map { model.partnerName($0.partnerId) }
            facts.append("Resellers of record: " + ofRecord.joined(separator: ", ") + ".")
        }
        for text in TextWrap.lines(facts.joined(separator: " "), width: area.width - 2) { line(text, indent: 2) }
        y = min(y + 1, area.bottom - 1)
        Button(Action.done, "Done").render(into: &grid, row: y, col: area.col + 2, maxWidth: area.width - 2, focused: true)
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch Self.keymap.action(for: key) {
        case .copy:
            // The password is written nowhere (rule 5): no file to offer, only this page.
            return .copyToClipboard(ClipboardCopy("User name: \(userName)\nTemporary password: \(temporaryPassword)",
                                                  what: "the admin user name and temporary password",
                                                  otherwise: "both are shown on this page: select them with the mouse"))
        case .done:
            // Done returns to Customers with the new customer focused (docs/WORKFLOWS.md P16), among
            // the customers of the reseller it was added for.
            let customers = CustomersScreen(session: session, reseller: session.model.customers[customerId]?.associatedPartnerId)
            customers.focus(customerId)
            return .resetWithMessage(customers, summary)
        case nil:
            return nil
        }
    }
}
