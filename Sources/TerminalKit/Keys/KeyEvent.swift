/// One input event from the terminal, already decoded from escape sequences.
public enum KeyEvent: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab
    case enter, escape, backspace, delete
    case function(Int)
    /// Ctrl with a letter, lower-cased: `.ctrl("a")`. Ctrl-I, -J, -M and -H
    /// arrive as Tab, Enter and Backspace, as terminals send them.
    case ctrl(Character)
    /// The terminal changed size; lay out again from state.
    case resize

    public static let space = KeyEvent.character(" ")

    /// Whether this is text to insert into a field rather than a command.
    public var isPrintable: Bool {
        if case .character = self { return true }
        return false
    }

    /// How the key is written in hints and help.
    public var label: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .resize: return "resize"
        }
    }
}
