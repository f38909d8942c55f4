/// The line-drawing characters the grid uses. A terminal adapter recognises
/// them to draw real line graphics (WACS) or an ASCII fallback.
public enum BoxGlyph {
    public static let horizontal = "─"
    public static let vertical = "│"
    public static let topLeft = "┌"
    public static let topRight = "┐"
    public static let bottomLeft = "└"
    public static let bottomRight = "┘"
    public static let teeLeft = "├"
    public static let teeRight = "┤"
}
