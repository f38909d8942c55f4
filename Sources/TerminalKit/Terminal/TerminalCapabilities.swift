/// What the terminal can show. Screens do not need to look: the grid is the
/// same either way and the adapter degrades it. It is here for the rare screen
/// that words something differently (and for tests of the adapter's choices).
public struct TerminalCapabilities: Hashable, Sendable {
    public var colors: Bool
    public var unicode: Bool

    public init(colors: Bool, unicode: Bool) {
        self.colors = colors
        self.unicode = unicode
    }
}
