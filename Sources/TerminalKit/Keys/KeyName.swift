/// Keys as a person writes them in a configuration file: one character (`j`, `G`, `/`),
/// or a name as help shows it (`Enter`, `Esc`, `Space`, `Tab`, `Shift-Tab`, `PgDn`,
/// `Home`, `F5`, `Ctrl-D`), with a few spellings people use (`Down`, `PageDown`, `C-d`).
public enum KeyName {
    /// The key `text` names, or nil when it names none.
    public static func key(_ text: String) -> KeyEvent? {
        let name = text.lowercased()
        if let key = named[name] { return key }
        if text.count == 1, let character = text.first, let key = printable(character) { return key }
        if let letter = ctrlLetter(name) { return .ctrl(letter) }
        if name.hasPrefix("f"), let number = Int(name.dropFirst()), (1...12).contains(number) { return .function(number) }
        return nil
    }

    /// The keys' names, as `key(_:)` reads them and help writes them.
    public static func name(_ key: KeyEvent) -> String { key.label }

    private static func printable(_ character: Character) -> KeyEvent? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
              let key = KeyEvent(terminalCharacter: scalar), key.isPrintable else { return nil }
        return key
    }

    /// `Ctrl-d`, `ctrl+d`, `C-d`: Ctrl with a letter. Ctrl-I, -J, -M and -H arrive as
    /// Tab, Enter and Backspace, so they are not names of their own.
    private static func ctrlLetter(_ name: String) -> Character? {
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.count == 1, let letter = rest.first, letter.isASCII, letter.isLetter, !"ijmh".contains(letter) else { return nil }
            return letter
        }
        return nil
    }

    private static let named: [String: KeyEvent] = [
        "up": .up, "↑": .up, "down": .down, "↓": .down, "left": .left, "←": .left, "right": .right, "→": .right,
        "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
        "tab": .tab, "shift-tab": .backTab, "backtab": .backTab, "enter": .enter, "return": .enter,
        "esc": .escape, "escape": .escape, "backspace": .backspace, "del": .delete, "delete": .delete, "space": .space,
    ]
}
