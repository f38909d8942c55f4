/// A terminal for tests, like ratatui's TestBackend: it keeps every frame drawn
/// and plays a script of keys and resizes. When the script is used up it asks
/// the loop to end, so `App.run` returns instead of waiting forever.
@MainActor
public final class TestTerminal: Terminal {
    public enum Step: Sendable, Hashable {
        case key(KeyEvent)
        case resize(TerminalSize)
        /// The wait for a key times out (the app's idle tick runs).
        case idle
        /// Characters as a terminal sends them in one read (`ESC[200~…ESC[201~` around a
        /// paste), decoded by the `InputDecoder` an adapter uses.
        case input(String)
    }

    public private(set) var size: TerminalSize
    public var capabilities: TerminalCapabilities
    public private(set) var frames: [CellGrid] = []
    public private(set) var clipboard: [String] = []
    public private(set) var isSuspended = false
    public private(set) var shouldTerminate = false
    private var script: [Step]
    private var decoder = InputDecoder()
    private var decoded: [KeyEvent] = []

    public init(size: TerminalSize = .minimum, capabilities: TerminalCapabilities = .init(colors: false, unicode: true), script: [Step] = []) {
        self.size = size
        self.capabilities = capabilities
        self.script = script
    }

    public var lastFrame: CellGrid? { frames.last }

    public func enqueue(_ steps: Step...) { script.append(contentsOf: steps) }

    public func enqueue(keys: [KeyEvent]) { script.append(contentsOf: keys.map(Step.key)) }

    /// Types a string as character keys.
    public func type(_ text: String) { script.append(contentsOf: text.map { .key(.character($0)) }) }

    /// Pastes a string the way a terminal in bracketed paste mode sends it.
    public func paste(_ text: String) { script.append(.input("\u{1B}[200~" + text + "\u{1B}[201~")) }

    public func draw(_ grid: CellGrid) {
        precondition(grid.size == size, "drew a \(grid.size) frame on a \(size) terminal")
        frames.append(grid)
    }

    public func nextKey(timeout: Duration?) -> KeyEvent? {
        if !decoded.isEmpty { return decoded.removeFirst() }
        guard !script.isEmpty else {
            shouldTerminate = true
            return nil
        }
        switch script.removeFirst() {
        case .key(let key):
            return key
        case .resize(let newSize):
            size = newSize
            return .resize
        case .idle:
            return nil
        case .input(let text):
            decoded = decoder.feed(text) + decoder.inputPaused()
            return decoded.isEmpty ? nil : decoded.removeFirst()
        }
    }

    public func copyToClipboard(_ text: String) { clipboard.append(text) }
    public func suspend() { isSuspended = true }
    public func resume() { isSuspended = false }
}
