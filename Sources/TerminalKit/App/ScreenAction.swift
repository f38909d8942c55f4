/// What a screen asks the app to do after a key.
@MainActor
public enum ScreenAction {
    /// Handled; redraw. (Not `.none`, which in a `ScreenAction?` reads as nil.)
    case handled
    case push(any Screen)
    /// Back one screen (Esc).
    case pop
    /// Back one screen, saying what was done there ("Invitation sent…", "Cancelled:
    /// nothing was created").
    case popWithMessage(String)
    /// Swap the top screen (a wizard's next step).
    case replace(any Screen)
    /// Start over from this screen (after signing in, after a finished wizard).
    case reset(any Screen)
    /// Start over from this screen, saying what was done (Confirmation › Done).
    case resetWithMessage(any Screen, String)
    /// Hands text to the clipboard; the status line then says what was actually done.
    case copyToClipboard(ClipboardCopy)
    /// One-line feedback in the hint bar until the next key.
    case message(String)
    /// A key of the page's table that does nothing in this state, and why (`r` on a
    /// reseller already partnered): shown as a message. Not a key the page lists, since
    /// it does nothing; `Keymap.unavailable` makes it.
    case unavailable(String)
    /// Ask first: the app shows one modal dialog (`title`, `message` lines, the two
    /// `choices`) and runs `then` only when the user picks `choices.proceed`; the action
    /// it returns is applied as if the key had returned it. While the dialog is open
    /// every key is the dialog's, and no second dialog opens.
    case confirm(title: String, message: [String], choices: ConfirmChoices, then: @MainActor () -> ScreenAction)
    case quit
}
