import CNcurses
import TerminalKit

/// Colour pairs for the semantic roles, over the terminal's own background
/// (`use_default_colors`), so light and dark themes both stay readable.
@MainActor
enum NcursesPalette {
    static func start() {
        start_color()
        use_default_colors()
        for role in ColorRole.allCases {
            guard let foreground = foreground(role) else { continue }
            init_pair(Int16(pair(for: role)), Int16(foreground), -1)
        }
    }

    static func pair(for role: ColorRole) -> Int32 {
        foreground(role) == nil ? 0 : Int32(role.rawValue)
    }

    private static func foreground(_ role: ColorRole) -> Int32? {
        switch role {
        case .normal, .muted: return nil
        case .accent: return COLOR_CYAN
        case .positive: return COLOR_GREEN
        case .warning: return COLOR_YELLOW
        case .danger: return COLOR_RED
        }
    }

    static func attributes(_ attributes: TextAttributes) -> attr_t {
        var result = pd_a_normal()
        if attributes.contains(.bold) { result |= pd_a_bold() }
        if attributes.contains(.reverse) { result |= pd_a_reverse() }
        if attributes.contains(.underline) { result |= pd_a_underline() }
        if attributes.contains(.dim) { result |= pd_a_dim() }
        return result
    }
}
