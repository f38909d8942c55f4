import PartnerCore
import TerminalKit

/// The subscriptions whose term ends within 30 days (Home's "ends within 30 days"): what
/// each will do at its end (renew, renew with a scheduled change, expire). Enter opens
/// Subscription detail, where it can be changed (rule 11).
@MainActor
public final class EndingSoonScreen: Screen {
    enum Action: Hashable, Sendable { case open, export }

    static let keymap = Keymap<Action>("Ending within 30 days", [
        KeyBinding([.enter], .open, hint: "open", help: "Open the subscription"),
        KeyBinding([.character("e")], .export, hint: "export", help: "Export the subscriptions listed as CSV to the workspace's exports/"),
    ])

    private let session: DashboardSession
    private var subscriptions: [SubscriptionID: Subscription] = [:]
    private var list = FilteredTable<SubscriptionID>(columns: [
        TableColumn("Customer", .flexible(min: 14)),
        TableColumn("Subscription", .flexible(min: 16)),
        TableColumn("Ends", .fixed(10)),
        TableColumn("At the end", .flexible(min: 12)),
        TableColumn("Licenses", .fixed(8), alignment: .trailing, hiddenBelow: 70),
    ], emptyText: "No subscription ends within 30 days.")

    public init(session: DashboardSession) {
        self.session = session
        reload()
    }

    public var title: String { "Ending within 30 days" }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    private var available: Keymap<Action> {
        Self.keymap.only { _ in !list.isTyping && list.selectedID != nil }
    }

    public var keyHints: [KeyHint] { list.keyHints + available.hints }

    public func modelDidChange() { reload() }

    private func reload() {
        guard let account = session.account else { return }
        let ending = session.model.subscriptionsEndingSoon(visibleTo: account.id, at: session.now)
        subscriptions = Dictionary(uniqueKeysWithValues: ending.map { ($0.id, $0) })
        list.setRows(ending.map(\.id)) { [session] id in
            guard let s = ending.first(where: { $0.id == id }) else { return "" }
            return "\(session.model.customers[s.customerId]?.name ?? "") \(s.friendlyName)"
        }
    }

    /// What the term's end will do, in the words of rule 11.
    static func outcome(_ subscription: Subscription, catalog: OfferCatalog) -> String {
        guard subscription.autoRenewEnabled else { return "expires" }
        guard let next = subscription.scheduledNextTerm else { return "renews" }
        let offer = next.offerId.map { catalog[$0]?.name ?? $0 }
        return "renews · " + [offer, next.quantity.map { "\($0) licenses" }].compactMap { $0 }.joined(separator: ", ")
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let (tableArea, actionsArea) = area.splitBottom(2)
        list.render(into: &grid, area: tableArea, focused: true) { [subscriptions, session] id in
            guard let s = subscriptions[id] else { return TableRow([]) }
            return TableRow([session.model.customers[s.customerId]?.name ?? "", s.friendlyName, session.day(s.commitmentEndDate),
                             Self.outcome(s, catalog: session.catalog), String(s.quantity)],
                            style: s.autoRenewEnabled ? .plain : .warning)
        }
        ActionBar.render(available.hints, into: &grid, area: actionsArea)
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if list.handle(key) { return .handled }
        switch available.action(for: key) {
        case .open:
            guard let id = list.selectedID else { return nil }
            return .push(SubscriptionDetailScreen(session: session, subscription: id))
        case .export:
            // The rows listed (`/` narrows them), as `partnerdash export subscriptions --ending-soon` writes them.
            let listed = list.table.ids.compactMap { subscriptions[$0] }
            return .message(session.exportList(session.model.exportSubscriptions(listed, catalog: session.catalog),
                                               noun: "subscription", stem: "subscriptions-ending"))
        case nil:
            return nil
        }
    }
}
