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
    /// Text pasted in one go (bracketed paste): always text, never keys, whatever it
    /// holds (an Esc, a `q`, line breaks). A text input inserts it once, cleaned by its
    /// own rules and checked against its maximum length; anything else ignores it.
    case paste(String)

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
        case .paste: return "paste"
        }
    }

    /// The key a terminal means by one character it sends: Esc, Enter (CR or LF), Tab,
    /// Backspace (BS or DEL), Ctrl with a letter, or the character itself; nil for the
    /// other control characters, which no key sends.
    public init?(terminalCharacter scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x1B: self = .escape
        case 0x0A, 0x0D: self = .enter
        case 0x09: self = .tab
        case 0x08, 0x7F: self = .backspace
        case 0x01...0x1A: self = .ctrl(Character(Unicode.Scalar(UInt8(0x60 + scalar.value))))
        case 0x00...0x1F, 0x80...0x9F: return nil
        default: self = .character(Character(scalar))
        }
    }
}
