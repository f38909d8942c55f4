#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit
import Testing
import TestSupport

/// Draft email: docs/WORKFLOWS.md P4–P7 and
/// the reseller's "Invite new customers" draft; rule 1 (active reseller) and rule 3 (the link).
@MainActor
@Suite struct DraftEmailTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
        demo.seedFreshValues()
    }

    /// Indirect resellers as Ana, Northwind selected, `r` pressed.
    private func draftForNorthwind(size: TerminalSize = .minimum) throws -> (App, TestTerminal, DashboardSession) {
        let (app, terminal, session) = try demo.app(as: DemoWorkspace.provider, page: .indirectResellers, size: size)
        app.select("Northwind")
        app.handle(.character("r"))
        return (app, terminal, session)
    }

    private func invitationCount(_ session: DashboardSession) -> Int { session.model.invitations.count }

    private func northwindInvitation(_ session: DashboardSession) throws -> Invitation? {
        let northwind = try demo.account("Northwind Cloud")
        return session.model.invitations.values.first { $0.kind == .partnership && $0.toAccountId == northwind }
    }

    // MARK: Opening

    @Test func requestAPartnershipIsOfferedOnlyForAResellerWithoutOne() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.provider, page: .indirectResellers)
        for name in ["Fabrikam", "Tailspin"] {
            app.select(name)
            #expect(!app.currentHints.contains { $0.keys.contains(.character("r")) }, "\(name)")
            app.handle(.character("r"))
            #expect(app.navigator.top.title == "Indirect resellers")
        }
        app.select("Northwind")
        #expect(app.screenText.contains("r Request a partnership"))
        app.handle(.character("r"))
        #expect(app.navigator.path == ["Indirect resellers", "Draft email"])
        let text = app.screenText
        #expect(text.contains("nadia@northwindcloud.example"))
        #expect(text.contains("partnerdash://invitation/"))
        #expect(text.contains("[ Done ]"))
    }

    @Test func goldenDraftEmail() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let demo = try DemoWorkspace()
            demo.seedFreshValues()
            let (app, _, _) = try demo.app(as: DemoWorkspace.provider, page: .indirectResellers, size: size)
            app.select("Northwind")
            app.handle(.character("r"))
            try Golden.check(app.render(), "draft-email-\(size.cols)x\(size.rows)")
        }
    }

    @Test func aRefusedDraftShowsWhyAndCreatesNothing() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let before = invitationCount(session)
        let wingtip = try demo.account("Wingtip Consulting")
        let screen = DraftEmailScreen(session: session, target: .reseller(wingtip))
        #expect(screen.draft == nil)
        #expect(screen.keyHints.isEmpty)
        var grid = CellGrid(size: .minimum)
        screen.render(into: &grid, area: Rect(row: 0, col: 0, height: 24, width: 80))
        #expect(grid.text.contains("cannot be drafted"))
        #expect(grid.text.contains("not active"), "rule 1")
        #expect(invitationCount(session) == before)

        let ben = try demo.session(signedInAs: DemoWorkspace.ben)
        let northwind = try demo.account("Northwind Cloud")
        var benGrid = CellGrid(size: .minimum)
        DraftEmailScreen(session: ben, target: .reseller(northwind)).render(into: &benGrid, area: Rect(row: 0, col: 0, height: 24, width: 80))
        #expect(benGrid.text.contains("needs global admin or admin agent"))
    }

    // MARK: Rule 3

    @Test func doneIsRefusedWithoutTheLinkAndSendsOnceItIsBack() throws {
        let (app, _, session) = try draftForNorthwind()
        let before = invitationCount(session)
        let mail = session.outbox.messages().count
        // Ctrl-K from the top clears a line, then joins the next: enough of them empty the body.
        app.press(.ctrl("k"), times: 60)
        app.type("Please be our reseller.")
        #expect(app.screenText.contains("personalized link is missing"))
        app.press(.tab, times: 3)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Draft email", "Done was refused")
        #expect(app.screenText.contains("must contain the personalized link"))
        #expect(invitationCount(session) == before)
        #expect(session.outbox.messages().count == mail)
        #expect(try northwindInvitation(session) == nil)

        // Focus went back to the body; Ctrl-L puts the link back at the cursor.
        #expect(app.currentHints.contains { $0.keys.contains(.ctrl("l")) })
        app.handle(.ctrl("l"))
        #expect(!app.screenText.contains("must contain the personalized link"))
        app.press(.tab, times: 3)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Indirect resellers")
        let invitation = try #require(try northwindInvitation(session))
        #expect(invitation.status == .pending)
        let eml = try StrictMail.parse(contentsOf: try #require(session.outbox.messages().last)).decodedText
        #expect(eml.contains("Please be our reseller.partnerdash://invitation/\(invitation.id)?token="))
    }

    /// Ctrl-L without a control key: while the link is missing a Put link back button
    /// follows Done, ↓ from the body's last row reaches it, and Enter puts the link back at
    /// the body's cursor; then the button is gone and Done sends.
    @Test func putLinkBackIsAButtonReachedWithTheArrows() throws {
        let (app, _, session) = try draftForNorthwind()
        #expect(!app.screenText.contains("[ Put link back ]"), "only while the link is missing")
        app.press(.ctrl("k"), times: 60)
        app.type("Please be our reseller.")
        #expect(app.screenText.contains("[ Put link back ]"))
        #expect(app.screenText.contains("(Put link back, or"), "the note under the body names the button")
        app.press(.down, times: 4)            // past the body's one row: Open in email, Copy, Done, Put link back
        #expect(app.currentHints.contains { $0.keys.contains(.enter) && $0.help.contains("press the button") })
        app.handle(.enter)
        #expect(!app.screenText.contains("personalized link is missing"))
        #expect(!app.screenText.contains("[ Put link back ]"))
        app.press(.tab, times: 3)             // focus went back to the body: Open, Copy, Done
        app.handle(.enter)
        #expect(app.navigator.top.title == "Indirect resellers")
        let invitation = try #require(try northwindInvitation(session))
        let eml = try StrictMail.parse(contentsOf: try #require(session.outbox.messages().last)).decodedText
        #expect(eml.contains("Please be our reseller.partnerdash://invitation/\(invitation.id)?token="))
    }

    @Test func anEditedBodyWithTheLinkIsSentAsEdited() throws {
        let (app, _, session) = try draftForNorthwind(size: TerminalSize(rows: 40, cols: 120))
        let screen = try #require(app.navigator.top as? DraftEmailScreen)
        let draft = try #require(screen.draft)
        app.type("Dear Nadia, ")
        app.press(.tab, times: 3)
        app.handle(.enter)

        #expect(app.navigator.path == ["Indirect resellers"])
        let message = app.hintLine
        #expect(message.contains("Email written to"))
        #expect(message.contains("Invitation sent to"))
        let invitation = try #require(session.model.invitations[draft.id], "stored under the drafted id")
        #expect(invitation.status == .pending)
        #expect(invitation.email == "nadia@northwindcloud.example")
        let file = try #require(session.outbox.messages().last)
        #expect(message.contains(file.lastPathComponent))
        let eml = try StrictMail.parse(contentsOf: file).decodedText
        #expect(eml.contains("Dear Nadia, Hello Nadia Okafor,"))
        #expect(eml.contains(draft.link.description))
        // The reseller's row says so at once.
        let row = try #require(app.render().lines().first { $0.contains("Northwind Cloud") })
        #expect(row.contains("Invited"))
    }

    @Test func doneWhoseEmailCannotBeWrittenSaysTheInvitationIsSavedAndShowsTheLink() throws {
        demo.workspace.outbox.files = FaultyMailFiles(failing: .publish, errno: ENOSPC)
        let (app, terminal, session) = try draftForNorthwind(size: TerminalSize(rows: 40, cols: 120))
        let draft = try #require((app.navigator.top as? DraftEmailScreen)?.draft)
        let before = session.outbox.messages()
        app.press(.tab, times: 3)             // body → Open → Copy → Done
        app.handle(.enter)

        #expect(session.model.invitations[draft.id]?.status == .pending, "the invitation is saved")
        #expect(session.outbox.messages() == before)
        #expect(app.navigator.path == ["Indirect resellers", "Draft email"], "the page stays to say so")
        let text = app.pageText
        #expect(text.contains("the change is saved, but its email could not be written"), "\(app.screenText)")
        #expect(text.contains("No space left on device"))
        #expect(text.contains("The link is shown above; Copy link copies it."))
        let linkRow = try #require(app.render().lines().first { $0.contains("Link  ") })
        #expect(linkRow.contains(String(draft.link.description.prefix(60))), "on one line, cut only at its end")
        app.handle(.tab)                      // Done → Copy link
        app.handle(.enter)
        #expect(terminal.clipboard.last == draft.link.description, "the whole link another way")
        app.handle(.backTab)
        #expect(!app.screenText.lowercased().contains("not sent"))
        #expect(session.durability == .mailWaiting(reason: "No space left on device (partnerdash outbox write)"),
                "the top bar says so on any page")

        app.handle(.enter)                    // Done again leaves; nothing is sent twice
        #expect(app.navigator.path == ["Indirect resellers"])
        #expect(session.model.invitations.values.filter { $0.toAccountId == draft.toAccountId && $0.status == .pending }.count == 1)
    }

    @Test func thePartnershipRequestCanGoToAnotherAddressOfTheReseller() throws {
        let (app, _, session) = try draftForNorthwind(size: TerminalSize(rows: 40, cols: 120))
        let draft = try #require((app.navigator.top as? DraftEmailScreen)?.draft)
        #expect(draft.to == "nadia@northwindcloud.example", "prefilled with the primary contact")
        app.press(.backTab, times: 2)         // body → Subject → To
        app.press(.ctrl("u"))
        app.type("not an address")
        app.press(.tab, times: 5)             // To → Subject → body → Open → Copy → Done
        app.handle(.enter)
        #expect(app.navigator.path == ["Indirect resellers", "Draft email"], "refused: stays on the draft")
        #expect(app.screenText.contains("! "), "the reason shows beside To")
        #expect(session.model.invitations[draft.id] == nil)

        // The refusal put the cursor back in To.
        app.press(.ctrl("u"))
        app.type("partners@northwindcloud.example")
        app.press(.tab, times: 5)
        app.handle(.enter)
        #expect(app.navigator.path == ["Indirect resellers"])
        #expect(session.model.invitations[draft.id]?.email == "partners@northwindcloud.example")
        let eml = try StrictMail.parse(contentsOf: try #require(session.outbox.messages().last)).decodedText
        #expect(eml.contains("To: partners@northwindcloud.example"))
    }

    // MARK: Leaving

    @Test func escWithEditsAsksAndCancelStoresNothing() throws {
        let (app, _, session) = try draftForNorthwind()
        let before = invitationCount(session)
        app.type("x")
        app.handle(.escape)
        #expect(app.isAskingToConfirm)
        app.handle(.escape)
        #expect(app.navigator.top.title == "Draft email", "Keep editing")
        app.press(.tab, times: 5)             // Open, Copy, Done, Copy link, Cancel
        app.handle(.enter)
        #expect(app.navigator.top.title == "Indirect resellers")
        #expect(invitationCount(session) == before)
    }

    @Test func escWithoutEditsLeavesAtOnce() throws {
        let (app, _, _) = try draftForNorthwind()
        app.handle(.escape)
        #expect(!app.isAskingToConfirm)
        #expect(app.navigator.top.title == "Indirect resellers")
    }

    // MARK: Open in email, Copy to clipboard

    @Test func openInEmailHandsAMailtoLinkToTheOpener() throws {
        let (app, _, session) = try draftForNorthwind()
        let opener = RecordingOpener()
        session.opener = opener
        let screen = try #require(app.navigator.top as? DraftEmailScreen)
        let link = try #require(screen.draft?.link.description)
        app.handle(.tab)
        app.handle(.enter)
        let url = try #require(opener.opened.first)
        #expect(url.hasPrefix("mailto:nadia%40northwindcloud.example?subject=Contoso%20Distribution%20invites"))
        #expect(url.contains("&body=Hello%20Nadia%20Okafor"))
        #expect(url.contains(link.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "?"))
        #expect(app.hintLine.contains("Handed the email to xdg-open"))
        #expect(try northwindInvitation(session) == nil, "opening sends nothing; Done does")

        opener.outcome = .noProgram
        app.handle(.enter)
        #expect(app.hintLine.contains("no mail program found"))
    }

    @Test func leavingAfterOpenInEmailWithoutDoneAsksFirst() throws {
        let (app, _, session) = try draftForNorthwind(size: TerminalSize(rows: 40, cols: 120))
        session.opener = RecordingOpener()
        app.handle(.escape)
        #expect(!app.isAskingToConfirm, "nothing handed out, nothing typed: leaves at once")
        app.handle(.character("r"))
        app.handle(.tab)
        app.handle(.enter)                    // Open in email
        app.handle(.escape)
        #expect(app.isAskingToConfirm)
        #expect(app.screenText.contains("holds a link that works only after Done"))
        app.handle(.escape)                   // Keep editing
        #expect(app.navigator.top.title == "Draft email")
        app.press(.tab, times: 2)             // Copy, Done
        app.handle(.enter)
        #expect(app.navigator.path == ["Indirect resellers"])
        #expect(try northwindInvitation(session)?.status == .pending)
    }

    @Test func copyToClipboardCopiesTheBody() throws {
        let (app, terminal, _) = try draftForNorthwind()
        let screen = try #require(app.navigator.top as? DraftEmailScreen)
        app.press(.tab, times: 2)
        app.handle(.enter)
        #expect(terminal.clipboard.last == screen.draft?.body)
        // The test terminal may ignore OSC 52 and there is no clipboard program: never "Copied".
        #expect(!app.hintLine.contains("Copied"))
        #expect(app.hintLine.contains("Sent the email body by OSC 52, which this terminal may ignore"))
        #expect(app.hintLine.contains("Open in email hands it to your mail program instead. Select Done once it is sent"))
    }

    @Test func theLinkHasALineOfItsOwnCutOnlyWhenThePageIsNarrowerThanIt() throws {
        let (narrow, _, _) = try draftForNorthwind()
        let link = try #require((narrow.navigator.top as? DraftEmailScreen)?.draft?.link.description)
        let cut = try #require(narrow.render().lines().first { $0.contains("Link  ") })
        #expect(cut.contains(String(link.prefix(40))) && cut.contains("…"), "\(cut)")
        #expect(narrow.pageText.contains("The link is cut to fit: Copy link copies it whole."))

        let (wide, _, _) = try draftForNorthwind(size: TerminalSize(rows: 40, cols: 160))
        let wideLink = try #require((wide.navigator.top as? DraftEmailScreen)?.draft?.link.description)
        let whole = try #require(wide.render().lines().first { $0.contains("Link  ") })
        #expect(whole.contains(" " + wideLink + " "), "never wrapped: one mouse selection copies it")
        #expect(!wide.pageText.contains("cut to fit"))
    }

    @Test func copyLinkCopiesTheWholeLinkAndSaysWhereElseItIs() throws {
        let (app, terminal, _) = try draftForNorthwind()
        let link = try #require((app.navigator.top as? DraftEmailScreen)?.draft?.link.description)
        app.press(.tab, times: 4)             // Open, Copy, Done, Copy link
        app.handle(.enter)
        #expect(terminal.clipboard.last == link)
        #expect(app.hintLine.contains("Sent the personalized link by OSC 52, which this terminal may ignore"))
        #expect(app.hintLine.contains("The body above holds it, and after Done so does the email in the workspace's outbox/"))
    }

    // MARK: A To address typed on the page

    @Test func inviteNewCustomersAsksForTheAddressAndKeepsTheDraftsLink() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.screen(for: .indirectProviders))
        app.handle(.character("i"))
        let screen = try #require(app.navigator.top as? DraftEmailScreen)
        let draft = try #require(screen.draft)
        #expect(draft.to.isEmpty)
        #expect(screen.inputMode == .text, "focus starts in To")
        app.handle(.tab)
        #expect(app.screenText.contains("! is required"), "validated on leave")

        let before = session.model.invitations.count
        app.press(.tab, times: 4)
        app.handle(.enter)
        #expect(app.navigator.top === screen, "Done without an address is refused")
        #expect(session.model.invitations.count == before)

        #expect(app.screenText.contains("! is required"), "the domain's refusal, beside To")
        app.type("it@newco.example")
        app.press(.tab, times: 5)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Indirect providers")
        let invitation = try #require(session.model.invitations[draft.id])
        #expect(invitation.email == "it@newco.example")
        #expect(invitation.kind == .indirectResellerRelationship)
        #expect(invitation.providerId == (try demo.account("Contoso Distribution")))
        let eml = try StrictMail.parse(contentsOf: try #require(session.outbox.messages().last)).decodedText
        #expect(eml.contains("To: it@newco.example"))
        #expect(eml.contains(draft.link.description))
    }

    // MARK: Keys

    @Test func draftEmailHandlesExactlyTheKeysItLists() throws {
        let demo = self.demo
        let ana = try demo.session(signedInAs: DemoWorkspace.provider)
        let mia = try demo.session(signedInAs: DemoWorkspace.reseller)
        let northwind = try demo.account("Northwind Cloud")
        let wingtip = try demo.account("Wingtip Consulting")
        let contoso = try demo.account("Contoso Distribution")
        KeymapTests.checkHintsMatchHandling { DraftEmailScreen(session: ana, target: .reseller(northwind)) }
        KeymapTests.checkHintsMatchHandling { DraftEmailScreen(session: ana, target: .reseller(wingtip)) }
        KeymapTests.checkHintsMatchHandling { DraftEmailScreen(session: mia, target: .customerWithProvider(email: "", provider: contoso)) }
        for tabs in [1, 3] {
            KeymapTests.checkHintsMatchHandling {
                let screen = DraftEmailScreen(session: ana, target: .reseller(northwind))
                for _ in 0..<tabs { _ = screen.handle(key: .tab) }
                return screen
            }
        }
        KeymapTests.checkHintsMatchHandling {
            // The body without its link: Ctrl-L is offered.
            let screen = DraftEmailScreen(session: ana, target: .reseller(northwind))
            for _ in 0..<60 { _ = screen.handle(key: .ctrl("k")) }
            return screen
        }
    }

    /// Done with an empty subject: the domain refuses it (the subject's table row is
    /// required) and the refusal lands on Subject, which gets the focus; nothing is stored.
    @Test func aRefusedSubjectLandsOnTheSubjectField() throws {
        let (app, _, session) = try draftForNorthwind()
        let before = invitationCount(session)
        app.handle(.backTab)                  // Body → Subject
        app.press(.home)
        app.press(.ctrl("k"))
        app.press(.tab, times: 4)             // Body, Open in email, Copy, Done
        app.handle(.enter)
        #expect(invitationCount(session) == before)
        #expect(app.navigator.top is DraftEmailScreen)
        #expect(app.screenText.contains("! is required"))
        app.type("Join us")                   // typed into Subject: the refusal took the focus there
        app.press(.tab, times: 4)
        app.handle(.enter)
        let sent = try #require(try northwindInvitation(session))
        let eml = try StrictMail.parse(contentsOf: try #require(session.outbox.messages().last)).decodedText
        #expect(eml.contains("Subject: Join us"), "\(sent.id)")
    }
}
