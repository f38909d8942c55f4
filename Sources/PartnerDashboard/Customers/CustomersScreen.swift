import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PartnerCore
import TerminalKit

/// Customers: the customers the signed-in account is reseller of record for (rule 6),
/// narrowed by reseller (`f`, provider) and by text (`/`, at every key), each record
/// opening in place into its subscriptions and actions.
///
/// `reseller` starts the page filtered by one reseller (Indirect resellers › View
/// customers); `sharedWith` limits it to the customers the account shares with one
/// partner (Indirect providers › View customers), which no filter widens.
///
/// Built for a million customers: the text filter searches a `CustomerSearchIndex` built
/// once per visible set (its trigram index for three bytes or more), the reseller filter
/// is the model's `customersByPartner` index, and only the rows on screen are made and
/// formatted (`CustomerTreeRows`).
@MainActor
public final class CustomersScreen: Screen {
    enum Action: Hashable, Sendable {
        case expand, collapse, collapseParent, openSubscription, runAction
        case pickReseller, export, requestNewCustomer, addCustomer
    }

    static let keymap = Keymap<Action>("Customers", [
        KeyBinding([.right, .character("l"), .enter, .space], .expand, label: "→ Enter", hint: "expand",
                   help: "open the customer's record: subscriptions and actions (also l, Space)"),
        KeyBinding([.left, .character("h"), .enter, .space], .collapse, label: "← Enter", hint: "collapse",
                   help: "close the customer's record (also h, Space)"),
        KeyBinding([.left, .character("h")], .collapseParent, label: "←", hint: "collapse",
                   help: "close this record and go back to its customer (also h)"),
        KeyBinding([.enter], .openSubscription, hint: "open",
                   help: "open the subscription: licenses, status, partner of record, support contact"),
        KeyBinding([.enter, .space], .runAction, label: "Enter", hint: "select", help: "do the selected action (also Space)"),
        KeyBinding([.character("R")], .requestNewCustomer, hint: "request", help: "Request a reseller relationship"),
        KeyBinding([.character("f")], .pickReseller, hint: "reseller", help: "Filter by reseller"),
        KeyBinding([.character("e")], .export, hint: "export", help: "Export CSV"),
        // After the filters: at 80 columns they keep their place in the hint bar.
        KeyBinding([.character("n")], .addCustomer, hint: "new", help: "Add new customer"),
    ])

    /// Actions of the page rather than of the focused row: also listed under the table.
    private static let pageActions: Set<Action> = [.addCustomer, .requestNewCustomer, .pickReseller, .export]

    private let session: DashboardSession
    private let me: AccountID?
    private let kind: PartnerAccount.Kind
    private let sharedWith: AccountID?
    private var visible: CustomerIdSet = []
    private var search: CustomerSearch
    /// Whether this index's trigram index was asked for (`prepareTrigrams`).
    private var trigramsRequested = false
    public private(set) var resellerFilter: AccountID?
    private var filter = FilterBar()
    /// The customers that pass both filters, as positions in the index (display order):
    /// the first of them while the search is still reading (`isCounting`).
    private var matched: [Int] = []
    /// How much of an unfinished search a key, and a pause between keys, reads.
    public var pacing = SearchPacing.live
    /// Where a whole search would have left the focus before the current query (before
    /// `skippedQueries`, if any), while the focus is not settled and no key moved it: each
    /// slice places the focus from there, so the list ends as a whole search at every key
    /// would have left it.
    private var placeBeforeQuery: CustomerTree.Place?
    /// The runs of queries typed over before they had read enough to place the focus,
    /// oldest first. A whole search placed the focus at each of them, and the next query
    /// starts from there, so the pauses read each on until its rows decide that place.
    private var skippedQueries: [CustomerSearchRun] = []
    /// Rows the list showed at the last frame: the first screenful a key must find.
    private var listHeight = 40
    private var expanded: Set<CustomerID> = []
    private var tree: CustomerTree
    private var picker: ResellerPicker?
    /// The reseller filter's choices this page showed, until the model changes (then the
    /// session's `ResellerChoicesCache` answers, sorting only a list that differs).
    private var resellerChoices: ResellerPicker.Choices?

