import Foundation
import PartnerCore
import TerminalKit

/// Activity log (menu page): every change the account may see (rule 10),
/// newest first: when, who, what, to which resource, old → new. Narrowed by
/// user, operation and customer (pickers) and by `/` text; `e` exports what is
/// shown as CSV into the workspace's `exports/`.
@MainActor
public final class ActivityLogScreen: Screen {
    enum Action: Hashable, Sendable { case user, operation, customer, clear, export }
    enum PickerAction: Hashable, Sendable { case choose, cancel }

    static let keymap = Keymap<Action>("Activity log", [
        KeyBinding([.character("u")], .user, hint: "user", help: "show only the changes one user made"),
        KeyBinding([.character("o")], .operation, hint: "operation", help: "show only one kind of operation"),
        KeyBinding([.character("c")], .customer, hint: "customer", help: "show only the changes to one customer"),
        KeyBinding([.character("x")], .clear, hint: "clear", help: "clear the user, operation and customer filters"),
        KeyBinding([.character("e")], .export, hint: "export", help: "export the records shown as CSV to the workspace's exports/"),
    ])

    static let pickerKeymap = Keymap<PickerAction>("Filter by", [
        KeyBinding([.enter], .choose, hint: "choose", help: "filter by the selected value"),
        KeyBinding([.escape], .cancel, hint: "cancel", help: "close without changing the filter"),
    ])

    private struct Picker {
        let action: Action
        var list: SelectList<String>
    }

    private let session: DashboardSession
    private(set) var filter = AuditFilter()
    private var records: [AuditRowID: AuditRecord] = [:]
    private var list = FilteredTable<AuditRowID>(columns: [
        TableColumn("Date", .fixed(10)),
        TableColumn("Time", .fixed(5), hiddenBelow: 80),
        TableColumn("User", .flexible(min: 10)),
        // As wide as the longest short name at 80 columns, so none is cut.
        TableColumn("Operation", .flexible(min: OperationType.shortNameLimit)),
        TableColumn("Resource", .flexible(min: 10)),
        TableColumn("Change", .flexible(min: 20), hiddenBelow: 86),
    ], emptyText: "No activity matches the filters.")
    private var picker: Picker?
    private var notice: String?

    public init(session: DashboardSession) {
        self.session = session
        reload()
    }

