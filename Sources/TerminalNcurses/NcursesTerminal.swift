import CNcurses
import Glibc
import TerminalKit

/// The real terminal: the only code in the program that calls ncurses.
///
/// Start-up follows what was found here (docs/TUI.md, ncurses): refuse without a
/// TTY, UTF-8 locale with a C.UTF-8 fallback, `newterm` checked, `cup`
/// required, Esc after 25 ms, keys via `wget_wch`, bracketed paste on. The terminal is
/// restored (bracketed paste off included) by `stop()`, by an atexit hook, and on a
/// crash signal.
@MainActor
public final class NcursesTerminal: Terminal {
    public struct Options: Sendable {
        /// `--no-color`; NO_COLOR and a terminal without colours also turn it on.
        public var monochrome: Bool
        /// Draw ASCII even when the locale is UTF-8.
        public var ascii: Bool
        /// The configuration's theme; `monochrome` above (or NO_COLOR) makes it monochrome.
        public var theme: Theme

        public init(monochrome: Bool = false, ascii: Bool = false, theme: Theme = .default) {
            self.monochrome = monochrome
            self.ascii = ascii
            self.theme = theme
        }
    }

    public let capabilities: TerminalCapabilities
    private let palette: NcursesPalette
    public private(set) var shouldTerminate = false
    private var lastDrawn: CellGrid?
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private var isStopped = false
    private var cursorVisible: Int32 = -1
    private var decoder = InputDecoder()
    /// Keys decoded and not yet returned (one read can complete several).
    private var decoded: [KeyEvent] = []
    /// Keypad decoding is off while a paste is read, so ncurses hands over the pasted
    /// characters as they are (it would turn a pasted `ESC[A` into an arrow).
    private var readsRawCharacters = false
    /// How long a paste may pause before it counts as ended without its end marker.
    static let pasteGap: Int32 = 500

