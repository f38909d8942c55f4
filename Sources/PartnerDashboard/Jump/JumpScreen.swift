import Foundation
import PartnerCore
import TerminalKit

/// The `:` palette: type part of a name to find any page, reseller or
/// customer, Enter goes there. Only what the account may see is offered
/// (rule 6): a reseller never finds another partner's customer by name.
@MainActor
public final class JumpScreen: Screen {
    enum Destination: Hashable, Sendable {
        case page(DashboardPage)
        case settings(AccountSettingsScreen.Section)
        case reseller(AccountID)
        case customer(CustomerID)
    }

    struct Entry: Sendable {
        let destination: Destination
        let name: String
        let kind: String
        let detail: String
        /// Lower-cased once, not at every key.
        let haystack: String

        init(_ destination: Destination, _ name: String, kind: String, detail: String = "") {
            self.destination = destination
            self.name = name
            self.kind = kind
            self.detail = detail
            haystack = (name + " " + detail).lowercased()
        }
    }

    /// A line of the matches: a page or reseller, or a customer by its position in the
    /// Customers page's search index (200k customers are never copied into entries).
    enum Match: Hashable, Sendable {
        case entry(Int)
        case customer(Int)
    }

    enum Action: Hashable, Sendable { case up, down, pageUp, pageDown, open }

    static let keymap = Keymap<Action>("Jump", [
        KeyBinding([(.up, .up), (.down, .down)], label: "↑↓", hint: "move", help: "move through the matches"),
        KeyBinding([(.pageUp, .pageUp), (.pageDown, .pageDown)], label: "PgUp PgDn", help: "move a page through the matches"),
        KeyBinding([.enter], .open, hint: "go", help: "go to the selected page, reseller or customer"),
    ])

    /// Enough to pick from; typing more narrows it.
    static let limit = 200

    private let session: DashboardSession
    private let shell: DashboardShell
    private let entries: [Entry]
    private let customers: CustomerSearchIndex
    private var query = TextField(label: ":", placeholder: "type a page, reseller or customer name")
    private var matches = TableView<Match>(columns: [
        TableColumn("Name", .flexible(min: 16)),
        TableColumn("Kind", .fixed(8)),
        TableColumn("Where", .flexible(min: 12), hiddenBelow: 48),
    ], emptyText: "Nothing you can see has that name.")
    private var total = 0

    public init(session: DashboardSession, shell: DashboardShell) {
        self.session = session
        self.shell = shell
        entries = Self.entries(session: session, shell: shell)
        customers = session.account.map { CustomerIndexCache.index(of: session.model.customerIds(visibleTo: $0.id), in: session) }
            ?? CustomerSearchIndex([Customer]())
        refilter()
    }

    public var title: String { "Jump to" }
    public var inputMode: InputMode { .text }

    private var available: Keymap<Action> {
        Self.keymap.only { $0 != .open || matches.selectedID != nil }
    }

    public var keyHints: [KeyHint] { query.keyHints + available.hints }

    static func entries(session: DashboardSession, shell: DashboardShell) -> [Entry] {
        guard let account = session.account else { return [] }
        let model = session.model
        var entries = shell.menu.compactMap { item in
            DashboardPage(rawValue: item.id).map { Entry(.page($0), $0.title, kind: "page") }
        }
        if shell.menu.contains(where: { $0.id == DashboardPage.accountSettings.rawValue }) && !DashboardShell.awaitsEnrollment(session) {
            entries += AccountSettingsScreen.sections(for: account.kind).map { Entry(.settings($0), $0.title, kind: "page", detail: "Account settings") }
        }
        if account.kind == .indirectProvider {
            entries += ResellerRow.rows(model: model, provider: account.id, now: session.now).map {
                Entry(.reseller($0.id), $0.name, kind: "reseller", detail: "MPN ID \($0.mpnId) · \($0.partnership.label)")
            }
        }
        return entries
    }

