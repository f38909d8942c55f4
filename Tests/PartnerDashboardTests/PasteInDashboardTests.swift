@testable import PartnerDashboard
import TerminalKit
import Testing

/// A paste reaches the focused input whole, through the app (docs/TUI.md › Paste).
@MainActor
@Suite struct PasteInDashboardTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
        demo.seedFreshValues()
    }

    @Test func pastingEscAndQIntoTheLinkFieldKeepsTheDashboardRunningWithTheText() throws {
        let (app, terminal, _) = try demo.app(as: DemoWorkspace.reseller, page: .openInvitationLink)
        terminal.paste("abc\u{1B}q")
        app.run()
        #expect(!app.isFinished, "the pasted q did not quit")
        #expect(!app.menuFocused, "the pasted Esc did not leave the field")
        let screen = try #require(app.navigator.top as? OpenInvitationLinkScreen)
        #expect(screen.form.text(.link) == "abcq", "the Esc is dropped as when typed; the q is text")
        #expect(terminal.frames.count == 2, "one frame before the paste and one after it, not one per character")
        #expect(terminal.lastFrame?.text.contains("abcq") == true)

        // The same characters as keys, as the terminal sent them before bracketed paste: Esc
        // leaves the field for the menu and q quits.
        let (typedApp, typing, _) = try demo.app(as: DemoWorkspace.reseller, page: .openInvitationLink)
        typing.enqueue(.input("abc\u{1B}q"))
        typedApp.run()
        #expect(typedApp.isFinished)
    }

    @Test func aPastePastTheBodysMaximumIsRefusedInTheStatusLine() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.provider, page: .indirectResellers, size: TerminalSize(rows: 40, cols: 120))
        app.select("Northwind")
        app.handle(.character("r"))
        let screen = try #require(app.navigator.top as? DraftEmailScreen)
        let before = screen.mail.body
        app.handle(.paste(String(repeating: "x", count: 100_000)))
        #expect(app.hintLine.contains("Not pasted: Body holds at most 20000 characters, and the paste of 100000 would make it"))
        #expect(screen.mail.body == before, "nothing of it went in")

        app.handle(.paste("Dear Nadia,\n\n"))
        #expect(screen.mail.body == "Dear Nadia,\n\n" + before)
        #expect(!app.hintLine.contains("Not pasted"))
    }

    @Test func aPasteWhereNothingTakesTextIsDroppedAndSaidSo() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.provider, page: .indirectResellers)
        app.handle(.paste("q"))
        #expect(!app.isFinished)
        #expect(app.hintLine.contains("Nothing here takes text: move to a field, then paste"))
    }

    @Test func aPasteIntoTheFilterFiltersOnce() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.provider, page: .indirectResellers)
        app.handle(.character("/"))
        app.handle(.paste("North\nwind"))
        #expect(app.screenText.contains("/ North wind"))
    }
}
