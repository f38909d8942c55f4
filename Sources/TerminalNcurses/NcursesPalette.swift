import CNcurses
import TerminalKit

/// Colour pairs for the semantic roles in the chosen `Theme`, over the terminal's own
/// background (`use_default_colors`), so light and dark terminals both stay readable.
/// Pair n is role n's; a role the theme leaves uncoloured uses pair 0.
struct NcursesPalette: Sendable {
    let theme: Theme

    /// The pairs to define: role number and foreground. None for monochrome.
    var pairs: [(pair: Int16, foreground: Int16)] {
        ColorRole.allCases.compactMap { role in
            theme.color(for: role).map { (pair: Int16(role.rawValue), foreground: $0.rawValue) }
        }
    }

    @MainActor
    func start() {
        start_color()
        use_default_colors()
        for (pair, foreground) in pairs { init_pair(pair, foreground, -1) }
    }

    func pair(for role: ColorRole) -> Int32 {
        theme.color(for: role) == nil ? 0 : Int32(role.rawValue)
    }

    func attributes(_ style: CellStyle) -> attr_t {
        let attributes = theme.attributes(for: style)
        var result = pd_a_normal()
        if attributes.contains(.bold) { result |= pd_a_bold() }
        if attributes.contains(.reverse) { result |= pd_a_reverse() }
        if attributes.contains(.underline) { result |= pd_a_underline() }
        if attributes.contains(.dim) { result |= pd_a_dim() }
        return result
    }
}