    /// Sorted as people read names, unless there are so many that the
    /// locale-aware comparison would hold up opening the page: then by code point.
    static func byName<T>(_ items: [T], _ name: (T) -> String) -> [T] {
        if items.count <= 5_000 {
            return items.sorted { name($0).localizedStandardCompare(name($1)) == .orderedAscending }
        }
        return items.map { (name($0).lowercased(), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Names that start with the query first, then the rest, each group in page, reseller,
    /// customer order. Customers are searched as the Customers page searches them.
    private func refilter() {
        let typed = query.text.trimmingCharacters(in: .whitespaces)
        let needle = typed.lowercased()
        var starts: [Match] = [], contains: [Match] = []
        for (i, entry) in entries.enumerated() where needle.isEmpty || entry.haystack.contains(needle) {
            if needle.isEmpty || entry.name.lowercased().hasPrefix(needle) { starts.append(.entry(i)) } else { contains.append(.entry(i)) }
        }
        let found = customers.positions(matching: typed)
        let leading = customers.positions(whoseNameStartsWith: typed, within: found)
        let rest = Self.difference(found, leading)
        total = starts.count + leading.count + contains.count + rest.count
        var rows: [Match] = []
        rows.reserveCapacity(Self.limit)
        for group in [starts, leading.map(Match.customer), contains] where rows.count < Self.limit {
            rows += group.prefix(Self.limit - rows.count)
        }
        rows += rest.prefix(Self.limit - rows.count).map(Match.customer)
        matches.setRows(rows)
        // The best match leads after every key, as in any finder.
        if let first = rows.first { matches.select(first) }
    }

    /// `all` without `some`, both ascending.
    private static func difference(_ all: [Int], _ some: [Int]) -> [Int] {
        guard !some.isEmpty else { return all }
        var out: [Int] = []
        out.reserveCapacity(all.count - some.count)
        var j = 0
        for value in all {
            while j < some.count && some[j] < value { j += 1 }
            if j < some.count && some[j] == value { continue }
            out.append(value)
        }
        return out
    }

    private func destination(of match: Match) -> Destination {
        switch match {
        case .entry(let i): return entries[i].destination
        case .customer(let position): return .customer(customers.ids[position])
        }
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if let action = available.action(for: key) {
            switch action {
            case .up: _ = matches.handle(.up)
            case .down: _ = matches.handle(.down)
            case .pageUp: _ = matches.handle(.pageUp)
            case .pageDown: _ = matches.handle(.pageDown)
            case .open:
                guard let match = matches.selectedID else { return .handled }
                return .reset(screen(for: destination(of: match)))
            }
            return .handled
        }
        let before = query.text
        guard query.handle(key) else { return nil }
        if query.text != before { refilter() }
        return .handled
    }

    private func screen(for destination: Destination) -> any Screen {
        switch destination {
        case .page(let page): return shell.screen(for: page)
        case .settings(let section): return AccountSettingsScreen.screen(section, session: session)
        case .reseller(let id):
            let page = IndirectResellersScreen(session: session)
            page.focus(on: id)
            return page
        case .customer(let id):
            let page = CustomersScreen(session: session)
            page.focus(id)
            return page
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        grid.write(":", row: area.row, col: area.col, style: .bold)
        query.render(into: &grid, area: Rect(row: area.row, col: area.col + 2, height: 1, width: min(area.width - 2, 48)), focused: true)
        let shown = matches.count
        let count = total > shown ? "\(shown) of \(total) matches: type more to narrow" : "\(total) match\(total == 1 ? "" : "es")"
        grid.write(count, row: area.row + 1, col: area.col, maxWidth: area.width, style: .dim)
        let cursor = grid.cursor
        let (entries, customers, model) = (self.entries, self.customers, session.model)
        matches.render(into: &grid, area: Rect(row: area.row + 3, col: area.col, height: area.height - 3, width: area.width),
                       focused: true) { match in
            switch match {
            case .entry(let i):
                return TableRow([entries[i].name, entries[i].kind, entries[i].detail])
            case .customer(let position):
                let customer = model.customers[customers.ids[position]]
                return TableRow([customer?.name ?? "", "customer", customer?.companyProfile.domain ?? ""])
            }
        }
        grid.cursor = cursor
    }
}
