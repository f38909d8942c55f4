import Foundation
import PartnerCore
import TerminalKit

/// A reseller's page (Indirect resellers › Enter), for the provider: the partnership
/// (state, since when, MPN ID, who may act for the reseller), the customers the two share
/// with their subscriptions (partner of record, support contact), the invitations between
/// them, and the reseller's actions from Indirect resellers' own table, so the two pages
/// offer the same things. Everything shown comes from `PartnerModel.resellerDetail`,
/// which keeps to what the provider and this reseller share (rule 6).
@MainActor
public final class ResellerScreen: Screen {
    enum Open: Hashable, Sendable { case subscription, customer, export }

    static let openKeys = Keymap<Open>("Reseller", [
        KeyBinding([.enter], .subscription, hint: "open",
                   help: "open the subscription: licenses, status, partner of record, support contact"),
        KeyBinding([.enter], .customer, hint: "open", help: "show the customer on Customers, filtered by this reseller"),
        KeyBinding([.character("e")], .export, hint: "export",
                   help: "export the subscriptions of the customers you share as CSV to the workspace's exports/"),
    ])

    /// Partner of record before the end date, shown at every width: on this page it is
    /// what the reader came for.
    static let subscriptionCells: [SubscriptionCell] = [.name, .quantity, .status, .partnerOfRecord, .supportContact]
    static let subscriptionColumns = SubscriptionCell.columns(subscriptionCells, hiddenBelow: [.supportContact: 70])

    /// Invitations listed here, newest first; the Invitations page has them all.
    static let invitationLimit = 3
    static let actionLines = 2

    private let session: DashboardSession
    private let resellerId: AccountID
    private var detail: ResellerDetail?
    private var tree = CustomerTree(customerColumns: CustomersScreen.customerColumns(partnerTitle: nil),
                                    subscriptionColumns: subscriptionColumns,
                                    emptyText: "No customers you both serve.")

    public init(session: DashboardSession, reseller: AccountID) {
        self.session = session
        self.resellerId = reseller
        reload()
    }

    public var title: String { detail?.reseller.legalName ?? session.model.partnerName(resellerId) }
    public var menuItemID: String? { DashboardPage.indirectResellers.rawValue }

    /// The customers and subscriptions listed, in order (for tests).
    public var rows: [CustomerTreeRow] { Array(tree.rows) }
    public var focusedRow: CustomerTreeRow? { tree.selected }

    private var row: ResellerRow? { detail.map { ResellerRow($0.overview) } }

    private var actions: Keymap<IndirectResellersScreen.Action> {
        IndirectResellersScreen.keymap.only { action in row.map { IndirectResellersScreen.offers(action, for: $0) } ?? false }
    }

    private var opening: Keymap<Open> {
        Self.openKeys.only { open in
            switch (open, tree.selected) {
            case (.subscription, .subscription?), (.customer, .customer?), (.export, _?): return true
            default: return false
            }
        }
    }

    /// Export last: at 80 columns the reseller's own actions keep their place in the bar.
    public var keyHints: [KeyHint] {
        tree.keyHints + opening.only { $0 != .export }.hints + actions.hints + opening.only { $0 == .export }.hints
    }

    // MARK: The model

    /// A change here (a customer added for the reseller, the partnership ended) or from
    /// another process: shown at once; the focus keeps to its row.
    public func modelDidChange() { reload() }

