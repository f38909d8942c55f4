import TerminalKit
import Testing

/// What the bottom bar keeps when it is narrow, how a long status message is shown, and
/// which of a text's forms a narrow column gets (issue 10, item 6).
@MainActor
@Suite struct FeedbackWidgetTests {
    private static func page(_ pairs: [(String, String)]) -> [KeyHint] {
        pairs.map { KeyHint(keys: [.character(Character($0.0))], label: $0.0, hint: $0.1, help: $0.1, section: "Activity log") }
    }

    private static let activityLog = page([("u", "user"), ("o", "operation"), ("c", "customer"), ("x", "clear"), ("e", "export")])
    private static let globals = GlobalAction.keymap.hints

    @Test func theWaysOutOutrankThePagesKeysWhenTheBarIsNarrow() {
        let list = [KeyHint(keys: [.up, .down], label: "↑↓", hint: "move", help: "move", section: "Table")]
        let bar = HintBar(hints: list + Self.activityLog + Self.globals)
        let shown = bar.visibleHints(width: 80).map(\.label)
        #expect(shown.suffix(5) == ["←", "Esc", ":", "q", "?"], "the essential hints, help last: \(shown)")
        #expect(shown.first == "↑↓", "the page's first hints stay while there is room")
        #expect(!shown.contains("e"), "a page hint gave way")
        #expect(bar.visibleHints(width: 200).count == list.count + Self.activityLog.count + Self.globals.count)
    }

    @Test func onlyHelpIsLeftWhenNothingElseFits() {
        let bar = HintBar(hints: Self.activityLog + Self.globals)
        #expect(bar.visibleHints(width: 12).map(\.label) == ["?"])
        #expect(bar.visibleHints(width: 22).map(\.label) == ["←", "?"], "essential before page, in the table's order")
    }

    @Test func aFilteredGlobalTableKeepsItsPriority() {
        let kept = GlobalAction.keymap.only { $0 != .jump }.keeping { $0 != .character("h") }
        #expect(kept.hints.allSatisfy { $0.priority == .essential })
        #expect(Keymap<Int>("Page", [KeyBinding([.enter], 1, help: "open")]).hints.allSatisfy { $0.priority == .page })
    }

    // MARK: Status messages

    @Test func aLongMessageWrapsOntoMoreLinesAndThePageGivesThemUp() {
        let message = "Email written to outbox/2026-12-06T10-35-00Z-invitation.eml · Invitation sent to nadia@northwindcloud.example; "
            + "the link works until 2027-01-05"
        let lines = HintBar.messageLines(message, width: 80)
        #expect(lines.count == 2)
        #expect(lines.joined(separator: " ") == message, "nothing is cut")
        let narrow = FrameLayout(size: .minimum, hasMenu: true)
        let told = FrameLayout(size: .minimum, hasMenu: true, message: message)
        #expect(told.hintBar.height == 2 && told.hintBar.bottom == 24)
        #expect(told.page.height == narrow.page.height - 1)

        var grid = CellGrid(size: .minimum)
        Frame(status: FrameStatus(), hasMenu: true, path: ["Indirect resellers"], hints: [], message: message).render(into: &grid)
        let shown = grid.lines().suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(shown.joined(separator: " ") == message)
    }

    @Test func aMessageBeyondFourLinesEndsInAnEllipsis() {
        let message = Array(repeating: "word", count: 200).joined(separator: " ")
        let lines = HintBar.messageLines(message, width: 80)
        #expect(lines.count == HintBar.maxMessageLines)
        #expect(lines.last?.hasSuffix("…") == true)
        #expect(lines.allSatisfy { DisplayText.width(of: $0) <= 78 })
        #expect(HintBar.messageLines("Saved", width: 80) == ["Saved"])
        #expect(HintBar.messageLines(nil, width: 80).isEmpty)
    }

    // MARK: Short names

    @Test func theFullNameWhereItFitsTheShortOneWhereItWouldBeCut() {
        #expect(Fitting.text("Microsoft 365 Business Premium", short: "M365 Premium", width: 30) == "Microsoft 365 Business Premium")
        #expect(Fitting.text("Microsoft 365 Business Premium", short: "M365 Premium", width: 29) == "M365 Premium")
        #expect(Fitting.text("Microsoft 365 Business Premium", short: nil, width: 10) == "Microsoft 365 Business Premium")
        #expect(Fitting.text("日本システム", short: "日本", width: 11) == "日本", "by display width, not characters")
    }

    @Test func aTableCellGetsItsShortFormOnlyInANarrowColumn() {
        var table = TableView<Int>(columns: [TableColumn("Offer", .flexible(min: 10)), TableColumn("Licenses", .fixed(8))],
                                   emptyText: "none")
        table.setRows([0])
        let row = TableRow(["Microsoft 365 Business Premium", "10"], shorter: [0: "M365 Premium"])
        for (width, expected) in [(30, "M365 Premium"), (60, "Microsoft 365 Business Premium")] {
            var grid = CellGrid(size: TerminalSize(rows: 3, cols: width))
            table.render(into: &grid, area: Rect(row: 0, col: 0, height: 3, width: width), focused: false) { _ in row }
            #expect(grid.lines()[1].contains(expected), "at \(width): \(grid.lines()[1])")
            #expect(!grid.lines()[1].contains("…"))
        }
    }

    // MARK: Clipboard

    @Test func onlyTerminalsThatAcceptOSC52AsTheyShipAreKnown() {
        #expect(ClipboardSupport.detect(environment: ["TERM": "xterm-kitty"]) == .osc52("kitty"))
        #expect(ClipboardSupport.detect(environment: ["TERM": "xterm-256color", "WT_SESSION": "1"]) == .osc52("Windows Terminal"))
        #expect(ClipboardSupport.detect(environment: ["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"]) == .osc52("WezTerm"))
        #expect(ClipboardSupport.detect(environment: ["TERM": "xterm-256color", "VTE_VERSION": "7600"]) == .unknown)
        #expect(ClipboardSupport.detect(environment: ["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"]) == .unknown)
        // tmux drops an application's OSC 52 unless set-clipboard is on, whatever is around it.
        #expect(ClipboardSupport.detect(environment: ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0",
                                                     "KITTY_WINDOW_ID": "1"]) == .unknown)
        #expect(ClipboardSupport.detect(environment: [:]) == .unknown)
    }

    @Test func theReportSaysWhatWasDoneAndHowElseToGetTheText() {
        let copy = ClipboardCopy("secret", what: "the password", otherwise: "it is shown on this page", next: "select Done")
        #expect(copy.report(program: .copied(program: "xclip"), terminal: .unknown)
                == "Copied the password to the clipboard with xclip. Select Done")
        #expect(copy.report(program: .noProgram, terminal: .osc52("foot"))
                == "Sent the password to the terminal's clipboard (OSC 52, foot). Select Done")
        #expect(copy.report(program: .noProgram, terminal: .unknown)
                == "Sent the password by OSC 52, which this terminal may ignore (no clipboard program found). "
                + "It is shown on this page. Select Done")
        let failed = copy.report(program: .failed("xsel exited with status 1"), terminal: .unknown)
        #expect(failed.contains("xsel exited with status 1") && failed.contains("It is shown on this page"))
        #expect(!failed.contains("Copied"))
    }
}
