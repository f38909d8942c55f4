import PartnerCore
import TerminalKit

/// The Customers page's reseller filter (`f`): "All resellers" and each reseller the
/// provider is in an active partnership with, in a box over the list.
struct ResellerPicker: Sendable {
    enum Action: Hashable, Sendable { case choose, cancel }

    static let keymap = Keymap<Action>("Reseller filter", [
        KeyBinding([.enter], .choose, hint: "choose", help: "list the customers of this reseller (All: every customer)"),
        KeyBinding([.escape], .cancel, hint: "cancel", help: "close the list and keep the filter as it was"),
    ])

    enum Outcome: Equatable, Sendable {
        case ignored, handled, cancelled
        /// nil is "All resellers".
        case chosen(AccountID?)
    }

    static let allTitle = "All resellers"
    private var list: SelectList<AccountID?>

    init(resellers: [PartnerAccount], selected: AccountID?) {
        let options = [SelectList<AccountID?>.Option(nil, Self.allTitle)]
            + resellers.map { SelectList<AccountID?>.Option($0.id, $0.legalName) }
        list = SelectList(options: options, selected: selected)
    }

    var keyHints: [KeyHint] { list.keyHints + Self.keymap.hints }

    mutating func handle(_ key: KeyEvent) -> Outcome {
        if list.handle(key) { return .handled }
        switch Self.keymap.action(for: key) {
        case .choose: return .chosen(list.selected?.id ?? nil)
        case .cancel: return .cancelled
        case nil: return .ignored
        }
    }

    mutating func render(into grid: inout CellGrid, over area: Rect) {
        let widest = list.options.map { DisplayText.width(of: $0.title) }.max() ?? 0
        let box = area.centered(height: list.options.count + 2, width: max(widest + 6, 28))
        grid.fill(box)
        grid.drawBox(box, title: "Filter by reseller", style: .bold)
        list.render(into: &grid, area: box.interior.inset(left: 1, right: 1), focused: true)
    }
}
