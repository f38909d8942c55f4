/// A page of the dashboard. It draws its state into the page area and turns
/// keys into actions through its key tables; the app draws the frame, the
/// menu, help and dialogs around it.
///
/// The rule that keeps hints honest: `keyHints` lists exactly the keys
/// `handle(key:)` acts on (besides typing in `.text` mode). Build both from
/// the same `Keymap`s, filtered by state.
@MainActor
public protocol Screen: AnyObject {
    /// The page's name in the page box title and the path.
    var title: String { get }
    /// The Dashboard menu entry this page belongs to, highlighted while it shows.
    var menuItemID: String? { get }
    var inputMode: InputMode { get }
    /// True while leaving would lose typed data: the app asks first.
    var hasUnsavedChanges: Bool { get }
    /// What "Discard changes?" says would be lost, when the screen knows better than
    /// "what you typed".
    var unsavedChangesWarning: String? { get }
    /// Text at the right of the page title (an active filter, a count).
    var pageNote: String? { get }
    var keyHints: [KeyHint] { get }

    func render(into grid: inout CellGrid, area: Rect)
    /// The action for a key, or nil when the key is not this screen's (the
    /// app then tries its global keys).
    func handle(key: KeyEvent) -> ScreenAction?
    /// The model changed (a commit made on any page, a workspace reloaded): read again
    /// what the page shows. The app calls it once per change on every screen of the
    /// stack, top first, after the key or idle tick that brought the change and before
    /// the next frame; a page never polls for changes itself.
    func modelDidChange()
    /// Whether the page has work left for the pauses between keys (a search still
    /// counting): the app then waits for no key and calls `workBetweenKeys` until it is done.
    var hasWorkBetweenKeys: Bool { get }
    /// A slice of that work, a few milliseconds so that a key never waits longer; true
    /// when what the page shows changed.
    func workBetweenKeys() -> Bool
}

public extension Screen {
    var menuItemID: String? { nil }
    var inputMode: InputMode { .navigation }
    var hasUnsavedChanges: Bool { false }
    var unsavedChangesWarning: String? { nil }
    var pageNote: String? { nil }
    func modelDidChange() {}
    var hasWorkBetweenKeys: Bool { false }
    func workBetweenKeys() -> Bool { false }
}
