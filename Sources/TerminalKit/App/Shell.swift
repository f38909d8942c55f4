/// What the app needs from the session around it: the top bar's facts, the
/// menu for the signed-in account, and background work.
@MainActor
public protocol Shell: AnyObject {
    var status: FrameStatus { get }
    /// Empty when there is no menu (before signing in).
    var menu: [MenuItem] { get }
    func screen(for item: MenuItem) -> any Screen
    /// How long to wait for a key before calling `idle()`; nil waits for a key.
    var idleInterval: Duration? { get }
    /// Background work between keys; true when the screen should be redrawn.
    func idle() -> Bool
    /// Whether the model changed since the last call (a commit, a reload, changes
    /// read from elsewhere), and forgets it: the app then calls `modelDidChange()` on
    /// every screen. Asked after each key and each idle tick.
    func takeModelChange() -> Bool
    /// Whether `:` opens a jump palette now.
    var canJump: Bool { get }
    /// True when the app must stop at once (the workspace could not be read); the program
    /// says why after the terminal is restored.
    var mustStop: Bool { get }
    /// The palette `:` pushes: find a page or a record by name.
    func jumpScreen() -> (any Screen)?
}

public extension Shell {
    var idleInterval: Duration? { nil }
    func idle() -> Bool { false }
    func takeModelChange() -> Bool { false }
    var canJump: Bool { false }
    var mustStop: Bool { false }
    func jumpScreen() -> (any Screen)? { nil }
}
