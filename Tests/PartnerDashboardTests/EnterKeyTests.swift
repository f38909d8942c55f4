import Foundation
import PartnerCore
@testable import PartnerDashboard
import TerminalKit
import Testing

/// Enter does what people expect (issue 10, item 3), the link field keeps its cursor at
/// the end after Enter (issue 13, item 4), and F1 is help where `?` is text.
@MainActor
@Suite struct EnterKeyTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
        demo.seedFreshValues()
    }

    // MARK: Checkbox

    @Test func enterTogglesACheckboxAndStaysOnIt() {
        var box = Checkbox(label: "Answer as the invited customer")
        let handled = box.handle(.enter)
        #expect(handled && box.isChecked)
        var form = Form<Int>(fields: [.init(0, .checkbox(Checkbox(label: "box"))), .init(1, .text(TextField(label: "name")))], buttons: [])
        let outcome = form.handle(.enter)
        #expect(outcome == .edited(0))
        #expect(form.isChecked(0))
        #expect(form.focusedID == 0, "Enter on a box ticks it rather than moving on")
    }

    // MARK: Draft email

    @Test func downPastTheBodysLastLineReachesTheButtons() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let northwind = try demo.account("Northwind Cloud")
        let app = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: session),
                      root: DraftEmailScreen(session: session, target: .reseller(northwind)))
        #expect(app.navigator.top.inputMode == .text, "the draft starts in the body")
        var presses = 0
        while app.navigator.top.inputMode == .text && presses < 200 {
            app.handle(.down)
            presses += 1
        }
        #expect(app.navigator.top.inputMode == .navigation, "↓ left the body for the buttons")
        #expect(app.currentHints.contains { $0.keys.contains(.enter) && $0.hint == "press" } || app.render().text.contains("Open in email"))
        app.handle(.up)
        #expect(app.navigator.top.inputMode == .text, "↑ from the first button is back in the body")
        app.handle(.down)
        #expect(app.navigator.top.inputMode == .navigation, "and ↓ on its last row leaves it again at once")
    }

    @Test func upFromTheBodysFirstLineReachesTheSubject() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let northwind = try demo.account("Northwind Cloud")
        let screen = DraftEmailScreen(session: session, target: .reseller(northwind))
        let app = App(terminal: TestTerminal(size: .minimum), shell: DashboardShell(session: session), root: screen)
        _ = app.render()
        let body = screen.mail.body
        app.handle(.up)
        app.type("X")
        #expect(screen.mail.subject.hasSuffix("X") || screen.mail.subject.hasPrefix("X"), "typing went to the subject: \(screen.mail.subject)")
        #expect(screen.mail.body == body)
    }

    // MARK: Invitation link (issue 13, item 4)

    /// A partnership link to Northwind, and the Invitation link page as Northwind's admin.
    private func linkToNorthwindAndItsPage() throws -> (InvitationLink, App) {
        let link = try demo.send(.reseller(try demo.account("Northwind Cloud")), as: DemoWorkspace.provider)
        let (app, _, _) = try demo.app(as: DemoWorkspace.nadia, page: .openInvitationLink)
        return (link, app)
    }

    @Test func afterEnterCtrlUClearsTheLinkAndTheNewLinkOpens() throws {
        let (link, app) = try linkToNorthwindAndItsPage()
        let screen = try #require(app.navigator.top as? OpenInvitationLinkScreen)
        let wrong = InvitationLink(invitationId: link.invitationId, token: String(repeating: "A", count: link.token.count))
        app.type(wrong.description)
        app.handle(.enter)
        #expect(app.pageText.contains("does not match"), "\(app.pageText)")
        app.handle(.ctrl("u"))
        #expect(screen.form.text(.link).isEmpty, "Ctrl-U after Enter clears the whole link")
        app.type(link.description)
        app.handle(.enter)
        #expect(screen.form.text(.link) == link.description)
        #expect(app.pageText.contains("I authorize this indirect provider"))
    }

    @Test func aPastedLinkOpensWithEnter() throws {
        let (link, app) = try linkToNorthwindAndItsPage()
        app.handle(.paste(link.description + "\n"))
        app.handle(.enter)
        #expect(app.pageText.contains("I authorize this indirect provider"))
    }

    @Test func aLinkPastedWhereverFocusIsReplacesTheLinkAndEnterOpensIt() throws {
        let (link, app) = try linkToNorthwindAndItsPage()
        let screen = try #require(app.navigator.top as? OpenInvitationLinkScreen)
        app.type(link.description)
        app.handle(.enter)
        #expect(app.pageText.contains("I authorize this indirect provider"))
        app.handle(.tab)
        #expect(screen.form.focusedID != .link)
        app.handle(.paste(link.description))
        #expect(screen.form.focusedID == .link)
        #expect(screen.form.text(.link) == link.description, "the pasted link replaced the text, not added to it")
        app.handle(.enter)
        #expect(app.pageText.contains("I authorize this indirect provider"))
    }

    // MARK: F1

    @Test func f1OpensHelpInATextFieldAndTheBarSaysSo() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.nadia, page: .openInvitationLink, size: TerminalSize(rows: 40, cols: 120))
        #expect(app.navigator.top.inputMode == .text)
        #expect(app.render().lines().last?.contains("F1 help") == true, "\(app.render().lines().last ?? "")")
        app.handle(.character("?"))
        #expect(!app.isShowingHelp, "? is typed")
        app.handle(.function(1))
        #expect(app.isShowingHelp)
    }
}
