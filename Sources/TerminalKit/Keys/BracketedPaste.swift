/// Bracketed paste (xterm's mode 2004): the terminal wraps pasted text in
/// `ESC[200~` … `ESC[201~`, so a program can tell a paste from typing. Without it a
/// pasted Esc or `q` would be a key: pasting `…abc<Esc>q` into a field left the page
/// and quit.
public enum BracketedPaste {
    /// Sent at start-up and on resume: the terminal starts marking pastes.
    public static let enable = "\u{1B}[?2004h"
    /// Sent whenever the terminal is given back (exit, suspend, crash): a shell must
    /// not receive the markers.
    public static let disable = "\u{1B}[?2004l"
    public static let start: [Unicode.Scalar] = Array("\u{1B}[200~".unicodeScalars)
    public static let end: [Unicode.Scalar] = Array("\u{1B}[201~".unicodeScalars)
}
