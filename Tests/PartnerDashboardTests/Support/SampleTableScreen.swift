import PartnerDashboard
import TerminalKit

/// A table page with the awkward rows real data brings: wide characters,
/// precomposed and decomposed accents, emoji and an escape sequence.
@MainActor
final class SampleTableScreen: Screen {
    enum Action: Hashable, Sendable { case open, copy }

    static let keymap = Keymap<Action>("Resellers", [
        KeyBinding([.enter], .open, hint: "open", help: "open the reseller"),
        KeyBinding([.character("c")], .copy, hint: "copy", help: "copy the reseller's name"),
    ])

    static let names = [
        "Fabrikam Solutions", "日本システム株式会社", "Café Société", "Cafe\u{301} Décomposé",
        "Evil \u{1B}[31mRed\u{1B}[0m", "Emoji 🎉 Party", "Tailspin IT",
    ] + (1...60).map { "Reseller \($0)" }

    var title: String { "Indirect resellers" }
    var menuItemID: String? { "resellers" }
    var table = TableView<Int>(columns: [
        TableColumn("Reseller", .flexible(min: 20)),
        TableColumn("MPN ID", .fixed(7), alignment: .trailing),
        TableColumn("Customers", .fixed(9), alignment: .trailing),
        TableColumn("Since", .fixed(10)),
    ], emptyText: "No resellers match the filter.")
    var filter = FilterBar()
    var opened: [Int] = []

    init(rows: Int = names.count) {
        table.setRows(Array(0..<rows))
    }

    var inputMode: InputMode { filter.isEditing ? .text : .navigation }
    var pageNote: String? { filter.isActive ? nil : "/ filter" }

    var keyHints: [KeyHint] {
        if filter.isEditing { return filter.keyHints }
        return table.keyHints + filter.keyHints + Self.keymap.hints
    }

    func render(into grid: inout CellGrid, area: Rect) {
        var tableArea = area
        if filter.isActive {
            let (top, bottom) = area.splitBottom(1)
            tableArea = top
            filter.render(into: &grid, area: bottom)
        }
        table.render(into: &grid, area: tableArea, focused: true) { i in
            TableRow([Self.names[i], String(4_800_000 + i), i % 3 == 0 ? "–" : String(i * 7), "2026-10-02"])
        }
    }

    func handle(key: KeyEvent) -> ScreenAction? {
        switch filter.handle(key) {
        case .changed(let query):
            table.setRows(Self.names.indices.filter { query.isEmpty || Self.names[$0].localizedCaseInsensitiveContains(query) })
            return ScreenAction.handled
        case .handled:
            return ScreenAction.handled
        case .ignored:
            break
        }
        if filter.isEditing { return nil }
        if table.handle(key) { return ScreenAction.handled }
        switch Self.keymap.action(for: key) {
        case .open:
            if let id = table.selectedID { opened.append(id) }
            return ScreenAction.handled
        case .copy:
            guard let id = table.selectedID else { return ScreenAction.handled }
            return .copyToClipboard(ClipboardCopy(Self.names[id], what: "the name", otherwise: "it is shown in the table"))
        case nil:
            return nil
        }
    }
}
