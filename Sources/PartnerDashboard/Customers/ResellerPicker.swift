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

    /// The resellers to pick from, sorted, folded for type-ahead and measured once per
    /// list of resellers (`ResellerChoicesCache`), so `f` sorts nothing.
    struct Choices: Sendable {
        let resellers: [PartnerAccount]
        let search: NameSearch
        /// The widest name (or "All resellers"), which sizes the box.
        let widest: Int
        private let positionById: [AccountID: Int]

        init(_ resellers: [PartnerAccount]) {
            self.resellers = resellers
            search = NameSearch(resellers.map(\.legalName))
            widest = ([ResellerPicker.allTitle] + resellers.map(\.legalName)).map { DisplayText.width(of: $0) }.max() ?? 0
            positionById = Dictionary(resellers.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        }

        func position(of id: AccountID) -> Int? { positionById[id] }
    }

    private let choices: Choices
    private var search: NameSearch
    private var typed = TypeAhead()
    /// The resellers listed now, as positions in `choices` (ascending); a row's name is
    /// asked for only when it is drawn.
    private var found: [Int]
    /// Over "All resellers" (while nothing is typed) and `found`.
    private var cursor: ListCursor

    init(choices: Choices, selected: AccountID?) {
        self.choices = choices
        search = choices.search
        found = Array(choices.resellers.indices)
        cursor = ListCursor(count: found.count + 1)
        if let selected, let position = choices.position(of: selected) { cursor.select(position + 1) }
    }

    /// What was typed, for tests.
    var query: String { typed.query }
    /// "All resellers" is not a reseller: it is listed only while nothing is typed.
    private var listsAll: Bool { typed.isEmpty }
    private var rowCount: Int { found.count + (listsAll ? 1 : 0) }

    /// The reseller on a row; nil is "All resellers".
    private func reseller(at row: Int) -> AccountID? {
        listsAll ? (row == 0 ? nil : choices.resellers[found[row - 1]].id) : choices.resellers[found[row]].id
    }

    /// The row of a reseller (nil: "All resellers") if it is listed.
    private func row(of reseller: AccountID?) -> Int? {
        guard let reseller else { return listsAll ? 0 : nil }
        guard let position = choices.position(of: reseller) else { return nil }
        let at = found.partitionPoint { $0 < position }
        guard at < found.count, found[at] == position else { return nil }
        return at + (listsAll ? 1 : 0)
    }

    /// The resellers listed now (nil is "All resellers"), every one made: for tests.
    var listed: [AccountID?] { (0..<rowCount).map(reseller(at:)) }

    /// Choosing needs a row: when nothing matches, Enter does nothing. Esc clears what was
    /// typed first (`TypeAhead`), and only then cancels.
    private var available: Keymap<Action> {
        Self.keymap.only { action in action == .cancel ? typed.isEmpty : cursor.selection != nil }
    }

    var keyHints: [KeyHint] { Self.moveKeys.hints + typed.keyHints + available.hints }

    mutating func handle(_ key: KeyEvent) -> Outcome {
        if typed.handle(key) {
            narrow()
            return .handled
        }
        if let move = Self.moveKeys.action(for: key) {
            cursor.apply(move)
            return .handled
        }
        switch available.action(for: key) {
        case .choose: return .chosen(cursor.selection.flatMap(reseller(at:)))
        case .cancel: return .cancelled
        case nil: return .ignored
        }
    }

    /// The focus stays on its reseller while it is listed, else on the row at its place.
    private mutating func narrow() {
        let kept = cursor.selection.map(reseller(at:))
        found = search.positions(matching: typed.query)
        cursor.setCount(rowCount, selecting: kept.flatMap(row(of:)))
    }

    mutating func render(into grid: inout CellGrid, over area: Rect) {
        // Sized for the whole list, so the box stays put while it narrows.
        let box = area.centered(height: choices.resellers.count + 4, width: max(choices.widest + 6, 32))
        grid.fill(box)
        grid.drawBox(box, title: "Filter by reseller", style: .bold)
        let inside = box.interior.inset(left: 1, right: 1)
        let (findRow, rows) = inside.splitTop(1)
        typed.render(into: &grid, area: findRow, matching: rowCount, of: choices.resellers.count)
        guard rowCount > 0 else {
            grid.write("No reseller matches.", row: rows.row, col: rows.col + 2, maxWidth: rows.width - 2, style: .dim)
            return
        }
        guard rows.height > 0 else { return }
        cursor.layout(height: rows.height)
        let (choices, found, listsAll) = (choices, found, listsAll)
        SelectList<AccountID?>.drawVisible(cursor, into: &grid, area: rows, focused: true) { row in
            listsAll && row == 0 ? Self.allTitle : choices.resellers[found[row - (listsAll ? 1 : 0)]].legalName
        }
    }
}
