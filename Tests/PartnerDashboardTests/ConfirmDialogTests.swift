import TerminalKit
import Testing

/// `ScreenAction.confirm`: the app holds the one dialog. While it is open every key is
/// the dialog's, no second dialog opens, and only the proceed answer runs `then`.
@MainActor
@Suite struct ConfirmDialogTests {
    /// A page with unsaved changes whose `d` asks before deleting.
    final class AskingScreen: Screen {
        var deleted = 0
        var title: String { "Asking" }
        var hasUnsavedChanges: Bool { true }
        var keyHints: [KeyHint] { [KeyHint(keys: [.character("d")], label: "d", hint: "delete", help: "delete", section: "Asking")] }
        func render(into grid: inout CellGrid, area: Rect) {
            grid.write("deleted \(deleted)", row: area.row, col: area.col)
        }
        func handle(key: KeyEvent) -> ScreenAction? {
            guard key == .character("d") else { return nil }
            return .confirm(title: "Delete it?", message: ["It cannot be undone."],
                            choices: ConfirmChoices(keep: "Keep it", proceed: "Delete")) { [self] in
                deleted += 1
                return .message("Deleted")
            }
        }
    }

    @Test func onlyTheDialogsKeysWorkWhileItIsOpen() {
        let screen = AskingScreen()
        let app = App(terminal: TestTerminal(size: .minimum), shell: SampleShell(), root: screen)
        app.handle(.character("d"))
        #expect(app.dialogTitle == "Delete it?")
        #expect(app.render().statusText.trimmingCharacters(in: .whitespaces) == "Enter press  ←→ choose  Esc cancel")
        // Menu, jump, help, quit and the page's own key: nothing, and no second dialog.
        for key in [KeyEvent.character("h"), .character(":"), .character("?"), .character("q"), .character("d"), .down] {
            app.handle(key)
            #expect(app.dialogTitle == "Delete it?")
            #expect(!app.menuFocused && !app.isShowingHelp && !app.isFinished)
        }
        #expect(screen.deleted == 0)
        let frame = app.render().text
        #expect(frame.components(separatedBy: "Delete it?").count == 2)
        #expect(!frame.contains("Discard changes?"))

        app.handle(.escape)  // the safe answer
        #expect(!app.isAskingToConfirm)
        #expect(screen.deleted == 0)

        app.handle(.character("d"))
        app.handle(.right)
        app.handle(.enter)
        #expect(!app.isAskingToConfirm)
        #expect(screen.deleted == 1, "then runs once, on the proceed answer")
        #expect(app.render().statusText.contains("Deleted") == true, "and its action is applied")
    }

    @Test func quittingWithUnsavedChangesStillAsksOnceTheDialogIsAnswered() {
        let screen = AskingScreen()
        let app = App(terminal: TestTerminal(size: .minimum), shell: SampleShell(), root: screen)
        app.handle(.character("d"))
        app.handle(.character("q"))
        #expect(app.dialogTitle == "Delete it?", "q is not the dialog's")
        app.handle(.escape)
        app.handle(.character("q"))
        #expect(app.dialogTitle == "Discard changes?")
        app.handle(.right)
        app.handle(.enter)
        #expect(app.isFinished)
    }
}
