/// The event loop: render the top screen into a grid the terminal's size,
/// draw it, read a key, dispatch it (dialog or help → menu or screen → global keys),
/// tell the screens when the model changed, repeat. A resize needs nothing but the
/// next render, since layout is computed from state every frame.
///
/// The app owns the one modal dialog there can be: a screen asks with
/// `ScreenAction.confirm`, leaving with unsaved changes asks "Discard changes?".
/// While it is open every key is the dialog's (the others do nothing), the hint bar
/// lists only its keys, and no second dialog opens.
@MainActor
public final class App {
    public let terminal: any Terminal
    public let shell: any Shell
    public private(set) var navigator: Navigator
    public private(set) var menuFocused = false
    public private(set) var isFinished = false
    /// Gets copied text besides the terminal's OSC 52; the program sets the desktop's.
    public var clipboardTool: any ClipboardTool = NoClipboardTool()
    private var menu = SelectList<String>(options: [])
    private var help: HelpOverlay?
    /// The page's actions while the arrows are in them (nil: focus is on the page).
    private var actionRow: ActionRow?
    private var dialog: OpenDialog?
    private var message: String?

    /// The open dialog and what its `proceed` answer does.
    private struct OpenDialog {
        var dialog: Dialog<ConfirmChoice>
        var proceed: @MainActor () -> Void
    }

    /// Ways of leaving that can lose typed data, so they may ask first.
    private enum Leave {
        case quit
        case pop
        case open(any Screen)
    }

    public init(terminal: any Terminal, shell: any Shell, root: any Screen) {
        self.terminal = terminal
        self.shell = shell
        self.navigator = Navigator(root: root)
    }

    public func run() {
        let clock = ContinuousClock()
        var lastTick = clock.now
        var lastFrame = clock.now
        var needsFrame = true
        while !isFinished && !terminal.shouldTerminate && !shell.mustStop {
            // A change made before the loop (the rest of a workspace loaded) reaches the screens first.
            if deliverModelChange() { needsFrame = true }
            // Idle ticks that changed nothing draw nothing; once a second the frame is drawn
            // anyway, for what depends on the clock alone (an invitation expiring).
            if needsFrame || clock.now - lastFrame >= .seconds(1) {
                terminal.draw(render())
                lastFrame = clock.now
                needsFrame = false
            }
            let pageWork = navigator.top.hasWorkBetweenKeys
            let key = terminal.nextKey(timeout: pageWork ? .zero : shell.idleInterval)
            if terminal.shouldTerminate || shell.mustStop { break }
            if let key {
                handle(key)
                needsFrame = true
            } else if pageWork, navigator.top.workBetweenKeys() {
                needsFrame = true
            }
            // Keys that never pause (a held arrow, a long paste) must not starve the idle
            // work: other processes' changes still arrive while someone types.
            let due = shell.idleInterval.map { clock.now - lastTick >= $0 } ?? false
            if (key == nil && !pageWork) || due {
                if tick() { needsFrame = true }
                lastTick = clock.now
            }
        }
    }

    /// One idle tick (no key within `Shell.idleInterval`): the shell's background work,
    /// then, when the model changed meanwhile (a snapshot finished, changes read from
    /// another process), `modelDidChange()` on every screen. Returns whether anything
    /// shown may have changed.
    @discardableResult
    public func tick() -> Bool {
        let statusChanged = shell.idle()
        return deliverModelChange() || statusChanged
    }

    /// Puts `text` on the status line until the next key (a problem found before the
    /// first frame, such as a configuration file with a mistake).
    public func show(_ text: String) {
        message = text
    }

    public var isShowingHelp: Bool { help != nil }
    public var isAskingToConfirm: Bool { dialog != nil }
    /// The key of the action chosen in the page's action row, while focus is there.
    public var chosenAction: KeyEvent? { actionRow?.chosen }
    /// The open dialog's title, if one is open.
    public var dialogTitle: String? { dialog?.dialog.title }

    /// Tells every screen on the stack, top first, that the model changed, once per change.
    @discardableResult
    private func deliverModelChange() -> Bool {
        guard shell.takeModelChange() else { return false }
        for screen in navigator.stack.reversed() { screen.modelDidChange() }
        return true
    }

    // MARK: Rendering

    public func render() -> CellGrid {
        var grid = CellGrid(size: terminal.size)
        guard terminal.size.fits(.minimum) else {
            TooSmallScreen.render(into: &grid, need: .minimum)
            return grid
        }
        let screen = navigator.top
        syncMenu()
        // The page first: what it laid out (a list that now overflows) may
        // change the keys that work, and the hint bar must tell the truth.
        let layout = FrameLayout(size: grid.size, hasMenu: !menu.options.isEmpty, message: message)
        screen.render(into: &grid, area: layout.pageContent)
        let frame = Frame(status: shell.status, hasMenu: !menu.options.isEmpty, menuFocused: menuFocused,
                          path: navigator.path, pageNote: screen.pageNote, hints: currentHints, message: message)
        frame.render(into: &grid)
        if let menuArea = layout.menuContent {
            menu.render(into: &grid, area: menuArea, focused: menuFocused)
        }
        if menuFocused { grid.cursor = nil }
        if var overlay = help {
            overlay.render(into: &grid, over: Rect(row: layout.topBar.bottom, col: 0, height: layout.hintBar.row - layout.topBar.bottom, width: grid.size.cols))
            help = overlay
            grid.cursor = nil
        }
        if let dialog {
            dialog.dialog.render(into: &grid, over: layout.pageContent)
            grid.cursor = nil
        } else if help == nil, let row = actionRow {
            row.render(pageActions, into: &grid, area: layout.hintBar)
            grid.cursor = nil
        }
        return grid
    }