    public init(session: DashboardSession, reseller: AccountID? = nil, sharedWith: AccountID? = nil) {
        self.session = session
        let account = session.account
        me = account?.id
        kind = account?.kind ?? .indirectReseller
        self.sharedWith = sharedWith
        tree = CustomerTree(customerColumns: Self.customerColumns(partnerTitle: kind == .indirectProvider ? "Reseller" : "Provider"),
                            subscriptionColumns: Self.subscriptionColumns,
                            emptyText: "No customers match.")
        visible = Self.scopeIds(session.model, me: me, sharedWith: sharedWith)
        search = CustomerSearch(index: CustomerIndexCache.index(of: visible, in: session))
        if kind == .indirectProvider { resellerFilter = reseller }
        applyScope()
        if kind == .indirectProvider, let me {
            session.resellerChoices.prepare(listing: Self.resellersToPick(session.model, me: me, current: resellerFilter))
        }
    }

    /// Customer, Domain, the partner's column (none on a reseller's own page), Subs, Since.
    static func customerColumns(partnerTitle: String?) -> [TableColumn] {
        [TableColumn("Customer", .flexible(min: 18)), TableColumn("Domain", .flexible(min: 16), hiddenBelow: 70)]
            + (partnerTitle.map { [TableColumn($0, .flexible(min: 14))] } ?? [])
            // "1/2 active" when not all are: the command line's wording (`SubscriptionTally`).
            + [TableColumn("Subs", .fixed(10), alignment: .trailing), TableColumn("Since", .fixed(10), hiddenBelow: 60)]
    }

    static let subscriptionCells: [SubscriptionCell] = [.name, .quantity, .status, .partnerOfRecord, .supportContact, .ends]
    static let subscriptionColumns = SubscriptionCell.columns(subscriptionCells, hiddenBelow: [.partnerOfRecord: 60, .supportContact: 80])

    // MARK: Screen

    public var title: String {
        var parts = [DashboardPage.customers.title]
        if let sharedWith { parts.append("shared with " + session.model.partnerName(sharedWith)) }
        if let resellerFilter { parts.append("reseller: " + session.model.partnerName(resellerFilter)) }
        if !filter.query.isEmpty { parts.append("\"" + filter.query + "\"") }
        return parts.joined(separator: " · ")
    }

    public var menuItemID: String? { DashboardPage.customers.rawValue }
    /// The reseller picker takes letters as type-ahead.
    public var inputMode: InputMode { filter.isEditing || picker != nil ? .text : .navigation }
    /// The filters are in the title; a long title leaves no room for a note.
    public var pageNote: String? { resellerFilter == nil && sharedWith == nil && filter.query.isEmpty ? "/ filter" : nil }

    /// The customers listed now (both filters applied), in display order.
    public var listedCustomers: [CustomerID] { matched.map { search.index.ids[$0] } }
    /// Whether the text filter's search is still reading rows: the count says so, and the
    /// pauses between keys read on (`workBetweenKeys`).
    public var isCounting: Bool { !search.run.isComplete }
    public var focusedRow: CustomerTreeRow? { tree.selected }
    /// Every row of the list as it stands, open records included (all made now: for tests).
    public var rows: [CustomerTreeRow] { Array(tree.rows) }
    /// Counts the rows the list makes from now on, when set (tests).
    public var rowBuilds: RowBuildCounter? {
        didSet { rebuildRows() }
    }

    /// Focuses a customer's row if it is listed (Confirmation › Done brings the new
    /// customer back focused).
    public func focus(_ customer: CustomerID) {
        tree.select(.customer(customer))
    }
    public var query: String { filter.query }
    /// The reseller picker's rows while it is open (nil is "All resellers").
    public var pickerListing: [AccountID?]? { picker?.listed }

