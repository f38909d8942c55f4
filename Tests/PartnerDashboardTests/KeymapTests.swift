import PartnerDashboard
import TerminalKit
import Testing

/// One table drives handling, the hint bar and help: these check they agree.
@MainActor
@Suite struct KeymapTests {
    /// Every key a test can press: named keys, printable ASCII, some Ctrl.
    nonisolated static let universe: [KeyEvent] = {
        var keys: [KeyEvent] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .tab, .backTab,
                                .enter, .escape, .backspace, .delete, .function(1), .function(5)]
        keys += (32...126).map { .character(Character(Unicode.Scalar(UInt8($0)))) }
        keys += "abcdefkuw".map { .ctrl($0) }
        return keys
    }()

    @Test func bindingsFindTheirActionAndLabelsDefaultToKeyNames() {
        let map = Keymap<Int>("T", [
            KeyBinding([.character("r")], 1, hint: "request", help: "Request a partnership"),
            KeyBinding([(.up, 2), (.down, 3)], label: "↑↓", hint: "move", help: "move"),
        ])
        #expect(map.action(for: .character("r")) == 1)
        #expect(map.action(for: .down) == 3)
        #expect(map.action(for: .character("x")) == nil)
        #expect(map.hints[0].label == "r")
        #expect(map.actions == [1, 2, 3])
    }

    @Test func filteringByStateRemovesTheKeyFromHandlingAndHints() {
        let map = Keymap<Int>("T", [
            KeyBinding([.character("n")], 1, hint: "new", help: "Add new customer"),
            KeyBinding([(.up, 2), (.down, 3)], label: "↑↓", hint: "move", help: "move"),
        ]).only { $0 != 1 && $0 != 3 }
        #expect(map.action(for: .character("n")) == nil)
        #expect(map.action(for: .down) == nil)
        #expect(map.hints.count == 1)
        #expect(map.hints[0].label == "↑", "a label naming a removed key is rebuilt")
    }

    nonisolated static let tables: [(String, [KeyHint])] = [
        ("List", ListAction.keymap.hints), ("Text", TextField.keymap.hints), ("Checkbox", Checkbox.keymap.hints),
        ("Choice", ChoiceField.keymap.hints), ("Filter", FilterBar.keymap.hints), ("Help", HelpOverlay.keymap.hints),
        ("Global", GlobalAction.keymap.hints), ("Menu", MenuAction.keymap.hints), ("Form", Form<String>.keymap.hints),
        ("Dialog", Dialog<String>.keymap.hints), ("Button", Button<String>.keymap.hints),
    ]

    @Test(arguments: tables.map(\.0))
    func noTableBindsAKeyTwice(name: String) throws {
        let hints = try #require(Self.tables.first { $0.0 == name }).1
        let keys = hints.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "\(name) binds a key twice")
        #expect(hints.allSatisfy { !$0.keys.isEmpty && !$0.help.isEmpty })
    }

    @Test func everyGlobalActionHasAKey() {
        #expect(Set(GlobalAction.keymap.actions) == Set(GlobalAction.allCases))
        #expect(Set(ListAction.keymap.actions) == Set(ListAction.allCases))
        #expect(Set(TextField.keymap.actions) == Set(TextField.Action.allCases))
    }

    /// A screen handles exactly the keys it lists (plus typing in text mode); the others
    /// do nothing, or say why (`ScreenAction.unavailable`).
    static func checkHintsMatchHandling(_ make: () -> any Screen, sourceLocation: SourceLocation = #_sourceLocation) {
        for key in universe {
            let screen = make()
            let hinted = screen.keyHints.contains { $0.keys.contains(key) }
            let typing = screen.inputMode == .text && key.isPrintable
            // A key that only says why it does nothing here is not one the page acts on.
            let handled: Bool
            switch screen.handle(key: key) {
            case nil, .unavailable?: handled = false
            default: handled = true
            }
            #expect(handled == (hinted || typing), "key \(key.label): handled \(handled), listed \(hinted)", sourceLocation: sourceLocation)
        }
    }

    @Test func sampleScreensHandleExactlyTheKeysTheyList() {
        Self.checkHintsMatchHandling { SampleTableScreen() }
        Self.checkHintsMatchHandling { SampleFormScreen() }
        Self.checkHintsMatchHandling {
            let s = SampleTableScreen()
            _ = s.handle(key: .character("/"))
            return s
        }
    }

    private func app() -> (App, TestTerminal) {
        let terminal = TestTerminal(size: TerminalSize(rows: 40, cols: 120))
        return (App(terminal: terminal, shell: SampleShell(), root: SampleTableScreen()), terminal)
    }

    @Test(arguments: [
        [KeyEvent](),
        [.left],
        [.left, .down, .enter, .tab, .tab],
        [.character("/"), .character("a"), .enter],
    ])
    func hintBarIsASubsetOfHelp(path: [KeyEvent]) {
        let (app, _) = app()
        for key in path { app.handle(key) }
        let bar = HintBar(hints: app.currentHints).visibleHints(width: 120)
        #expect(bar.contains { $0.keys.contains(.character("?")) })
        app.handle(.character("?"))
        #expect(app.isShowingHelp)
        let helpText = app.render().text
        for hint in bar {
            #expect(helpText.contains(hint.label), "\(hint.label) is in the bar but not in help")
            #expect(helpText.contains(hint.help), "\(hint.help) is in the bar but not in help")
        }
    }

    @Test func questionMarkTypesWhileFiltering() {
        let (app, _) = app()
        app.handle(.character("/"))
        #expect(!HintBar(hints: app.currentHints).visibleHints(width: 120).contains { $0.keys.contains(.character("?")) })
        app.handle(.character("?"))
        #expect(!app.isShowingHelp)
    }

    @Test func everyListedKeyIsInHelp() {
        let (app, _) = app()
        let hints = app.currentHints
        app.handle(.character("?"))
        let text = app.render().text
        for hint in hints { #expect(text.contains(hint.help)) }
    }
}
