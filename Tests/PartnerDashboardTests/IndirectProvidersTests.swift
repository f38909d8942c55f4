import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit
import Testing

/// Indirect providers: docs/WORKFLOWS.md R14–R22.
@MainActor
@Suite struct IndirectProvidersTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func partnership(_ session: DashboardSession, reseller: String) throws -> Partnership? {
        let provider = try demo.account("Contoso Distribution")
        return session.model.activePartnership(provider: provider, reseller: try demo.account(reseller))
    }

    @Test func resellersHaveTheMenuPageAndProvidersDoNot() throws {
        let reseller = DashboardShell(session: try demo.session(signedInAs: DemoWorkspace.tom))
        #expect(reseller.menu.map(\.title).contains("Indirect providers"))
        let provider = DashboardShell(session: try demo.session(signedInAs: DemoWorkspace.provider))
        #expect(!provider.menu.map(\.title).contains("Indirect providers"))
    }

    @Test func goldenIndirectProviders() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let (tom, _, _) = try demo.app(as: DemoWorkspace.tom, page: .indirectProviders, size: size)
            try Golden.check(tom.render(), "indirect-providers-tom-\(size.cols)x\(size.rows)")
            let (mia, _, _) = try demo.app(as: DemoWorkspace.reseller, page: .indirectProviders, size: size)
            try Golden.check(mia.render(), "indirect-providers-mia-\(size.cols)x\(size.rows)")
        }
    }

    @Test func theTableListsPartnershipsWithSharedCustomers() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.reseller, page: .indirectProviders)
        let row = try #require(app.render().lines().first { $0.contains("Contoso Distribution") })
        #expect(row.contains("4600001"))
        #expect(row.contains("Active"))
        #expect(row.contains("13"), "Fabrikam's twelve and Coho Winery")
        #expect(!app.screenText.contains("I authorize this indirect provider"), "Fabrikam has nothing pending")
    }

    @Test func authorizeIsRefusedUntilTheBoxIsChecked() throws {
        let (app, _, session) = try demo.app(as: DemoWorkspace.tom, page: .indirectProviders)
        let sequence = session.model.lastSequence
        #expect(app.screenText.contains("[ ] I authorize this indirect provider"))
        app.handle(.tab)
        app.handle(.enter)
        #expect(app.screenText.contains("authorize: check \"I authorize"))
        #expect(session.model.lastSequence == sequence, "nothing was stored")
        #expect(try partnership(session, reseller: "Tailspin IT") == nil)

        app.handle(.backTab)
        app.handle(.space)
        #expect(app.screenText.contains("[x] I authorize this indirect provider"))
        #expect(!app.screenText.contains("authorize: check"), "checking clears the refusal")
        app.handle(.tab)
        app.handle(.enter)
        #expect(app.hintLine.contains("Contoso Distribution is now your indirect provider"))
        let active = try #require(try partnership(session, reseller: "Tailspin IT"))
        #expect(active.status == .active)
        #expect(session.model.auditLog.last?.userPrincipalName == DemoWorkspace.tom)

        let text = app.screenText
        #expect(!text.contains("I authorize this indirect provider"))
        let row = try #require(app.render().lines().first { $0.contains("Contoso Distribution") })
        #expect(row.contains("Active"))
        #expect(app.currentHints.contains { $0.keys.contains(.character("v")) }, "the new provider's row is focused")

        // The provider's Indirect resellers page says so too.
        let (resellers, _, _) = try demo.app(as: DemoWorkspace.provider, page: .indirectResellers)
        let tailspin = try #require(resellers.render().lines().first { $0.contains("Tailspin IT") })
        #expect(tailspin.contains("Active"))
        #expect(!tailspin.contains("Invited"))
    }

    @Test func declineAsksThenDeclines() throws {
        let (app, _, session) = try demo.app(as: DemoWorkspace.tom, page: .indirectProviders)
        let invitation = try #require(session.model.pendingPartnershipInvitations(for: try demo.account("Tailspin IT"), at: session.now).first)
        app.press(.tab, times: 2)
        app.handle(.enter)
        #expect(app.screenText.contains("Decline invitation?"))
        app.handle(.escape)
        #expect(session.model.invitations[invitation.id]?.status == .pending)
        app.handle(.enter)
        app.handle(.right)
        app.handle(.enter)
        #expect(session.model.invitations[invitation.id]?.status == .declined)
        #expect(try partnership(session, reseller: "Tailspin IT") == nil)
        #expect(app.hintLine.contains("Declined the invitation from Contoso Distribution"))
        #expect(!app.screenText.contains("I authorize"))
        #expect(app.screenText.contains("No indirect providers yet"))
    }

    @Test func theResellerEndsAPartnershipFromItsSide() throws {
        let (app, _, session) = try demo.app(as: DemoWorkspace.reseller, page: .indirectProviders)
        #expect(try partnership(session, reseller: "Fabrikam Solutions") != nil)
        app.handle(.character("x"))
        #expect(app.screenText.contains("End the partnership?"))
        #expect(app.screenText.contains("Contoso Distribution will no longer"))
        app.handle(.escape)
        #expect(try partnership(session, reseller: "Fabrikam Solutions") != nil)
        app.handle(.character("x"))
        app.handle(.right)
        app.handle(.enter)
        #expect(try partnership(session, reseller: "Fabrikam Solutions") == nil)
        #expect(app.hintLine.contains("The partnership with Contoso Distribution has ended"))
        #expect(app.screenText.contains("Ended"))
        #expect(!app.currentHints.contains { $0.keys.contains(.character("i")) || $0.keys.contains(.character("x")) })
    }

    @Test func aResellerFindsAProviderOnTheOfficialList() throws {
        let (app, _, session) = try demo.app(as: DemoWorkspace.nadia, page: .indirectProviders, size: TerminalSize(rows: 40, cols: 120))
        let opener = RecordingOpener()
        session.opener = opener
        app.handle(.character("p"))
        #expect(app.navigator.path == ["Indirect providers", "Find a provider"])
        let text = app.screenText
        #expect(text.contains("Contoso Distribution Canada") && text.contains("https://contoso.example/ca/partners"))
        #expect(!text.contains("your provider"), "Northwind has no provider yet")
        for key: KeyEvent in [.character("/")] + "Canada".map(KeyEvent.character) + [.enter] { app.handle(key) }
        #expect(app.navigator.path == ["Indirect providers", "Find a provider"])
        app.handle(.enter)
        #expect(opener.opened == ["https://contoso.example/ca/partners"])
        #expect(app.hintLine.contains("Opened https://contoso.example/ca/partners"))

        let (mia, _, _) = try demo.app(as: DemoWorkspace.reseller, page: .indirectProviders, size: TerminalSize(rows: 40, cols: 120))
        mia.handle(.character("p"))
        #expect(mia.screenText.contains("your provider"), "Fabrikam already works with Contoso")
        KeymapTests.checkHintsMatchHandling { FindProviderScreen(session: session) }
        try Golden.check(mia.render(), "find-provider-120x40")
    }

    @Test func keysOpenCustomersInvitationsAndTheLinkPage() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.reseller, page: .indirectProviders)
        app.handle(.character("v"))
        #expect(app.navigator.path == ["Indirect providers", "Customers · shared with Contoso Distribution"])
        app.handle(.escape)
        app.handle(.character("i"))
        #expect(app.navigator.path == ["Indirect providers", "Draft email"])
        let draft = (app.navigator.top as? DraftEmailScreen)?.draft
        #expect(draft?.kind == .indirectResellerRelationship)
        #expect(draft?.providerId == (try demo.account("Contoso Distribution")))
        app.handle(.escape)
        app.handle(.character("o"))
        #expect(app.navigator.path == ["Indirect providers", "Open invitation link"])
    }

    @Test func viewAndInviteNeedAnActiveProviderRow() throws {
        // Tom has no provider yet: only the link page is offered.
        let (app, _, _) = try demo.app(as: DemoWorkspace.tom, page: .indirectProviders)
        app.handle(.backTab)
        #expect(!app.currentHints.contains { $0.keys.contains(.character("v")) || $0.keys.contains(.character("i")) })
        #expect(app.currentHints.contains { $0.keys.contains(.character("o")) })
    }

    @Test func indirectProvidersHandlesExactlyTheKeysItLists() throws {
        let demo = self.demo
        let tom = try demo.session(signedInAs: DemoWorkspace.tom)
        let mia = try demo.session(signedInAs: DemoWorkspace.reseller)
        for tabs in 0..<4 {
            KeymapTests.checkHintsMatchHandling {
                let screen = IndirectProvidersScreen(session: tom)
                for _ in 0..<tabs { _ = screen.handle(key: .tab) }
                return screen
            }
        }
        KeymapTests.checkHintsMatchHandling { IndirectProvidersScreen(session: mia) }
        KeymapTests.checkHintsMatchHandling {
            let screen = IndirectProvidersScreen(session: mia)
            _ = screen.handle(key: .character("/"))
            return screen
        }
    }
}
