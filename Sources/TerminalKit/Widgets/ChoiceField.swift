/// A field with a few fixed options, shown as `‹ Monthly ›` and changed in place. With a
/// `Narrowing` (a long list: a provider's resellers) typing narrows the options, ←→ step
/// through those left, and the text typed and their count show beside the choice.
public struct ChoiceField: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case previous, next }

    public static let keymap = Keymap<Action>("Choice", [
        KeyBinding([(.left, .previous), (.right, .next), (.space, .next)], label: "←→", hint: "change", help: "pick the previous or next option (also Space)"),
    ])
    /// Space is text where typing narrows.
    static let narrowingKeymap = Keymap<Action>("Choice", [
        KeyBinding([(.left, .previous), (.right, .next)], label: "←→", hint: "change",
                   help: "pick the previous or next option; type to narrow the options"),
    ])

    /// The rule typed text narrows by; the toolkit has none of its own.
    public struct Narrowing: Sendable {
        let matches: @Sendable (_ query: String, _ option: String) -> Bool

        public init(_ matches: @escaping @Sendable (_ query: String, _ option: String) -> Bool) {
            self.matches = matches
        }
    }

    public var label: String
    public var options: [String]
    public private(set) var selectedIndex: Int
    private let narrowing: Narrowing?
    private var typed = TypeAhead()
    /// The options the typed text leaves, as indices; every one when nothing is typed.
    public private(set) var shown: [Int]

    public init(label: String, options: [String], selectedIndex: Int = 0, narrowing: Narrowing? = nil) {
        precondition(!options.isEmpty, "a choice needs options")
        self.label = label
        self.options = options
        self.selectedIndex = min(max(0, selectedIndex), options.count - 1)
        self.narrowing = narrowing
        shown = Array(options.indices)
    }

    public var selected: String { options[selectedIndex] }
    public var query: String { typed.query }

    public mutating func select(_ index: Int) {
        selectedIndex = min(max(0, index), options.count - 1)
    }

    private var keys: Keymap<Action> { narrowing == nil ? Self.keymap : Self.narrowingKeymap }

    public var keyHints: [KeyHint] { keys.hints + (narrowing == nil ? [] : typed.keyHints) }

    /// Typing narrows only where there is a rule to narrow by.
    public var takesText: Bool { narrowing != nil }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        if let narrowing, typed.handle(key) {
            shown = typed.isEmpty ? Array(options.indices) : options.indices.filter { narrowing.matches(typed.query, options[$0]) }
            // The first option left is chosen, as a list would focus it.
            if !shown.contains(selectedIndex), let first = shown.first { selectedIndex = first }
            return true
        }
        guard let action = keys.action(for: key) else { return false }
        guard let at = shown.firstIndex(of: selectedIndex) ?? shown.indices.first else { return true }
        switch action {
        case .previous: selectedIndex = shown[(at + shown.count - 1) % shown.count]
        case .next: selectedIndex = shown[(at + 1) % shown.count]
        }
        return true
    }

    /// What was typed and the count come first (`adat 1/4 ‹ Adatum Systeme GmbH ›`), so
    /// a narrow column cuts the choice's name rather than them.
    public func render(into grid: inout CellGrid, area: Rect, focused: Bool) {
        var x = area.col
        if narrowing != nil, !typed.isEmpty {
            x += grid.write(typed.query, row: area.row, col: x, maxWidth: area.right - x, style: .underline)
            x += grid.write(" \(shown.count)/\(options.count) ", row: area.row, col: x, maxWidth: area.right - x, style: .dim)
        }
        x += grid.write("‹ " + selected + " ›", row: area.row, col: x, maxWidth: area.right - x, style: focused ? .selected : .underline)
        if narrowing != nil, focused, typed.isEmpty {
            grid.write("  type to narrow", row: area.row, col: x, maxWidth: max(0, area.right - x), style: .dim)
        }
    }

    public static func == (a: ChoiceField, b: ChoiceField) -> Bool {
        a.label == b.label && a.options == b.options && a.selectedIndex == b.selectedIndex && a.typed == b.typed
            && (a.narrowing == nil) == (b.narrowing == nil)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(label)
        hasher.combine(options)
        hasher.combine(selectedIndex)
        hasher.combine(typed)
    }
}
