/// The bottom line: the keys that work for what has focus, as many as fit.
/// `? help` (`F1 help` in a text field) is kept last whatever else is dropped, since help lists
/// the rest; the essential hints (`KeyHint.Priority`) go before the page's when room is short.
public struct HintBar: Sendable {
    public var hints: [KeyHint]
    public var message: String?

    public init(hints: [KeyHint], message: String? = nil) {
        self.hints = hints
        self.message = message
    }

    /// The hints that would be shown at `width`, in order: the page's first, then the
    /// essential ones (menu, back, jump, quit), `? help` last. Room goes to `? help`
    /// first, then to the essential hints, then to the page's in their order, so a
    /// narrow bar drops the page's keys (which help lists) before the ways out.
    public func visibleHints(width: Int) -> [KeyHint] {
        var unique: [KeyHint] = []
        for hint in hints where hint.inHintBar {
            if !unique.contains(where: { $0.label == hint.label && $0.hint == hint.hint }) { unique.append(hint) }
        }
        let helpIndex = unique.firstIndex { $0.keys.contains(.character("?")) || $0.keys.contains(.function(1)) }
        let help = helpIndex.map { unique.remove(at: $0) }
        var room = width - 1 - (help.map(Self.width) ?? 0)
        var kept = Set<Int>()
        for priority in [KeyHint.Priority.essential, .page] {
            for (i, hint) in unique.enumerated() where hint.priority == priority && Self.width(hint) <= room {
                kept.insert(i)
                room -= Self.width(hint)
            }
        }
        let shown = unique.indices.filter(kept.contains).map { unique[$0] }
        let ordered = shown.filter { $0.priority == .page } + shown.filter { $0.priority != .page }
        return ordered + (help.map { [$0] } ?? [])
    }

    private static func width(_ hint: KeyHint) -> Int {
        DisplayText.width(of: hint.label) + 1 + DisplayText.width(of: hint.hint ?? "") + 2
    }

    /// A message takes at most this many lines; the page keeps the rest of the screen.
    public static let maxMessageLines = 4

    /// The lines a status message is shown on at `width`: wrapped, never cut (a file
    /// name or a refusal's reason is often at its end), unless it needs more than
    /// `maxMessageLines`, whose last then ends in `…`.
    public static func messageLines(_ message: String?, width: Int) -> [String] {
        guard let message, width > 2 else { return [] }
        let lines = TextWrap.lines(message, width: width - 2)
        guard lines.count > maxMessageLines else { return lines }
        let last = DisplayText(lines[maxMessageLines - 1] + " " + lines[maxMessageLines]).truncated(to: width - 2)
        return Array(lines.prefix(maxMessageLines - 1)) + [last.description + (last.description.hasSuffix("…") ? "" : "…")]
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        grid.fill(area)
        if message != nil {
            for (i, line) in Self.messageLines(message, width: area.width).prefix(area.height).enumerated() {
                grid.write(" " + line, row: area.row + i, col: area.col, maxWidth: area.width, style: .bold)
            }
            return
        }
        var x = area.col + 1
        for hint in visibleHints(width: area.width) {
            x += grid.write(hint.label, row: area.row, col: x, maxWidth: area.right - x, style: CellStyle(.bold, role: .accent))
            x += grid.write(" " + (hint.hint ?? "") + "  ", row: area.row, col: x, maxWidth: area.right - x, style: .plain)
        }
    }
}