    /// Opens the terminal. Throws `TerminalStartError` with a one-line reason.
    public static func start(_ options: Options = Options()) throws -> NcursesTerminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalStartError.notATerminal }
        setlocale(LC_ALL, "")
        if pd_locale_is_utf8() == 0 { setlocale(LC_ALL, "C.UTF-8") }
        let unicode = pd_locale_is_utf8() != 0 && !options.ascii

        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw TerminalStartError.systemCall("pipe", errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        func giveUp(_ error: TerminalStartError) -> TerminalStartError {
            restoreQuitHandlers()
            for fd in fds { close(fd) }
            return error
        }
        guard pd_install_quit_handlers(fds[1]) == 0 else { throw giveUp(.systemCall("sigaction", errno)) }

        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard let screen = pd_newterm_stdio() else { throw giveUp(.unknownTerminal(term)) }
        guard pd_has_string_capability("cup") != 0 else {
            endwin()
            delscreen(screen)
            throw giveUp(.noCursorAddressing(term))
        }
        pd_install_crash_handlers()
        Self.registerAtExitOnce()

        cbreak()
        noecho()
        nonl()
        keypad(pd_stdscr(), true)
        set_escdelay(25)

        let noColorEnv = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
        let colors = !options.monochrome && noColorEnv.isEmpty && options.theme.usesColor && has_colors()
        let palette = NcursesPalette(theme: options.theme)
        if colors { palette.start() }
        sendRaw(BracketedPaste.enable)
        return NcursesTerminal(capabilities: TerminalCapabilities(colors: colors, unicode: unicode,
                                                                   clipboard: .detect()), palette: palette,
                                   wakeRead: fds[0], wakeWrite: fds[1])
    }

    private init(capabilities: TerminalCapabilities, palette: NcursesPalette, wakeRead: Int32, wakeWrite: Int32) {
        self.capabilities = capabilities
        self.palette = palette
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
    }

    private static var atExitRegistered = false

    private static func registerAtExitOnce() {
        guard !atExitRegistered else { return }
        atExitRegistered = pd_register_atexit_restore() == 0
    }

    private static func restoreQuitHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
    }

    /// Restores the terminal. Safe to call more than once.
    public func stop() {
        guard !isStopped else { return }
        isStopped = true
        if isendwin() == false { endwin() }
        Self.sendRaw(BracketedPaste.disable)
        Self.restoreQuitHandlers()
        close(wakeRead)
        close(wakeWrite)
    }

    public var size: TerminalSize {
        var rows: Int32 = 0, cols: Int32 = 0
        pd_getmaxyx(pd_stdscr(), &rows, &cols)
        return TerminalSize(rows: Int(rows), cols: Int(cols))
    }

    // MARK: Output

    public func draw(_ grid: CellGrid) {
        guard let window = pd_stdscr() else { return }
        let previous = lastDrawn?.size == grid.size ? lastDrawn : nil
        for row in 0..<grid.size.rows where previous.map({ !Self.rowsEqual($0, grid, row) }) ?? true {
            // A row is redrawn whole: a wide character changing to narrow ones
            // (or back) shifts what ncurses thinks is in the cells beside it.
            for col in 0..<grid.size.cols {
                let cell = grid[row, col]
                if !cell.isContinuation { put(cell, row: Int32(row), col: Int32(col), in: window) }
            }
        }
        lastDrawn = grid
        let visible: Int32 = grid.cursor == nil ? 0 : 1
        if visible != cursorVisible {
            curs_set(visible)
            cursorVisible = visible
        }
        if let cursor = grid.cursor { wmove(window, Int32(cursor.row), Int32(cursor.col)) }
        wnoutrefresh(window)
        doupdate()
    }

    private static func rowsEqual(_ a: CellGrid, _ b: CellGrid, _ row: Int) -> Bool {
        for col in 0..<a.size.cols where a[row, col] != b[row, col] { return false }
        return true
    }

    private func put(_ cell: Cell, row: Int32, col: Int32, in window: UnsafeMutablePointer<WINDOW>) {
        let pair = capabilities.colors ? palette.pair(for: cell.style.role) : 0
        wattr_set(window, palette.attributes(cell.style), Int16(pair), nil)
        if let line = capabilities.unicode ? Self.lineGraphic(cell.text) : nil {
            mvwadd_wch(window, row, col, line)
            return
        }
        var text = capabilities.unicode ? cell.text : AsciiFallback.text(for: cell.text, width: Int(cell.width))
        if capabilities.unicode, let first = text.unicodeScalars.first {
            // ncurses places characters by the C library's wcwidth; where our
            // table disagrees, draw something of the width the grid reserved.
            let libcWidth = wcwidth(wchar_t(first.value))
            if libcWidth != Int32(cell.width) {
                text = cell.width == 2 && libcWidth == 1 ? text + " " : String(repeating: "?", count: Int(cell.width))
            }
        }
        var x = col
        for character in text {
            var wide = Array(character.unicodeScalars.prefix(4).map { wchar_t($0.value) }) + [0]
            var cc = cchar_t()
            if setcchar(&cc, &wide, 0, 0, nil) != OK {
                wide = [wchar_t(UInt8(ascii: "?")), 0]
                setcchar(&cc, &wide, 0, 0, nil)
            }
            mvwadd_wch(window, row, x, &cc)
            x += 1
        }
    }

    private static func lineGraphic(_ text: String) -> UnsafePointer<cchar_t>? {
        switch text {
        case BoxGlyph.horizontal: return pd_wacs_hline()
        case BoxGlyph.vertical: return pd_wacs_vline()
        case BoxGlyph.topLeft: return pd_wacs_ulcorner()
        case BoxGlyph.topRight: return pd_wacs_urcorner()
        case BoxGlyph.bottomLeft: return pd_wacs_llcorner()
        case BoxGlyph.bottomRight: return pd_wacs_lrcorner()
        case BoxGlyph.teeLeft: return pd_wacs_ltee()
        case BoxGlyph.teeRight: return pd_wacs_rtee()
        default: return nil
        }
    }

    public func copyToClipboard(_ text: String) {
        // After doupdate ncurses has flushed; the sequence goes straight to the
        // tty so it is not counted as screen content.
        Self.sendRaw(ClipboardSequence.osc52(text))
    }

    /// Writes a terminal control sequence straight to the tty, after what ncurses has
    /// buffered, so it is not counted as screen content.
    private static func sendRaw(_ sequence: String) {
        let bytes = Array(sequence.utf8)
        _ = pd_flush_stdout()
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    public func suspend() {
        def_prog_mode()
        endwin()
        Self.sendRaw(BracketedPaste.disable)
    }

    public func resume() {
        Self.sendRaw(BracketedPaste.enable)
        reset_prog_mode()
        lastDrawn = nil
        clearok(pd_stdscr(), true)
    }

    // MARK: Input

    public func nextKey(timeout: Duration?) -> KeyEvent? {
        let deadline = timeout.map { ContinuousClock.now.advanced(by: $0) }
        guard let window = pd_stdscr() else { return nil }
        while true {
            if !decoded.isEmpty { return decoded.removeFirst() }
            if pd_take_pending_signal() != 0 {
                drainWakePipe()
                shouldTerminate = true
                return nil
            }
            // ncurses may hold keys it has read ahead, which poll cannot see,
            // so ask it first without waiting.
            wtimeout(window, 0)
            var ch: wint_t = 0
            let result = wget_wch(window, &ch)
            if result == KEY_CODE_YES {
                if let key = NcursesKeys.code(Int32(ch)) {
                    if key == .resize { lastDrawn = nil }
                    take(decoder.feed(.key(key)), window)
                }
                continue
            }
            if result == OK {
                if let scalar = Unicode.Scalar(UInt32(ch)) { take(decoder.feed(.character(scalar)), window) }
                continue
            }
            // Nothing is waiting: an Esc held as a possible paste marker is a key after all.
            take(decoder.inputPaused(), window)
            if !decoded.isEmpty { continue }
            var waitMs: Int32 = -1
            if decoder.isInPaste {
                // The rest of the paste is on its way; the app's idle work can wait for it.
                waitMs = Self.pasteGap
            } else if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                if left <= .zero { return nil }
                let (seconds, attoseconds) = left.components
                waitMs = Int32(min(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1, Int64(Int32.max)))
            }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, waitMs)
            if ready == 0 {
                guard decoder.isInPaste else { return nil }
                take(decoder.pasteTimedOut(), window)
                continue
            }
            // EINTR is how SIGWINCH arrives: the next wget_wch reports KEY_RESIZE.
            if ready < 0 && errno != EINTR { return nil }
        }
    }

    /// Queues decoded keys and reads raw characters exactly while a paste is open.
    private func take(_ keys: [KeyEvent], _ window: UnsafeMutablePointer<WINDOW>) {
        decoded += keys
        guard decoder.isInPaste != readsRawCharacters else { return }
        readsRawCharacters = decoder.isInPaste
        keypad(window, !readsRawCharacters)
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }
}
