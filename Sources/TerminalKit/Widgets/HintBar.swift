/// The bottom line: the keys that work for what has focus, as many as fit.
/// `? help` (`F1 help` in a text field) is kept last whatever else is dropped, since help lists the rest.
public struct HintBar: Sendable {
    public var hints: [KeyHint]
    public var message: String?

    public init(hints: [KeyHint], message: String? = nil) {
        self.hints = hints
        self.message = message
    }

    /// The hints that would be shown at `width`, in order.
    public func visibleHints(width: Int) -> [KeyHint] {
        var unique: [KeyHint] = []
        for hint in hints where hint.inHintBar {
            if !unique.contains(where: { $0.label == hint.label && $0.hint == hint.hint }) { unique.append(hint) }
        }
        let helpIndex = unique.firstIndex { $0.keys.contains(.character("?")) || $0.keys.contains(.function(1)) }
        let help = helpIndex.map { unique.remove(at: $0) }
        var room = width - 1 - (help.map(Self.width) ?? 0)
        var shown: [KeyHint] = []
        for hint in unique {
            let w = Self.width(hint)
            if w <= room {
                shown.append(hint)
                room -= w
            }
        }
        if let help { shown.append(help) }
        return shown
    }

    private static func width(_ hint: KeyHint) -> Int {
        DisplayText.width(of: hint.label) + 1 + DisplayText.width(of: hint.hint ?? "") + 2
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        grid.fill(area)
        if let message {
            grid.write(" " + message, row: area.row, col: area.col, maxWidth: area.width, style: .bold)
            return
        }
        var x = area.col + 1
        for hint in visibleHints(width: area.width) {
            x += grid.write(hint.label, row: area.row, col: x, maxWidth: area.right - x, style: CellStyle(.bold, role: .accent))
            x += grid.write(" " + (hint.hint ?? "") + "  ", row: area.row, col: x, maxWidth: area.right - x, style: .plain)
        }
    }
}