    private var focused: CustomerTreeRow? { tree.selected }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard !filter.isEditing, picker == nil else { return false }
            let row = focused
            switch action {
            case .expand: return row.map { $0.isCustomer && !expanded.contains($0.customer) } ?? false
            case .collapse: return row.map { $0.isCustomer && expanded.contains($0.customer) } ?? false
            case .collapseParent: return row.map { !$0.isCustomer } ?? false
            case .openSubscription:
                if case .subscription? = row { return true }
                return false
            case .runAction:
                if case .action? = row { return true }
                return false
            case .pickReseller: return kind == .indirectProvider && sharedWith == nil
            case .export: return !matched.isEmpty || isCounting
            case .requestNewCustomer: return kind == .indirectReseller
            case .addCustomer: return kind == .indirectProvider && sharedWith == nil
            }
        }
    }

    public var keyHints: [KeyHint] {
        if let picker { return picker.keyHints }
        if filter.isEditing { return filter.keyHints }
        return tree.keyHints + filter.keyHints + available.hints
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var (listArea, footer) = area.splitBottom(1)
        if filter.isActive {
            let (top, filterRow) = listArea.splitBottom(1)
            listArea = top
            filter.render(into: &grid, area: filterRow)
            renderMatchNote(into: &grid, area: filterRow, domainShown: tree.showsCustomerColumn(1, width: listArea.width))
        }
        let model = session.model
        listHeight = max(1, listArea.height - 1)
        tree.render(into: &grid, area: listArea, focused: picker == nil && !filter.isEditing) { [self] row in
            line(for: row, model: model)
        }
        renderFooter(into: &grid, area: footer)
        picker?.render(into: &grid, over: area)
    }

    /// Why the focused customer matched, when the text was found in a field its row does
    /// not show: at the right of the filter's row, dim, after the query.
    private func renderMatchNote(into grid: inout CellGrid, area: Rect, domainShown: Bool) {
        guard case .customer(let id)? = focused, let customer = session.model.customers[id],
              let note = MatchNote.text(customer.filterMatch(filter.query), domainShown: domainShown) else { return }
        let room = area.width - DisplayText.width(of: filter.query) - 6
        guard room > 12 else { return }
        let width = min(DisplayText.width(of: note), room)
        grid.write(DisplayText(note), row: area.row, col: area.right - width, width: width, alignment: .leading, style: .dim)
    }

    private func renderFooter(into grid: inout CellGrid, area: Rect) {
        let count = isCounting ? "counting… \(matched.count) of \(search.index.count)"
            : matched.count == search.index.count ? "\(matched.count) customers" : "\(matched.count) of \(search.index.count)"
        let countWidth = DisplayText.width(of: count)
        grid.write(count, row: area.row, col: area.right - countWidth, style: .dim)
        // Whole actions only, in table order, as many as fit beside the count.
        ActionBar.render(available.only({ Self.pageActions.contains($0) }).hints, into: &grid,
                         area: Rect(row: area.row, col: area.col, height: 1, width: max(0, area.width - countWidth - 2)))
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if picker != nil { return handlePicker(key) }
        switch filter.handle(key) {
        case .changed:
            applyFilters()
            return ScreenAction.handled
        case .handled:
            return ScreenAction.handled
        case .ignored:
            if filter.isEditing { return nil }
        }
        if let move = ListAction.keymap.action(for: key) {
            // A move goes from where a whole search left the focus.
            if isCounting, tree.needsRowsBelow(for: move) { finishSearch() } else { settleFocus() }
        }
        if tree.handle(key) {
            placeBeforeQuery = nil
            return ScreenAction.handled
        }
        guard let action = available.action(for: key) else {
            return Self.keymap.unavailable(key, in: available, because: whyNot)
        }
        return perform(action)
    }

    /// Why a page action does nothing now; nil for the row keys, and for actions that are
    /// never this account's (a reseller has no reseller filter).
    private func whyNot(_ action: Action) -> String? {
        switch action {
        case .export where matched.isEmpty: return "Nothing to export: no customer is listed"
        case .pickReseller where kind == .indirectProvider, .addCustomer where kind == .indirectProvider:
            return "\(Self.keymap.help(for: action) ?? ""): not on this list, the customers shared with "
                + session.model.partnerName(sharedWith) + " (open Customers from the menu)"
        default: return nil
        }
    }

    // MARK: Actions

    private func perform(_ action: Action) -> ScreenAction? {
        switch action {
        case .expand:
            guard let row = focused else { return nil }
            expanded.insert(row.customer)
            rebuildRows()
            tree.reveal(following: record(of: row.customer, model: session.model).count)
        case .collapse, .collapseParent:
            guard let row = focused else { return nil }
            expanded.remove(row.customer)
            tree.select(.customer(row.customer))
            rebuildRows()
        case .openSubscription:
            guard case .subscription(_, let subscription)? = focused else { return nil }
            return .push(SubscriptionDetailScreen(session: session, subscription: subscription))
        case .runAction:
            guard case .action(let customer, let recordAction)? = focused else { return nil }
            return run(recordAction, for: customer)
        case .pickReseller:
            guard let me else { return nil }
            let choices = resellerChoices
                ?? session.resellerChoices.choices(listing: Self.resellersToPick(session.model, me: me, current: resellerFilter))
            resellerChoices = choices
            picker = ResellerPicker(choices: choices, selected: resellerFilter)
        case .export:
            finishSearch()
            return export()
        case .addCustomer:
            // Rule 9 before the form is filled, as Add subscription says it.
            guard session.user?.isAdminAgent == true else {
                return .message("Needs admin agent: only users with the Admin agent role add customers (Account settings › User management)")
            }
            // Filtered by a reseller the provider works with, that reseller is preselected (rule 4).
            let preselected = resellerFilter.flatMap { id in me.flatMap { session.model.activePartnership(provider: $0, reseller: id) }.map { _ in id } }
            return .push(NewCustomerScreen(session: session, reseller: preselected))
        case .requestNewCustomer:
            // The Draft email page drafts at once and shows the domain's refusal, if any.
            return .push(DraftEmailScreen(session: session, target: .customer(email: "", existing: nil)))
        }
        return ScreenAction.handled
    }

    private func run(_ action: CustomerRecordAction, for customer: CustomerID) -> ScreenAction {
        switch action {
        case .addSubscription:
            // Rule 9, said before a cart is filled rather than at Submit.
            guard session.user?.isAdminAgent == true else {
                return .message("Needs admin agent: only users with the Admin agent role order for customers (Account settings › User management)")
            }
            return .push(NewSubscriptionScreen(session: session, customer: customer))
        case .requestRelationship:
            let email = session.model.customers[customer]?.billingProfile.email ?? ""
            return .push(DraftEmailScreen(session: session, target: .customer(email: email, existing: customer)))
        case .removeResellerOfRecord(let partner, let name):
            let customerName = session.model.customers[customer]?.name ?? "the customer"
            let what = partner == me
                ? "You lose delegated admin access to \(customerName) and it leaves your Customers list."
                : "\(name) loses delegated admin access to \(customerName)."
            return .confirm(title: "Remove reseller of record?",
                            message: [what + " Subscriptions stop naming it partner of record or support contact. "
                                      + "Every subscription must be suspended first (rule 8)."],
                            choices: ConfirmChoices(keep: "Keep it", proceed: "Remove")) { [session] in
                do {
                    return .message(try session.execute(.removeResellerRelationship(customer: customer, partner: partner)).message)
                } catch {
                    return .message(CommandFailure.message(error, doing: "Not removed"))
                }
            }
        }
    }

    private func handlePicker(_ key: KeyEvent) -> ScreenAction? {
        guard var current = picker else { return nil }
        let outcome = current.handle(key)
        picker = current
        switch outcome {
        case .ignored:
            return nil
        case .handled:
            break
        case .cancelled:
            picker = nil
        case .chosen(let reseller):
            picker = nil
            // The choices hold the filtered reseller even after its partnership ended.
            if reseller != resellerFilter { resellerChoices = nil }
            resellerFilter = reseller
            applyScope()
        }
        return ScreenAction.handled
    }

    /// The resellers in an active partnership with `me`, and the one filtered by now if
    /// the partnership has ended since, so the picker still shows what is chosen.
    private static func resellersToPick(_ model: PartnerModel, me: AccountID, current: AccountID?) -> [PartnerAccount] {
        var resellers = model.partneredResellersUnsorted(of: me)
        if let current, !resellers.contains(where: { $0.id == current }), let account = model.accounts[current] {
            resellers.append(account)
        }
        return resellers
    }

    private func export() -> ScreenAction {
        let model = session.model
        return .message(session.exportList(model.exportCustomers(listedCustomers.compactMap { model.customers[$0] }),
                                           noun: "customer", stem: "customers"))
    }

    /// A path with the home folder written `~`, so it fits the message line.
    // MARK: Filtering

    /// Rule 6: the customers this account is reseller of record for, or only those it
    /// shares with `sharedWith`.
    private static func scopeIds(_ model: PartnerModel, me: AccountID?, sharedWith: AccountID?) -> CustomerIdSet {
        guard let me else { return [] }
        if let sharedWith { return model.sharedCustomerIds(me, sharedWith) }
        return model.customerIds(visibleTo: me)
    }

    /// The reseller filter: the customers the provider shares with that reseller, from
    /// the model's index; no row is scanned.
    private func applyScope() {
        if let resellerFilter, let me {
            search.setScope(search.index.positions(of: session.model.sharedCustomerIds(me, resellerFilter)))
        } else {
            search.setScope(nil)
        }
        applyFilters()
    }

    /// A key reads until the screen is full (and the focused customer's place is read), or
    /// for `pacing.keystroke`; the pauses between keys read the rest.
    private func applyFilters() {
        if !filter.query.isEmpty { prepareTrigrams() }
        let place = placeAfterLastQuery()
        search.start(filter.query)
        if pacing.wholeAtEveryKey {
            search.finish()
        } else {
            read(finding: max(place.cursor.index, place.cursor.offset) + listHeight + 1, through: position(of: place),
                 for: pacing.keystroke)
        }
        placeBeforeQuery = hasWorkBetweenKeys ? place : nil
        showMatches(from: place)
    }

    /// Where a whole search would have left the focus after the query before this key:
    /// the list's own place once that query had settled it; else worked out from the rows
    /// it read, when they decide it; else (the query is skipped) the place before it.
    private func placeAfterLastQuery() -> CustomerTree.Place {
        guard let before = placeBeforeQuery else { return tree.place }
        let last = search.run
        if skippedQueries.isEmpty, let after = settledPlace(from: before, by: last) { return after }
        skippedQueries.append(last)
        return before
    }

    /// The place a frame of `run`'s rows leaves from `place`, when the rows it has read
    /// decide it: the focused customer's row is read, and a screenful below the focus, so
    /// rows still unread could move neither the focus nor the scroll. Nil until then.
    private func settledPlace(from place: CustomerTree.Place, by run: CustomerSearchRun) -> CustomerTree.Place? {
        guard run.isComplete || run.hasRead(through: position(of: place)) else { return nil }
        let rows = treeRows(run.found, counter: nil)
        let after = tree.place(showing: rows, from: place, height: listHeight)
        guard run.isComplete || rows.count > max(after.cursor.index, place.cursor.offset) + listHeight else { return nil }
        return after
    }

    /// The focused customer's position in the index; -1 for none.
    private func position(of place: CustomerTree.Place) -> Int {
        place.selected.flatMap { search.index.position(of: $0.customer) } ?? -1
    }

    public var hasWorkBetweenKeys: Bool { isCounting || !skippedQueries.isEmpty }

    /// A slice of the pauses' reading (`pacing.slice`): the skipped queries until the focus
    /// is placed as a whole search would have, then more rows, and the count once done.
    public func workBetweenKeys() -> Bool {
        guard hasWorkBetweenKeys else { return false }
        // The list lets go of the rows it shows, so the search adds to them in place
        // instead of copying every position found so far at each slice.
        matched = []
        tree.releaseRows()
        let clock = ContinuousClock()
        let start = clock.now
        repeat {
            if skippedQueries.isEmpty {
                search.advance(finding: .max, reading: pacing.rowsPerStep)
            } else {
                settleOldestSkippedQuery(reading: pacing.rowsPerStep)
            }
        } while hasWorkBetweenKeys && pacing.slice.map { clock.now - start < $0 } ?? false
        showMatches(from: placeBeforeQuery)
        if !hasWorkBetweenKeys { placeBeforeQuery = nil }
        return true
    }

    /// Reads the oldest skipped query on by `limit` rows, and once its rows decide where a
    /// whole search left the focus, starts the next query from there.
    private func settleOldestSkippedQuery(reading limit: Int) {
        guard let before = placeBeforeQuery else {
            skippedQueries = []
            return
        }
        skippedQueries[0].advance(in: search.index, finding: .max, through: position(of: before), reading: limit)
        if let after = settledPlace(from: before, by: skippedQueries[0]) {
            placeBeforeQuery = after
            skippedQueries.removeFirst()
        }
    }

    /// Reads what placing the focus as a whole search would still needs, and puts it
    /// there: before a key moves it, or the customers listed change.
    private func settleFocus() {
        while !skippedQueries.isEmpty { settleOldestSkippedQuery(reading: pacing.rowsPerStep) }
        guard let before = placeBeforeQuery else { return }
        var after = settledPlace(from: before, by: search.run)
        while after == nil {
            search.advance(finding: .max, through: position(of: before), reading: pacing.rowsPerStep)
            after = settledPlace(from: before, by: search.run)
        }
        showMatches(from: after)
        placeBeforeQuery = nil
    }

    /// Reads the search to its end: a key that goes past the rows found so far, or an export.
    private func finishSearch() {
        settleFocus()
        guard isCounting else { return }
        search.finish()
        showMatches(from: nil)
    }

    private func read(finding enough: Int, through position: Int = -1, for time: Duration?) {
        let clock = ContinuousClock()
        let start = clock.now
        repeat {
            search.advance(finding: enough, through: position, reading: pacing.rowsPerStep)
        } while isCounting && (search.run.found.count < enough || !search.run.hasRead(through: position))
            && time.map { clock.now - start < $0 } ?? false
    }

    private func showMatches(from place: CustomerTree.Place?) {
        matched = search.run.found
        rebuildRows(from: place)
    }

    /// At the first key typed into the filter, builds the index's trigram index on
    /// another thread (~0.1 s at 200k, seconds at 1M): the next keys scan as before until
    /// it is there, and none waits for it. A page nobody filters never builds it.
    private func prepareTrigrams() {
        guard !trigramsRequested else { return }
        trigramsRequested = true
        let index = search.index
        Thread.detachNewThread {
            Self.yieldToKeys()
            index.prepareTrigrams()
        }
    }

    /// Gives the calling thread the lowest CPU priority (nice 19, which Linux keeps per
    /// thread): on a busy 2-core machine the trigram index's build took a core the keys it
    /// is built for were waiting for.
    private nonisolated static func yieldToKeys() {
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        #endif
    }

    /// The tree's rows: every matched customer, and under each expanded one its record;
    /// only the records are made here, the customers' rows when they are drawn.
    private func rebuildRows(from place: CustomerTree.Place? = nil) {
        expanded = expanded.filter { visible.contains($0) }
        tree.setRows(treeRows(matched, counter: rowBuilds), from: place)
    }

    /// `matched` (positions in the index, ascending) as the tree's rows, each expanded
    /// customer's record after it.
    private func treeRows(_ matched: [Int], counter: RowBuildCounter?) -> CustomerTreeRows {
        // Expanded customers' places in `matched` (ascending), found by binary search
        // rather than by testing every row.
        var openings: [CustomerTreeRows.Opening] = []
        let model = session.model
        for id in expanded {
            guard let position = search.index.position(of: id) else { continue }
            let at = matched.partitionPoint { $0 < position }
            if at < matched.count, matched[at] == position { openings.append(.init(after: at, record: record(of: id, model: model))) }
        }
        openings.sort { $0.after < $1.after }
        return CustomerTreeRows(index: search.index, matched: matched, openings: openings, counter: counter)
    }

    private func record(of customer: CustomerID, model: PartnerModel) -> [CustomerTreeRow] {
        let subscriptions = model.subscriptions(of: customer)
        var rows: [CustomerTreeRow] = subscriptions.isEmpty ? [.noSubscriptions(customer)] : [.subscriptionsHeader(customer)]
        rows += subscriptions.map { .subscription(customer, $0.id) }
        rows.append(.action(customer, kind == .indirectProvider ? .addSubscription : .requestRelationship))
        rows += removableResellersOfRecord(customer, model: model).map { .action(customer, $0) }
        return rows
    }

    /// The relationships this account may remove: its own, and (provider) those of its
    /// resellers in an active partnership; resellers first.
    private func removableResellersOfRecord(_ customer: CustomerID, model: PartnerModel) -> [CustomerRecordAction] {
        guard let me, let relationships = model.customers[customer]?.relationships else { return [] }
        var actions: [CustomerRecordAction] = []
        for relationship in relationships where relationship.partnerId != me {
            guard kind == .indirectProvider, model.activePartnership(provider: me, reseller: relationship.partnerId) != nil else { continue }
            actions.append(.removeResellerOfRecord(relationship.partnerId, name: model.partnerName(relationship.partnerId)))
        }
        if relationships.contains(where: { $0.partnerId == me }) {
            actions.append(.removeResellerOfRecord(me, name: model.partnerName(me) + " (you)"))
        }
        return actions
    }

    /// After a change anywhere (a subscription added on the page this one opened), show
    /// the model as it is now. The index is rebuilt only when the set of customers
    /// changed: no command edits a customer's name, domain or contact once created.
    public func modelDidChange() {
        resellerChoices = nil
        let model = session.model
        let now = Self.scopeIds(model, me: me, sharedWith: sharedWith)
        if now != visible {
            // The skipped queries' rows are the old index's: the focus is placed first.
            settleFocus()
            let added = now.subtracting(visible)
            // Customers others added (the usual change) are merged into the index; any
            // other change of the visible set builds it again.
            let index = added.count == now.count - visible.count && added.count <= 10_000
                ? CustomerIndexCache.adding(added, to: search.index, visible: now, in: session)
                : CustomerIndexCache.index(of: now, in: session)
            visible = now
            search = CustomerSearch(index: index)
            trigramsRequested = false
            applyScope()
        } else {
            rebuildRows()
        }
    }

    // MARK: Rows

    private func line(for row: CustomerTreeRow, model: PartnerModel) -> CustomerTree.Line {
        switch row {
        case .customer(let id):
            guard let customer = model.customers[id] else { return CustomerTree.Line(.customer, []) }
            let partnerKind: PartnerAccount.Kind = kind == .indirectProvider ? .indirectReseller : .indirectProvider
            let partners = customer.relationships.compactMap { model.accounts[$0.partnerId] }
                .filter { $0.kind == partnerKind }.map(\.legalName)
            let since = customer.relationships.first { $0.partnerId == me }?.since ?? customer.createdAt
            return CustomerTree.Line(.customer, [
                customer.name, customer.companyProfile.domain, partners.isEmpty ? "—" : partners.joined(separator: ", "),
                model.subscriptionTally(of: id).label, session.day(since),
            ], style: expanded.contains(id) ? .bold : .plain)
        case .action(_, let action):
            return CustomerTree.Line(.span, ["› " + action.title], style: .bold)
        case .subscriptionsHeader, .noSubscriptions, .subscription:
            return SubscriptionCell.recordLine(row, Self.subscriptionCells, model: model, day: session.day,
                                               shortName: session.catalog.shortName(of:))
                ?? CustomerTree.Line(.span, [])
        }
    }
}
