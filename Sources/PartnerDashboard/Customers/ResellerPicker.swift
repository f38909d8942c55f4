import PartnerCore
import TerminalKit

/// The Customers page's reseller filter (`f`): "All resellers" and each reseller the
/// provider is in an active partnership with, in a box over the list. Typing narrows
/// the list by the Customers filter's rule (`NameSearch`); with 200 resellers three
/// letters find one.
struct ResellerPicker: Sendable {
    enum Action: Hashable, Sendable { case choose, cancel }

    static let keymap = Keymap<Action>("Reseller filter", [
        KeyBinding([.enter], .choose, hint: "choose", help: "list the customers of this reseller (All: every customer)"),
        KeyBinding([.escape], .cancel, hint: "cancel", help: "close the list and keep the filter as it was"),
    ])

    /// Letters are typed, so only the keys that are not characters move.
    static let moveKeys = ListAction.keymapWithoutLetters

    enum Outcome: Equatable, Sendable {
        case ignored, handled, cancelled
        /// nil is "All resellers".
        case chosen(AccountID?)
    }

    static let allTitle = "All resellers"
    private let resellers: [PartnerAccount]
    private var search: NameSearch
    private var typed = TypeAhead()
    private var list: SelectList<AccountID?>

    init(resellers: [PartnerAccount], selected: AccountID?) {
        self.resellers = resellers
        search = NameSearch(resellers.map(\.legalName))
        list = SelectList(options: Self.options(resellers[...], all: true), selected: selected)
    }

    private static func options(_ resellers: ArraySlice<PartnerAccount>, all: Bool) -> [SelectList<AccountID?>.Option] {
        (all ? [SelectList<AccountID?>.Option(nil, allTitle)] : []) + resellers.map { SelectList<AccountID?>.Option($0.id, $0.legalName) }
    }

    /// What was typed, for tests.
    var query: String { typed.query }
    /// The resellers listed now (nil is "All resellers").
    var listed: [AccountID?] { list.options.map(\.id) }

    /// Choosing needs a row: when nothing matches, Enter does nothing. Esc clears what was
    /// typed first (`TypeAhead`), and only then cancels.
    private var available: Keymap<Action> {
        Self.keymap.only { action in action == .cancel ? typed.isEmpty : list.selected != nil }
    }

    var keyHints: [KeyHint] { Self.moveKeys.hints + typed.keyHints + available.hints }

    mutating func handle(_ key: KeyEvent) -> Outcome {
        if typed.handle(key) {
            narrow()
            return .handled
        }
        if Self.moveKeys.action(for: key) != nil, list.handle(key) { return .handled }
        switch available.action(for: key) {
        case .choose: return .chosen(list.selected?.id ?? nil)
        case .cancel: return .cancelled
        case nil: return .ignored
        }
    }

    /// "All resellers" is not a reseller: it is listed only while nothing is typed.
    private mutating func narrow() {
        let found = search.positions(matching: typed.query)
        list.setOptions(Self.options(found.map { resellers[$0] }[...], all: typed.isEmpty))
        if list.selected == nil, let first = list.options.first { list.select(first.id) }
    }

    mutating func render(into grid: inout CellGrid, over area: Rect) {
        let widest = ([Self.allTitle] + resellers.map(\.legalName)).map { DisplayText.width(of: $0) }.max() ?? 0
        // Sized for the whole list, so the box stays put while it narrows.
        let box = area.centered(height: resellers.count + 4, width: max(widest + 6, 32))
        grid.fill(box)
        grid.drawBox(box, title: "Filter by reseller", style: .bold)
        let inside = box.interior.inset(left: 1, right: 1)
        let (findRow, rows) = inside.splitTop(1)
        typed.render(into: &grid, area: findRow, matching: list.options.count, of: resellers.count)
        if list.options.isEmpty {
            grid.write("No reseller matches.", row: rows.row, col: rows.col + 2, maxWidth: rows.width - 2, style: .dim)
        } else {
            list.render(into: &grid, area: rows, focused: true)
        }
    }
}
