import PartnerCore
import TerminalKit

/// The New subscription page's state: the offer catalog with its search, the
/// offers ticked and how many licenses each, the partner of record, and where
/// focus is. It lives in the wizard, so Back and Next find it as it was left.
struct OfferPicker {
    enum PickerButton: Hashable, Sendable { case next, back, cancel }

    /// The parts of the page Tab moves between, top to bottom.
    enum Zone: Hashable, Sendable {
        case offers, partner
        case button(PickerButton)
    }

    enum Action: Hashable, Sendable { case toggle, digit(Int), more, fewer, erase, search(Character) }
    enum Move: Hashable, Sendable { case next, previous }

    enum Outcome: Equatable {
        case ignored, handled
        case pressed(PickerButton)
    }

    /// Letters start the catalog search; digits stay license counts.
    static let searchLetters: [Character] = (UInt8(ascii: "a")...UInt8(ascii: "z")).flatMap { byte -> [Character] in
        let c = Character(Unicode.Scalar(byte))
        return [c, Character(c.uppercased())]
    }

    static let keymap = Keymap<Action>("New subscription", [
        KeyBinding([.space, .enter], .toggle, label: "Space Enter", hint: "tick", help: "tick or untick the offer"),
        KeyBinding((0...9).map { (KeyEvent.character(Character(String($0))), Action.digit($0)) },
                   label: "0-9", hint: "licenses", help: "type the number of licenses (ticks the offer)"),
        KeyBinding([(.character("+"), .more), (.character("-"), .fewer)], label: "+ -", help: "one license more or fewer"),
        KeyBinding([.backspace], .erase, help: "delete the last digit of the license count"),
        // Out of the bar (the page says it above the list), so Tab keeps its place there.
        KeyBinding(searchLetters.map { (KeyEvent.character($0), Action.search($0)) }, label: "a-z", hint: nil,
                   help: "type an offer's name: the list narrows as you type (Backspace widens, Esc clears)"),
    ])

    static let tabKeys = Keymap<Move>("New subscription", [
        KeyBinding([(.tab, .next), (.backTab, .previous)], label: "Tab S-Tab", hint: "next/prev",
                   help: "next or previous part of the page: offers, partner of record, buttons"),
    ])
    /// Outside the list, ↓ ↑ move between the parts of the page as in a form.
    static let arrowKeys = Keymap<Move>("New subscription", [
        KeyBinding([(.down, .next), (.up, .previous)], label: "↓↑", help: "next or previous part of the page (outside the list)"),
    ])

    static let maxDigits = 6

    let offers: [Offer]
    let buttons: [Button<PickerButton>]
    /// Ticked offers and their license counts as typed (digits, maybe empty).
    private(set) var picks: [String: String] = [:]
    var table = TableView<String>(columns: [
        TableColumn("", .fixed(3)),
        TableColumn("Offer", .flexible(min: 16)),
        TableColumn("Licenses", .fixed(8), alignment: .trailing),
        TableColumn("Range", .fixed(9)),
        TableColumn("Term", .fixed(7), hiddenBelow: 80),
        TableColumn("Billing", .fixed(7), hiddenBelow: 80),
        TableColumn("Price", .fixed(8), alignment: .trailing, hiddenBelow: 80),
    ], emptyText: "No offer matches the search.")
    private(set) var filter = FilterBar()
    private var search: NameSearch
    private(set) var zone: Zone = .offers
    private(set) var partnerOptions: [AccountID?] = [nil]
    private(set) var partner = ChoiceField(label: "Partner of record", options: ["None"])
    /// Once the user picks a partner of record, going back and changing the
    /// customer's reseller no longer overrides it.
    private var partnerChosen = false
    /// The offer the last digit went to: typing on another offer starts its count afresh.
    private var typingOn: String?

    init(offers: [Offer], hasBack: Bool) {
        self.offers = offers
        search = NameSearch(offers.map { [$0.name, $0.id, $0.termDuration.label, $0.billingCycle.rawValue].joined(separator: " · ") })
        buttons = [Button(.next, "Next: Review")] + (hasBack ? [Button(.back, "Back")] : [])
            + [Button(.cancel, "Cancel")]
        applyFilter()
    }

    // MARK: State

    var isTyping: Bool { zone == .offers && filter.isEditing }
    /// Esc clears an active search before it means Cancel.
    var claimsEscape: Bool { zone == .offers && filter.isActive }
    var hasPicks: Bool { !picks.isEmpty }
    var focusedOffer: Offer? { table.selectedID.flatMap(offer) }
    var selectedPartner: AccountID? { partnerOptions[partner.selectedIndex] }

    func offer(_ id: String) -> Offer? { offers.first { $0.id == id } }
    func countText(_ id: String) -> String? { picks[id] }

    /// The ticked offers, in catalog order (the order of the cart's lines).
    var picked: [Offer] { offers.filter { picks[$0.id] != nil } }

    func quantity(_ offer: Offer) -> Int? { picks[offer.id].flatMap { Int($0) } }

    /// Why a ticked offer's count cannot be ordered (rule 8), or nil.
    func problem(_ offer: Offer) -> String? {
        guard let text = picks[offer.id] else { return nil }
        let range = "\(offer.minimumQuantity)–\(offer.maximumQuantity)"
        guard let n = Int(text) else { return "type the number of licenses (\(range))" }
        return PartnerModel.quantityProblem(n, offer)
    }

    var firstProblem: (offer: Offer, message: String)? {
        for offer in picked { if let message = problem(offer) { return (offer, message) } }
        return nil
    }