    public var title: String { DashboardPage.activityLog.title }
    public var menuItemID: String? { DashboardPage.activityLog.rawValue }
    public var inputMode: InputMode { picker == nil && list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    /// The records on screen, in order: what `e` exports.
    var shownRecords: [AuditRecord] { list.table.ids.compactMap { records[$0] } }

    private var hasPickedFilter: Bool { filter.userPrincipalName != nil || filter.operationType != nil || filter.customerId != nil }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard !list.isTyping else { return false }
            switch action {
            case .clear: return hasPickedFilter
            case .export: return list.table.count > 0
            default: return true
            }
        }
    }

    public var keyHints: [KeyHint] {
        if let picker { return picker.list.keyHints + Self.pickerKeymap.hints }
        return list.keyHints + available.hints
    }

    /// Every change is audited, so every change adds a record here.
    public func modelDidChange() { reload() }

    private func reload() {
        guard let account = session.account else { return }
        let found: [AuditRecord]
        do {
            found = try session.model.auditRecords(visibleTo: account.id, filter: filter)
        } catch {
            // A snapshot damaged since the open: said on the page, never a record made up.
            notice = "The activity log cannot be read: \(error)"
            found = []
        }
        let ids = AuditRowID.ids(of: found)
        records = Dictionary(uniqueKeysWithValues: zip(ids, found).map { ($0, $1) })
        // No dates in the text filter: formatting one per record would slow every reload.
        list.setRows(ids) { [records] sequence in
            guard let r = records[sequence] else { return "" }
            return [r.userPrincipalName, r.operationType.displayName, r.operationType.rawValue, r.resourceName, r.oldValue,
                    r.newValue].joined(separator: " ")
        }
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        if var open = picker {
            if open.list.handle(key) {
                picker = open
                return .handled
            }
            switch Self.pickerKeymap.action(for: key) {
            case .choose:
                apply(open.action, open.list.selected?.id ?? "")
                picker = nil
            case .cancel:
                picker = nil
            case nil:
                return nil
            }
            return .handled
        }
        if list.handle(key) { return .handled }
        guard let action = available.action(for: key) else {
            return Self.keymap.unavailable(key, in: available, because: Self.whyNot)
        }
        switch action {
        case .user, .operation, .customer:
            picker = Picker(action: action, list: SelectList(options: options(for: action), selected: current(action)))
        case .clear:
            filter = AuditFilter()
            reload()
        case .export:
            notice = export()
        }
        return .handled
    }

    /// Why a filter key does nothing now (the pickers always open).
    private static func whyNot(_ action: Action) -> String? {
        switch action {
        case .clear: return "No user, operation or customer filter to clear"
        case .export: return "Nothing to export: no activity is shown"
        case .user, .operation, .customer: return nil
        }
    }

    /// The values a picker offers: "any" first, then what occurs in the records the account may see.
    private func options(for action: Action) -> [SelectList<String>.Option] {
        guard let account = session.account else { return [] }
        let model = session.model
        let all = (try? model.auditRecords(visibleTo: account.id)) ?? []
        switch action {
        case .user:
            let users = Set(all.map(\.userPrincipalName)).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            return [.init("", "Any user")] + users.map { .init($0, $0.isEmpty ? "(no user)" : $0) }
        case .operation:
            let present = Set(all.map(\.operationType))
            return [.init("", "Any operation")]
                + OperationType.allCases.filter(present.contains).map { .init($0.rawValue, $0.displayName) }
        case .customer:
            // Rule 6: only customers the account may see, even if a record names another.
            let ids = JumpScreen.byName(Set(all.compactMap(\.customerId)).compactMap { model.customer($0, visibleTo: account.id) }, \.name)
            return [.init("", "Any customer")] + ids.map { .init($0.id.description, $0.name) }
        case .clear, .export:
            return []
        }
    }

    private func current(_ action: Action) -> String {
        switch action {
        case .user: return filter.userPrincipalName ?? ""
        case .operation: return filter.operationType?.rawValue ?? ""
        case .customer: return filter.customerId?.description ?? ""
        case .clear, .export: return ""
        }
    }

    private func apply(_ action: Action, _ value: String) {
        switch action {
        case .user: filter.userPrincipalName = value.isEmpty ? nil : value
        case .operation: filter.operationType = OperationType(rawValue: value)
        case .customer: filter.customerId = Ident(value)
        case .clear, .export: return
        }
        notice = nil
        reload()
    }

    // MARK: Export

    /// The records shown (filters honoured), as `partnerdash export log` writes them.
    private func export() -> String {
        session.exportList(PartnerModel.exportAuditRecords(shownRecords), noun: "record", stem: "activity-log")
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        var y = area.row
        var x = area.col
        let model = session.model
        let parts: [(String, String?)] = [
            ("User", filter.userPrincipalName),
            ("Operation", filter.operationType?.displayName),
            ("Customer", filter.customerId.map { id in model.customers[id]?.name ?? id.short }),
        ]
        for (i, part) in parts.enumerated() {
            let sep = i == 0 ? "" : " · "
            x += grid.write(sep + part.0 + ": ", row: y, col: x, maxWidth: area.right - x)
            x += grid.write(part.1 ?? "any", row: y, col: x, maxWidth: area.right - x, style: part.1 == nil ? .dim : .bold)
        }
        y += 1
        if let notice {
            y = Paragraph.write(notice, into: &grid, area: Rect(row: y, col: area.col, height: 2, width: area.width), row: y, style: .bold)
        }
        let (tableArea, detailArea) = Rect(row: y, col: area.col, height: area.bottom - y, width: area.width).splitBottom(4)
        list.render(into: &grid, area: tableArea, focused: picker == nil) { [records, session] sequence in
            guard let r = records[sequence] else { return TableRow([]) }
            let minute = session.minute(r.operationDate)
            return TableRow([String(minute.prefix(10)), String(minute.suffix(5)), r.userPrincipalName, r.operationType.displayName,
                             r.resourceName, Self.change(r)], shorter: [3: r.operationType.shortDisplayName])
        }
        renderDetail(into: &grid, area: detailArea)
        if let picker { renderPicker(picker, into: &grid, area: area) }
    }

    static func change(_ r: AuditRecord) -> String {
        r.oldValue.isEmpty ? r.newValue : "\(r.oldValue) → \(r.newValue)"
    }

    /// The selected record in full, since narrow columns cut it.
    private func renderDetail(into grid: inout CellGrid, area: Rect) {
        guard area.height > 0, let sequence = list.selectedID, let r = records[sequence] else { return }
        let rule = String(repeating: "─", count: area.width)
        grid.write(rule, row: area.row, col: area.col, maxWidth: area.width, style: .dim)
        var resource = r.resourceName
        if let id = r.customerId, let account = session.account, let c = session.model.customer(id, visibleTo: account.id),
           c.name != r.resourceName {
            resource += " · customer \(c.name)"
        }
        let who = r.userPrincipalName.isEmpty ? "" : " · " + r.userPrincipalName
        // The operation first: a narrow page cuts the user, whom the table's column shows.
        grid.write("\(r.operationType.displayName) · \(session.minute(r.operationDate))\(who)", row: area.row + 1, col: area.col,
                   maxWidth: area.width, style: .bold)
        grid.write(resource, row: area.row + 2, col: area.col, maxWidth: area.width)
        let change = Self.change(r)
        grid.write(change.isEmpty ? "no value recorded" : change, row: area.row + 3, col: area.col, maxWidth: area.width,
                   style: change.isEmpty ? .dim : .plain)
    }

    private func renderPicker(_ picker: Picker, into grid: inout CellGrid, area: Rect) {
        var list = picker.list
        let widest = list.options.map { DisplayText.width(of: $0.title) }.max() ?? 10
        let box = area.centered(height: min(list.options.count + 2, area.height), width: min(widest + 6, area.width))
        grid.fill(box)
        let what: String
        switch picker.action {
        case .user: what = "Filter by user"
        case .operation: what = "Filter by operation"
        default: what = "Filter by customer"
        }
        grid.drawBox(box, title: what, style: .bold)
        list.render(into: &grid, area: box.interior.inset(left: 1, right: 1), focused: true)
        self.picker?.list = list
    }
}

extension DashboardSession {
    /// `2026-10-02 14:05` in the session's time zone.
    func minute(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return day(date) + String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }
}

/// A row of the log: the record's sequence, and its place among the records that share it
/// (an import's one journal record audits every row at one sequence).
struct AuditRowID: Hashable {
    var sequence: UInt64
    var position: Int

    /// The ids of records in log order (either way), where those of one sequence are adjacent.
    static func ids(of records: [AuditRecord]) -> [AuditRowID] {
        var previous: AuditRowID?
        return records.map { record in
            let id = AuditRowID(sequence: record.sequence,
                                position: previous.map { $0.sequence == record.sequence ? $0.position + 1 : 0 } ?? 0)
            previous = id
            return id
        }
    }
}
