import PartnerDashboard
import TerminalKit
import Testing

@MainActor
@Suite struct AppTests {
    private func make(_ size: TerminalSize = .minimum, root: (any Screen)? = nil) -> (App, TestTerminal) {
        let terminal = TestTerminal(size: size)
        return (App(terminal: terminal, shell: SampleShell(), root: root ?? SampleTableScreen()), terminal)
    }

    @Test func tooSmallAt79x24AndRecoversWithStateKept() {
        let screen = SampleTableScreen()
        let (app, terminal) = make(.minimum, root: screen)
        terminal.enqueue(keys: [.down, .down])
        terminal.enqueue(.resize(TerminalSize(rows: 24, cols: 79)), .key(.down), .resize(.minimum))
        app.run()
        let frames = terminal.frames
        // A frame before each of the five steps and one after the last.
        #expect(frames.count == 6)
        #expect(frames[3].text.contains("terminal too small (need 80×24)"))
        #expect(!frames[4].text.contains("Reseller"))
        #expect(frames[5].text.contains("▸Café Société"), "the key pressed while too small changed nothing")
        #expect(screen.table.selectedID == 2)
    }

    @Test func tooSmallWhenShort() {
        let (app, _) = make(TerminalSize(rows: 23, cols: 120))
        #expect(app.render().text.contains("terminal too small"))
    }

    @Test func focusedRowIsKeptAcrossResizes() {
        let screen = SampleTableScreen()
        let (app, terminal) = make(TerminalSize(rows: 40, cols: 120), root: screen)
        terminal.enqueue(keys: Array(repeating: .down, count: 35))
        terminal.enqueue(.resize(.minimum), .resize(TerminalSize(rows: 40, cols: 120)))
        app.run()
        let selected = "▸" + SampleTableScreen.names[35]
        #expect(terminal.frames.suffix(3).allSatisfy { $0.text.contains(selected) })
    }

    @Test func menuFocusAndOpeningAPage() {
        let (app, _) = make()
        app.handle(.left)
        #expect(app.menuFocused)
        app.handle(.down)
        app.handle(.enter)
        #expect(!app.menuFocused)
        #expect(app.navigator.top.title == "New customer")
        #expect(app.render().lines()[1].contains("New customer"))
    }

    @Test func qTypesInATextFieldAndQuitsFromAList() {
        let form = SampleFormScreen()
        let (app, _) = make(root: form)
        app.handle(.character("q"))
        #expect(!app.isFinished)
        #expect(form.form.text("name") == "q")
        let (listApp, _) = make()
        listApp.handle(.character("q"))
        #expect(listApp.isFinished)
    }

    @Test func leavingADirtyFormAsksFirst() {
        let (app, _) = make()
        app.handle(.left)
        app.handle(.down)
        app.handle(.enter)
        app.handle(.character("x"))
        app.handle(.left)  // moves the text cursor, not focus
        #expect(!app.menuFocused)
        app.handle(.tab)
        app.handle(.tab)
        app.handle(.character("q"))
        #expect(app.isAskingToConfirm)
        #expect(app.render().text.contains("Discard changes?"))
        app.handle(.escape)
        #expect(!app.isAskingToConfirm)
        #expect(!app.isFinished)
        app.handle(.character("q"))
        app.handle(.right)
        app.handle(.enter)
        #expect(app.isFinished)
    }

    @Test func escGoesBackAndIsNotOfferedAtTheRoot() {
        let (app, _) = make()
        #expect(!app.currentHints.contains { $0.keys.contains(.escape) })
        let form = SampleFormScreen()
        app.handle(.enter)
        _ = form
        // The sample table's Enter records, it does not push; push directly:
        let pushing = PushingScreen()
        let (stackApp, _) = make(root: pushing)
        stackApp.handle(.enter)
        #expect(stackApp.navigator.stack.count == 2)
        #expect(stackApp.currentHints.contains { $0.keys.contains(.escape) })
        stackApp.handle(.escape)
        #expect(stackApp.navigator.stack.count == 1)
    }

    private func status(_ app: App) -> String { app.hintLine.trimmingCharacters(in: .whitespaces) }

