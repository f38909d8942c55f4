import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit
import Testing

/// Invitations: every invitation an account sent or received, and withdrawing the
/// pending ones it sent, customer invitations included.
@MainActor
@Suite struct InvitationsScreenTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func row(_ email: String, in app: App) -> String? {
        app.render().lines().first { $0.contains(email) }
    }

    @Test func aResellerWithdrawsACustomerInvitationItSent() throws {
        let contoso = try demo.account("Contoso Distribution")
        try demo.send(.customerWithProvider(email: "it@alpineski.example", provider: contoso), as: DemoWorkspace.reseller)
        let (app, _, session) = try demo.app(as: DemoWorkspace.reseller, page: .invitations, size: TerminalSize(rows: 40, cols: 120))
        #expect(app.navigator.top.title == "Invitations")
        let sent = try #require(row("it@alpineski.example", in: app))
        #expect(sent.contains("Invite new customers") && sent.contains("Pending"))
        app.select("alpineski")
        #expect(app.currentHints.contains { $0.keys.contains(.character("w")) })

        app.handle(.character("w"))
        #expect(app.screenText.contains("Withdraw invitation?"))
        app.handle(.escape)
        #expect(session.model.invitations.values.contains { $0.email == "it@alpineski.example" && $0.status == .pending })
        app.handle(.character("w"))
        app.handle(.right)
        app.handle(.enter)
        #expect(session.model.invitations.values.contains { $0.email == "it@alpineski.example" && $0.status == .withdrawn })
        #expect(app.hintLine.contains("Invitation to it@alpineski.example withdrawn"))
        #expect(row("it@alpineski.example", in: app)?.contains("Withdrawn") == true)
        #expect(!app.currentHints.contains { $0.keys.contains(.character("w")) }, "only a pending invitation is withdrawn")
    }

    @Test func eachAccountSeesOnlyTheInvitationsItIsPartOf() throws {
        let contoso = try demo.account("Contoso Distribution")
        try demo.send(.customerWithProvider(email: "it@alpineski.example", provider: contoso), as: DemoWorkspace.reseller)
        // Contoso is named as the provider: it sees the invitation, and cannot withdraw what it did not send.
        let (ana, _, _) = try demo.app(as: DemoWorkspace.provider, page: .invitations, size: TerminalSize(rows: 40, cols: 120))
        #expect(row("it@alpineski.example", in: ana) != nil)
        ana.select("alpineski")
        #expect(!ana.currentHints.contains { $0.keys.contains(.character("w")) })
        // Its own pending partnership request to Tailspin can be withdrawn here too.
        ana.select("Tailspin")
        #expect(ana.currentHints.contains { $0.keys.contains(.character("w")) })
        // Northwind, not partnered with anyone, sees none of it (rule 6).
        let (nadia, _, _) = try demo.app(as: DemoWorkspace.nadia, page: .invitations, size: TerminalSize(rows: 40, cols: 120))
        #expect(row("it@alpineski.example", in: nadia) == nil)
        #expect(!nadia.screenText.contains("Tailspin"))
    }

    @Test func theMenuOffersItToBothKinds() throws {
        for user in [DemoWorkspace.provider, DemoWorkspace.reseller] {
            let session = try demo.session(signedInAs: user)
            #expect(DashboardShell(session: session).menu.contains { $0.id == DashboardPage.invitations.rawValue })
        }
    }

    @Test func invitationsHandlesExactlyTheKeysItLists() throws {
        let demo = self.demo
        KeymapTests.checkHintsMatchHandling {
            InvitationsScreen(session: try! demo.session(signedInAs: DemoWorkspace.provider))
        }
    }

    @Test func goldenInvitations() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let (app, _, _) = try demo.app(as: DemoWorkspace.provider, page: .invitations, size: size)
            try Golden.check(app.render(), "invitations-provider-\(size.cols)x\(size.rows)")
        }
    }
}