    /// Every key that works now, in the order the hint bar shows them.
    public var currentHints: [KeyHint] {
        if let dialog { return dialog.dialog.keyHints }
        if let help { return help.keyHints }
        if menuFocused { return menu.keyHints + MenuAction.keymap.hints + globalKeymap.hints }
        if actionRow != nil { return ActionRow.keymap.hints + globalKeymap.hints }
        return navigator.top.keyHints + actionRowEntry + globalKeymap.hints
    }

    /// The top page's actions that the action row offers.
    private var pageActions: [ActionRow.Item] {
        navigator.top.inputMode == .text ? [] : ActionRow.items(in: navigator.top.keyHints)
    }

    /// How to reach the action row (in help), while the page leaves a key for it.
    private var actionRowEntry: [KeyHint] {
        let claimed = Set(navigator.top.keyHints.flatMap(\.keys))
        let keys = ActionRow.entryKeys.filter { !claimed.contains($0) }
        guard !keys.isEmpty, !pageActions.isEmpty else { return [] }
        let entry = ActionRow.entry
        return [KeyHint(keys: keys, label: keys.map(\.label).joined(separator: " "), hint: entry.hint, help: entry.help, section: entry.section)]
    }

    /// The global table as it applies now: only what is possible, and only the
    /// keys the focused thing has not claimed for itself.
    private var globalKeymap: Keymap<GlobalAction> {
        let available = GlobalAction.keymap.only { action in
            switch action {
            case .quit, .help: return true
            // On a top page whose text field takes q and ←, Esc leads to the menu, so no
            // page is a dead end.
            case .back:
                return !menuFocused && (navigator.canPop || (navigator.top.inputMode == .text && !menu.options.isEmpty))
            case .focusMenu: return !menuFocused && !menu.options.isEmpty
            // Jumping replaces the stack, so not while typed data would be lost.
            case .jump: return shell.canJump && !navigator.hasUnsavedChanges
            }
        }
        if menuFocused {
            let menuKeys = Set((menu.keyHints + MenuAction.keymap.hints).flatMap(\.keys))
            return available.keeping { !menuKeys.contains($0) }
        }
        if actionRow != nil {
            let rowKeys = Set(ActionRow.keymap.hints.flatMap(\.keys))
            return available.keeping { !rowKeys.contains($0) }.only { $0 != .focusMenu && $0 != .back }
        }
        let screen = navigator.top
        let claimed = Set(screen.keyHints.flatMap(\.keys))
        let typing = screen.inputMode == .text
        return available.keeping { !claimed.contains($0) && !(typing && $0.isPrintable) }
    }

    private func syncMenu() {
        let items = shell.menu
        let options = items.map { SelectList<String>.Option($0.id, $0.title) }
        if options != menu.options { menu.setOptions(options) }
        if !menuFocused, let current = navigator.root.menuItemID { menu.select(current) }
    }

    // MARK: Keys

    public func handle(_ key: KeyEvent) {
        guard case .paste = key else {
            dispatch(key)
            return
        }
        // A text input that refuses a paste reports why (PasteNotice); it goes to the
        // status line whatever page the input is on.
        let notice = PasteNotice()
        PasteNotice.$current.withValue(notice) { dispatch(key) }
        if let refusal = notice.message { message = refusal }
    }

