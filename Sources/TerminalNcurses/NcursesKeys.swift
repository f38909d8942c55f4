import CNcurses
import TerminalKit

/// Turns the key codes `wget_wch` returns into `KeyEvent`s (characters go through
/// `InputDecoder`, which also gathers a bracketed paste).
enum NcursesKeys {
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