    private func reload() {
        guard let provider = session.account?.id else {
            detail = nil
            tree.setRows(CustomerTreeRows())
            return
        }
        detail = session.model.resellerDetail(resellerId, for: provider, at: session.now)
        let model = session.model
        tree.setRows(CustomerTreeRows(listing: (detail?.customers ?? []).flatMap { customer -> [CustomerTreeRow] in
            let subscriptions = model.subscriptions(of: customer.id)
            guard !subscriptions.isEmpty else { return [.customer(customer.id), .noSubscriptions(customer.id)] }
            return [.customer(customer.id), .subscriptionsHeader(customer.id)] + subscriptions.map { .subscription(customer.id, $0.id) }
        }))
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let detail else {
            grid.write("This reseller is not among those you may work with.", row: area.row, col: area.col + 1,
                       maxWidth: area.width - 1, style: .dim)
            return
        }
        let labelWidth = area.width >= 70 ? 20 : 14
        let factArea = area.inset(left: 1)
        var y = area.row
        for (label, value) in facts(detail) {
            for row in FactRows.rows(label, value, labelWidth: labelWidth, width: factArea.width) where y < area.bottom {
                FactRows.render(row, into: &grid, at: Rect(row: y, col: factArea.col, height: 1, width: factArea.width),
                                labelWidth: labelWidth, style: .bold)
                y += 1
            }
        }
        let invitations = invitationLines(detail)
        let listBottom = max(y + 1, area.bottom - Self.actionLines - invitations.count - 2)
        let model = session.model
        tree.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: listBottom - y - 1, width: area.width),
                    focused: true) { [self] row in line(for: row, model: model) }
        var invitationRow = listBottom + 1
        for (text, style) in invitations where invitationRow < area.bottom - Self.actionLines {
            grid.write(text, row: invitationRow, col: factArea.col, maxWidth: factArea.width, style: style)
            invitationRow += 1
        }
        ActionBar.render(actions.hints, into: &grid,
                         area: Rect(row: area.bottom - Self.actionLines, col: factArea.col, height: Self.actionLines, width: factArea.width))
    }

    private func facts(_ detail: ResellerDetail) -> [(String, String)] {
        let partnership: String
        switch (detail.overview.state, detail.overview.since) {
        case (.active, let since?): partnership = "Active since " + session.day(since)
        case (.invited, let sent?): partnership = "Invited " + session.day(sent) + ", no answer yet"
        case (.ended, let since?): partnership = "Ended (began " + session.day(since) + ")"
        default: partnership = "None: not partnered with you"
        }
        let acting: String
        if detail.overview.state != .active {
            acting = "Nobody until partnered (rule 2)"
        } else if detail.actingUsers.isEmpty {
            acting = "Nobody: none of your users is an admin agent (rule 9)"
        } else {
            acting = "Your admin agents: " + detail.actingUsers.map(\.displayName).joined(separator: ", ")
        }
        return [("Partnership", partnership), ("MPN ID", detail.reseller.mpnId), ("Who can act", acting)]
    }

    /// "Invitations", then the newest few: date, state, address and what it was for.
    private func invitationLines(_ detail: ResellerDetail) -> [(String, CellStyle)] {
        let all = detail.invitations
        let more = all.count > Self.invitationLimit ? " (newest \(Self.invitationLimit) of \(all.count); all on Invitations)" : ""
        guard !all.isEmpty else { return [("Invitations: none between you", .dim)] }
        return [("Invitations" + more, .bold)] + all.prefix(Self.invitationLimit).map { invitation in
            let status = invitation.effectiveStatus(at: session.now).rawValue
            let what = invitation.kind == .partnership ? "partnership request" : "customer invitation"
            let text = session.day(invitation.createdAt) + "  " + status.padding(toLength: 9, withPad: " ", startingAt: 0)
                + " " + invitation.email + " · " + what
            return (text, .plain)
        }
    }

    private func line(for row: CustomerTreeRow, model: PartnerModel) -> CustomerTree.Line {
        if let line = SubscriptionCell.recordLine(row, Self.subscriptionCells, model: model, day: session.day,
                                                      shortName: session.catalog.shortName(of:)) { return line }
        guard case .customer(let id) = row, let customer = model.customers[id] else { return CustomerTree.Line(.span, []) }
        // Since the reseller became its reseller of record.
        let since = customer.relationships.first { $0.partnerId == resellerId }?.since ?? customer.createdAt
        return CustomerTree.Line(.customer, [customer.name, customer.companyProfile.domain, model.subscriptionTally(of: id).label,
                                             session.day(since)], style: .bold)
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        if tree.handle(key) { return ScreenAction.handled }
        switch (opening.action(for: key), tree.selected) {
        case (.subscription?, .subscription(_, let subscription)?):
            return .push(SubscriptionDetailScreen(session: session, subscription: subscription))
        case (.customer?, .customer(let customer)?):
            let customers = CustomersScreen(session: session, reseller: resellerId)
            customers.focus(customer)
            return .push(customers)
        case (.export?, _):
            return .message(export())
        default:
            break
        }
        guard let action = actions.action(for: key), let row else { return nil }
        return IndirectResellersScreen.perform(action, for: row, session: session)
    }

    /// The subscriptions of the customers listed, as `partnerdash export subscriptions --reseller` writes them.
    private func export() -> String {
        guard let provider = session.account?.id else { return "Not exported: nobody is signed in" }
        // Only the activity log's export reads what can fail (the audit log's snapshot).
        guard let table = try? session.model.export(.subscriptions(visibleTo: provider, sharedWith: resellerId),
                                                    catalog: session.catalog, now: session.now) else {
            return "Not exported: the workspace could not be read"
        }
        return session.exportList(table, noun: "subscription", stem: "reseller-subscriptions")
    }
}
