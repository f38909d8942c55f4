import CNcurses
import TerminalKit

/// Turns what `wget_wch` returns into `KeyEvent`s.
enum NcursesKeys {
    static func character(_ ch: UInt32) -> KeyEvent? {
        switch ch {
        case 0x1B: return .escape
        case 0x0A, 0x0D: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + ch))))
        case 0x00...0x1F, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(ch) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func code(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_RESIZE: return .resize
        case pd_key_f(1)...pd_key_f(24): return .function(Int(code - pd_key_f(0)))
        default: return nil
        }
    }
}