    private func dispatch(_ key: KeyEvent) {
        // Whatever the key committed reaches every screen before the next frame.
        defer { deliverModelChange() }
        message = nil
        syncMenu()
        if key == .resize { return }
        guard terminal.size.fits(.minimum) else {
            // Nothing else is visible, so nothing else may change.
            if key == .character("q") { leave(.quit) }
            return
        }
        if var open = dialog {
            // Every key is the dialog's: the menu, jump, help and the page wait until it is answered.
            guard let answer = open.dialog.handle(key) else {
                dialog = open
                return
            }
            dialog = nil
            if answer == .proceed { open.proceed() }
            return
        }
        if var overlay = help {
            help = overlay.handle(key) ? nil : overlay
            return
        }
        if handleInActionRow(key) { return }
        if menuFocused {
            if menu.handle(key) { return }
            switch MenuAction.keymap.action(for: key) {
            case .open:
                if let id = menu.selected?.id, let item = shell.menu.first(where: { $0.id == id }) {
                    leave(.open(shell.screen(for: item)))
                }
                return
            case .backToPage:
                menuFocused = false
                return
            case nil:
                break
            }
        } else if let action = navigator.top.handle(key: key) {
            apply(action)
            return
        } else if arrowMovesTheMenu(key) {
            // A top page with nothing to move in (Home) never swallows the arrows: they
            // move the menu, as if ← had been pressed first; its actions are a Tab away.
            menuFocused = true
            _ = menu.handle(key)
            return
        } else if opensTheActionRow(key) {
            actionRow = ActionRow(first: pageActions)
            return
        }
        guard let global = globalKeymap.action(for: key) else {
            // A paste is text, never keys: where nothing takes text it is dropped, and said so.
            if case .paste = key { message = "Nothing here takes text: move to a field, then paste" }
            return
        }
        switch global {
        case .quit: leave(.quit)
        case .help: help = HelpOverlay(hints: currentHints)
        case .back:
            if navigator.canPop { leave(.pop) } else { menuFocused = true }
        case .focusMenu: menuFocused = true
        case .jump:
            if let palette = shell.jumpScreen() {
                navigator.push(palette)
                menuFocused = false
            }
        }
    }

    /// ↑ or ↓ that the top page left unhandled, on a page the menu leads to that has no
    /// list of its own (at a list's last row ↓ stays on the page).
    private func arrowMovesTheMenu(_ key: KeyEvent) -> Bool {
        (key == .up || key == .down) && !navigator.canPop && !menu.options.isEmpty && navigator.top.inputMode != .text
            && !navigator.top.keyHints.contains { $0.keys.contains(.up) }
    }

    /// ↓ or Tab that the page left unhandled, on a page with actions.
    private func opensTheActionRow(_ key: KeyEvent) -> Bool {
        ActionRow.entryKeys.contains(key) && !pageActions.isEmpty
    }

    /// A key while the action row has focus: the row's own, or it closes the row and goes
    /// on as usual (a letter is still its shortcut, `q` still quits). True when done.
    private func handleInActionRow(_ key: KeyEvent) -> Bool {
        guard var row = actionRow else { return false }
        // Help stays with the row: it lists the row's keys.
        if globalKeymap.action(for: key) == .help { return false }
        let items = pageActions
        actionRow = nil
        guard !items.isEmpty, let outcome = row.handle(key, items: items) else { return false }
        switch outcome {
        case .moved: actionRow = row
        case .leave: break
        case .run(let actionKey):
            // As if its key had been pressed on the page.
            if let action = navigator.top.handle(key: actionKey) { apply(action) }
        }
        return true
    }

    private func apply(_ action: ScreenAction) {
        switch action {
        case .handled: break
        case .push(let screen): navigator.push(screen)
        case .pop: navigator.pop()
        case .popWithMessage(let text):
            navigator.pop()
            message = text
        case .replace(let screen): navigator.replaceTop(screen)
        case .reset(let screen):
            navigator.reset(screen)
            menuFocused = false
        case .resetWithMessage(let screen, let text):
            navigator.reset(screen)
            menuFocused = false
            message = text
        case .copyToClipboard(let copy):
            terminal.copyToClipboard(copy.text)
            // OSC 52 cannot report failure: the message says "copied" only when a program
            // took the text or the terminal is known to accept it, else how else to get it.
            message = copy.report(program: clipboardTool.copy(copy.text), terminal: terminal.capabilities.clipboard)
        case .message(let text), .unavailable(let text): message = text
        case .confirm(let title, let lines, let choices, let then):
            ask(title, lines, choices) { [unowned self] in apply(then()) }
        case .quit: leave(.quit)
        }
    }

    /// Opens the dialog, unless one is open already: there is never a second.
    private func ask(_ title: String, _ lines: [String], _ choices: ConfirmChoices, proceed: @escaping @MainActor () -> Void) {
        guard dialog == nil else { return }
        dialog = OpenDialog(dialog: Dialog(title: title, message: lines, buttons: choices.buttons, cancel: .keep),
                            proceed: proceed)
    }

    /// Leaves at once, or asks "discard changes?" when typed data would be lost.
    private func leave(_ way: Leave) {
        let losesData: Bool
        switch way {
        case .quit, .open: losesData = navigator.hasUnsavedChanges
        case .pop: losesData = navigator.top.hasUnsavedChanges
        }
        guard losesData else {
            perform(way)
            return
        }
        let warning: String?
        switch way {
        case .pop: warning = navigator.top.unsavedChangesWarning
        case .quit, .open: warning = navigator.stack.lazy.compactMap(\.unsavedChangesWarning).first
        }
        ask("Discard changes?", [warning ?? "What you typed here is not saved and will be lost."], .discard) { [unowned self] in
            perform(way)
        }
    }

    private func perform(_ way: Leave) {
        switch way {
        case .quit: isFinished = true
        case .pop: navigator.pop()
        case .open(let screen):
            navigator.reset(screen)
            menuFocused = false
        }
    }
}
