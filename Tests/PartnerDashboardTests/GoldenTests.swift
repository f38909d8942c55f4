import PartnerDashboard
import TerminalKit
import Testing

/// Whole screens compared with files under Golden/ (UPDATE_GOLDEN=1 rewrites).
@MainActor
@Suite struct GoldenTests {
    private func frame(_ size: TerminalSize, keys: [KeyEvent] = [], root: (any Screen)? = nil) -> CellGrid {
        let terminal = TestTerminal(size: size)
        let app = App(terminal: terminal, shell: SampleShell(), root: root ?? SampleTableScreen())
        for key in keys { app.handle(key) }
        return app.render()
    }

    @Test func frameWithTable80x24() throws {
        try Golden.check(frame(.minimum, keys: [.down]), "frame-table-80x24")
    }

    @Test func frameWithTable120x40() throws {
        try Golden.check(frame(TerminalSize(rows: 40, cols: 120), keys: [.down]), "frame-table-120x40")
    }

    @Test func tooSmall79x24() throws {
        try Golden.check(frame(TerminalSize(rows: 24, cols: 79)), "too-small-79x24")
    }

    @Test func filterWithNoMatches() throws {
        try Golden.check(frame(.minimum, keys: [.character("/"), .character("z"), .character("q")]), "filter-empty-80x24")
    }

    @Test func formWithValidationMessage() throws {
        let keys: [KeyEvent] = "Café 日本".map { .character($0) } + [.tab, .character("x"), .tab]
        try Golden.check(frame(.minimum, keys: keys, root: SampleFormScreen()), "form-80x24")
    }

    @Test func helpOverlay() throws {
        try Golden.check(frame(.minimum, keys: [.character("?")]), "help-80x24")
    }

    @Test func discardDialog() throws {
        try Golden.check(frame(.minimum, keys: [.character("x"), .tab, .tab, .character("q")], root: SampleFormScreen()), "discard-dialog-80x24")
    }
}
