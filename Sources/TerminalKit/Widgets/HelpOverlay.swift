/// `?`: every key that works right now, grouped by where it comes from. Built
/// from the same hints the keys are handled by, so it cannot go stale.
public struct HelpOverlay: Sendable {
    public enum Action: Hashable, Sendable { case close }

    public static let keymap = Keymap<Action>("Help", [
        KeyBinding([.escape, .character("?"), .character("q")], .close, label: "Esc ? q", hint: "close", help: "close help"),
    ])

    public let sections: [(title: String, hints: [KeyHint])]
    private var cursor: ListCursor
    private let lines: [(keys: String, text: String, isHeading: Bool)]

    public init(hints: [KeyHint]) {
        var order: [String] = []
        var grouped: [String: [KeyHint]] = [:]
        for hint in hints + Self.keymap.hints {
            if grouped[hint.section] == nil { order.append(hint.section) }
            if !(grouped[hint.section]?.contains(hint) ?? false) { grouped[hint.section, default: []].append(hint) }
        }
        sections = order.map { ($0, grouped[$0] ?? []) }
        var lines: [(String, String, Bool)] = []
        for section in sections {
            if !lines.isEmpty { lines.append(("", "", false)) }
            lines.append((section.title, "", true))
            for hint in section.hints { lines.append((hint.label, hint.help, false)) }
        }
        self.lines = lines
        self.cursor = ListCursor(count: lines.count)
    }

    public var keyHints: [KeyHint] { ListAction.keymap.hints + Self.keymap.hints }

    /// True when help should close.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        if Self.keymap.action(for: key) == .close { return true }
        guard let action = ListAction.keymap.action(for: key) else { return false }
        // Scrolling moves the window, not a selection: jump the cursor to the
        // window's edge first so one key always scrolls one line.
        switch action {
        case .down: cursor.select(cursor.offset + cursor.pageSize)
        case .up: cursor.select(cursor.offset - 1)
        default: cursor.apply(action)
        }
        return false
    }

    public mutating func render(into grid: inout CellGrid, over area: Rect) {
        let keysWidth = min(18, (lines.map { DisplayText.width(of: $0.keys) }.max() ?? 0) + 2)
        let textWidth = lines.map { DisplayText.width(of: $0.text) }.max() ?? 0
        let box = area.centered(height: lines.count + 2, width: keysWidth + textWidth + 4)
        grid.fill(box)
        grid.drawBox(box, title: "Help", style: .bold)
        let inner = box.interior.inset(left: 1, right: 1)
        cursor.layout(height: inner.height)
        for (line, index) in cursor.visible.enumerated() {
            let entry = lines[index]
            let y = inner.row + line
            if entry.isHeading {
                grid.write(entry.keys, row: y, col: inner.col, maxWidth: inner.width, style: CellStyle([.bold, .underline], role: .accent))
            } else {
                grid.write(entry.keys, row: y, col: inner.col, maxWidth: keysWidth, style: .bold)
                grid.write(entry.text, row: y, col: inner.col + keysWidth, maxWidth: inner.width - keysWidth)
            }
        }
        if cursor.offset + cursor.pageSize < lines.count {
            grid.write(" more ↓ ", row: box.bottom - 1, col: box.right - 10, style: .dim)
        }
    }
}