    @Test func aTerminalThatMayIgnoreOSC52IsNeverSaidToHaveCopied() {
        let (app, terminal) = make()
        app.handle(.character("c"))
        #expect(terminal.clipboard == ["Fabrikam Solutions"], "OSC 52 is sent anyway")
        let said = status(app)
        #expect(!said.contains("Copied"))
        #expect(said.contains("Sent the name by OSC 52, which this terminal may ignore (no clipboard program found)."))
        #expect(said.contains("It is shown in the table"), "how else to get the text")
        app.handle(.down)
        #expect(!status(app).contains("OSC 52"))
    }

    @Test func aTerminalKnownToAcceptOSC52IsNamed() {
        let terminal = TestTerminal(size: .minimum, capabilities: .init(colors: false, unicode: true, clipboard: .osc52("kitty")))
        let app = App(terminal: terminal, shell: SampleShell(), root: SampleTableScreen())
        app.handle(.character("c"))
        #expect(terminal.clipboard == ["Fabrikam Solutions"])
        #expect(status(app) == "Sent the name to the terminal's clipboard (OSC 52, kitty)")
    }

    @Test func theClipboardProgramThatTookTheTextIsNamedAndAFailureIsShown() {
        let (app, terminal) = make()
        let tool = RecordingClipboardTool(outcome: .copied(program: "wl-copy"))
        app.clipboardTool = tool
        app.handle(.character("c"))
        #expect(terminal.clipboard == ["Fabrikam Solutions"])
        #expect(tool.copied == ["Fabrikam Solutions"])
        #expect(status(app) == "Copied the name to the clipboard with wl-copy")

        tool.outcome = .failed("xclip exited with status 1")
        app.handle(.character("c"))
        #expect(tool.copied.count == 2)
        let said = status(app)
        #expect(said.contains("Not copied for sure: the clipboard program failed (xclip exited with status 1)"))
        #expect(said.contains("It is shown in the table"))
    }

    @Test func helpOpensAndCloses() {
        let (app, _) = make()
        app.handle(.character("?"))
        #expect(app.isShowingHelp)
        #expect(app.render().text.contains("┌ Help"))
        app.handle(.escape)
        #expect(!app.isShowingHelp)
    }

    @Test func runEndsWhenTheTerminalAsksAndDrawsEachState() {
        let (app, terminal) = make()
        terminal.enqueue(keys: [.down, .character("q")])
        app.run()
        #expect(app.isFinished)
        #expect(terminal.frames.count == 2)
    }

    /// An idle tick draws a frame only when it changed something: a dashboard left open
    /// costs a read of the journal's end ten times a second, not a whole frame.
    @Test func idleTicksThatChangeNothingDrawNoFrame() {
        let shell = SampleShell()
        shell.idleAnswers = [false, false, true, false]
        let terminal = TestTerminal(size: .minimum)
        let app = App(terminal: terminal, shell: shell, root: SampleTableScreen())
        terminal.enqueue(.idle, .idle, .idle, .idle, .key(.down))
        app.run()
        #expect(shell.idleCalls == 4)
        // The first frame, the one after the tick that asked for it, the one after the key.
        #expect(terminal.frames.count == 3)
    }

    @Test func readOnlyAndSavingShowInTheTopBar() {
        let shell = SampleShell()
        shell.status.durability = .readOnly(reason: "disk full")
        let terminal = TestTerminal()
        let app = App(terminal: terminal, shell: shell, root: SampleTableScreen())
        let top = app.render().lines()[0]
        #expect(top.hasSuffix("READ-ONLY: disk full"))
        #expect(top.contains("● 2 pending"))
        shell.status.durability = .saving
        #expect(app.render().lines()[0].hasSuffix("saved · snapshot…"))
    }
}

/// Opens another screen on Enter, to test the stack.
@MainActor
private final class PushingScreen: Screen {
    var title: String { "Root" }
    var keyHints: [KeyHint] { [KeyHint(keys: [.enter], label: "Enter", hint: "open", help: "open", section: "Root")] }
    func render(into grid: inout CellGrid, area: Rect) {}
    func handle(key: KeyEvent) -> ScreenAction? {
        key == .enter ? .push(SampleTableScreen()) : nil
    }
}

@MainActor
private final class RecordingClipboardTool: ClipboardTool {
    var outcome: ClipboardToolOutcome
    private(set) var copied: [String] = []
    init(outcome: ClipboardToolOutcome) { self.outcome = outcome }
    func copy(_ text: String) -> ClipboardToolOutcome {
        copied.append(text)
        return outcome
    }
}
