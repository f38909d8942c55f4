/// Stand-ins for terminals that cannot show UTF-8: same width, so the layout
/// computed for Unicode still lines up.
enum AsciiFallback {
    static func text(for cell: String, width: Int) -> String {
        if cell.unicodeScalars.allSatisfy(\.isASCII) { return cell }
        if let mapped = table[cell] { return mapped }
        return String(repeating: "?", count: max(1, width))
    }

    private static let table: [String: String] = [
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
        "▸": ">", "●": "*", "…": "~", "·": "-", "›": ">", "‹": "<",
        "↑": "^", "↓": "v", "←": "<", "→": ">", "–": "-", "—": "-", "×": "x", "◌": " ",
    ]
}
