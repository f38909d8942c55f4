/// What the terminal can show. Screens do not need to look: the grid is the
/// same either way and the adapter degrades it. It is here for the rare screen
/// that words something differently (and for tests of the adapter's choices).
public struct TerminalCapabilities: Hashable, Sendable {
    public var colors: Bool
    public var unicode: Bool
    /// Whether OSC 52 is known to reach the clipboard, for what a copy's message says.
    public var clipboard: ClipboardSupport

    public init(colors: Bool, unicode: Bool, clipboard: ClipboardSupport = .unknown) {
        self.colors = colors
        self.unicode = unicode
        self.clipboard = clipboard
    }
}
