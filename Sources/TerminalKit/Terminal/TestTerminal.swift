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
    }

    public private(set) var size: TerminalSize
    public var capabilities: TerminalCapabilities
    public private(set) var frames: [CellGrid] = []
    public private(set) var clipboard: [String] = []
    public private(set) var isSuspended = false
    public private(set) var shouldTerminate = false
    private var script: [Step]

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

    public func draw(_ grid: CellGrid) {
        precondition(grid.size == size, "drew a \(grid.size) frame on a \(size) terminal")
        frames.append(grid)
    }

    public func nextKey(timeout: Duration?) -> KeyEvent? {
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
        }
    }

    public func copyToClipboard(_ text: String) { clipboard.append(text) }
    public func suspend() { isSuspended = true }
    public func resume() { isSuspended = false }
}