    func cart() -> [CartLine] {
        picked.compactMap { offer in
            quantity(offer).map { CartLine(offerId: offer.id, quantity: $0, partnerOfRecord: selectedPartner) }
        }
    }

    // MARK: Changes

    /// The partner-of-record list for this customer; keeps the user's own
    /// choice when it is still offered, else selects `preferred`.
    mutating func setPartnerOptions(_ options: [(id: AccountID?, name: String)], preferred: AccountID?) {
        let keep = partnerChosen ? selectedPartner : preferred
        partnerOptions = options.map(\.id)
        let index = partnerOptions.firstIndex(of: keep) ?? partnerOptions.firstIndex(of: preferred) ?? 0
        if partnerOptions.firstIndex(of: keep) == nil { partnerChosen = false }
        partner = ChoiceField(label: "Partner of record", options: options.map(\.name), selectedIndex: index)
    }

    mutating func focus(on zone: Zone) { self.zone = zone }

    /// Shows an offer in the list (clearing a search that hides it) and focuses it.
    mutating func focusOffer(_ id: String) {
        zone = .offers
        if !table.ids.contains(id) {
            filter = FilterBar()
            applyFilter()
        }
        table.select(id)
    }

    // MARK: Keys

    /// Ticking and counting need an offer; searching never does.
    private var available: Keymap<Action> {
        Self.keymap.only { action in
            if case .search = action { return true }
            return table.selectedID != nil
        }
    }

    private var zones: [Zone] { [.offers, .partner] + buttons.map { .button($0.id) } }

    var keyHints: [KeyHint] {
        switch zone {
        case .offers:
            // While the search is typed the list still moves; Enter goes back to it.
            if filter.isEditing { return ListAction.keymapWithoutLetters.hints + filter.keyHints }
            return ListAction.keymapWithoutLetters.hints + filter.keyHints + available.hints + Self.tabKeys.hints
        case .partner:
            return partner.keyHints + Self.tabKeys.hints + Self.arrowKeys.hints
        case .button(let id):
            return (buttons.first { $0.id == id }?.keyHints ?? []) + Self.tabKeys.hints + Self.arrowKeys.hints
        }
    }

    mutating func handle(_ key: KeyEvent) -> Outcome {
        switch zone {
        case .offers:
            // Letters are the search, so the list moves by the keys that are not characters.
            if ListAction.keymapWithoutLetters.action(for: key) != nil {
                let before = table.selectedID
                let moved = table.handle(key)
                if table.selectedID != before { typingOn = nil }
                // ↓ past the last offer goes on to the partner of record, as in a form, so the
                // arrows alone reach Next.
                if !moved && key == .down && !filter.isEditing { return step(.next) }
                return .handled
            }
            switch filter.handle(key) {
            case .changed:
                applyFilter()
                return .handled
            case .handled:
                return .handled
            case .ignored:
                if filter.isEditing { return .ignored }
            }
            if let action = available.action(for: key) {
                apply(action)
                return .handled
            }
            if let move = Self.tabKeys.action(for: key) { return step(move) }
            return .ignored
        case .partner:
            if partner.handle(key) {
                partnerChosen = true
                return .handled
            }
        case .button(let id):
            if buttons.first(where: { $0.id == id })?.handle(key) == true { return .pressed(id) }
        }
        if let move = Self.tabKeys.action(for: key) ?? Self.arrowKeys.action(for: key) { return step(move) }
        return .ignored
    }

    private mutating func step(_ move: Move) -> Outcome {
        let all = zones
        let i = all.firstIndex(of: zone) ?? 0
        zone = all[(i + (move == .next ? 1 : all.count - 1)) % all.count]
        return .handled
    }

    private mutating func apply(_ action: Action) {
        if case .search(let letter) = action {
            // The letter opens the search and is its first (or next) character.
            _ = filter.handle(.character("/"))
            if case .changed = filter.handle(.character(letter)) { applyFilter() }
            return
        }
        guard let offer = focusedOffer else { return }
        let id = offer.id
        let current = picks[id].flatMap { Int($0) }
        switch action {
        case .toggle:
            picks[id] = picks[id] == nil ? String(offer.minimumQuantity) : nil
            typingOn = nil
        case .digit(let d):
            // The first digit on an offer replaces its count; later ones add to it.
            if typingOn != id || picks[id] == nil || picks[id] == "0" {
                picks[id] = String(d)
            } else if let text = picks[id], text.count < Self.maxDigits {
                picks[id] = text + String(d)
            }
            typingOn = id
        case .more:
            let n = current.map { min(max($0 + 1, offer.minimumQuantity), offer.maximumQuantity) } ?? offer.minimumQuantity
            picks[id] = String(n)
            typingOn = nil
        case .fewer:
            guard picks[id] != nil else { return }
            let n = current.map { max(min($0 - 1, offer.maximumQuantity), offer.minimumQuantity) } ?? offer.minimumQuantity
            picks[id] = String(n)
            typingOn = nil
        case .erase:
            guard let text = picks[id] else { return }
            picks[id] = String(text.dropLast())
            typingOn = id
        case .search:
            break
        }
    }

    mutating func renderFilter(into grid: inout CellGrid, area: Rect) {
        filter.render(into: &grid, area: area)
    }

    /// By the Customers filter's rule (`NameSearch`: no case, no accents) over the name,
    /// the id, the term and the billing cycle.
    private mutating func applyFilter() {
        table.setRows(search.positions(matching: filter.query).map { offers[$0].id })
    }
}
