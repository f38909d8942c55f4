/// The only way the dashboard reaches a terminal. `NcursesTerminal` is the real
/// one; `TestTerminal` records frames and plays scripted keys.
@MainActor
public protocol Terminal: AnyObject {
    var size: TerminalSize { get }
    var capabilities: TerminalCapabilities { get }
    /// Set once a quit signal (SIGTERM, SIGHUP, SIGINT) arrived, or a test
    /// script ran out: the loop should end and restore the terminal.
    var shouldTerminate: Bool { get }

    /// Shows a whole frame. The adapter may send only what changed.
    func draw(_ grid: CellGrid)

    /// The next key, waiting at most `timeout` (nil: until one arrives or a
    /// quit signal). Nil when the wait ended without a key.
    func nextKey(timeout: Duration?) -> KeyEvent?

    /// Puts text on the system clipboard with OSC 52, written through the
    /// terminal layer so it is ordered with the frame output.
    func copyToClipboard(_ text: String)

    /// Gives the tty back (to run another program in it) until `resume`.
    func suspend()
    func resume()
}
