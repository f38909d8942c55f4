import Foundation
import PartnerCore
import PartnerDashboard
import TerminalKit
import Testing

/// The `:` palette (pages, resellers, customers the account may see) and the
/// menu's Switch user.
@MainActor
@Suite struct JumpTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    private func home(_ session: DashboardSession, size: TerminalSize = .minimum) -> App {
        App.startingAtHome(session, size: size)
    }

    private func jump(_ text: String, _ app: App) {
        app.handle(.character(":"))
        for c in text { app.handle(.character(c)) }
    }

    @Test func colonOpensThePaletteAndEnterGoesToAPage() throws {
        let app = home(try demo.session(signedInAs: DemoWorkspace.provider))
        jump("activ", app)
        #expect(app.navigator.top.title == "Jump to")
        #expect(app.render().text.contains("▸Activity log"))
        app.handle(.enter)
        #expect(app.navigator.top.title == "Activity log")
        #expect(app.navigator.stack.count == 1)
    }

    @Test func aResellerOpensIndirectResellersFocusedOnIt() throws {
        let app = home(try demo.session(signedInAs: DemoWorkspace.provider))
        jump("tailspin", app)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Indirect resellers")
        #expect(app.render().text.contains("▸Tailspin IT"))
    }

    @Test func aCustomerIsFoundAndOpensCustomers() throws {
        let app = home(try demo.session(signedInAs: DemoWorkspace.provider))
        jump("coho", app)
        let text = app.render().text
        #expect(text.contains("Coho Winery"))
        #expect(text.contains("cohowinery.onmic"))
        app.handle(.enter)
        #expect(app.navigator.top.title == "Customers")
    }

    @Test func onlyCustomersTheAccountMaySeeAreFound() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.reseller)
        let fabrikam = try #require(session.account).id
        let customers = Array(session.model.customers.values)
        let seen = customers.filter { $0.isResellerOfRecord(fabrikam) }.map { ($0.name + " " + $0.companyProfile.domain).lowercased() }
        // Another reseller's customer whose name no customer of Fabrikam's contains.
        let theirs = try #require(customers.first { c in
            !c.isResellerOfRecord(fabrikam) && !seen.contains { $0.contains(c.name.lowercased()) }
        })
        let mine = try #require(customers.first { $0.isResellerOfRecord(fabrikam) })
        let app = home(session)
        jump(theirs.name, app)
        var text = app.render().text
        #expect(!text.contains(theirs.companyProfile.domain))
        #expect(text.contains("Nothing you can see has that name."))
        for _ in theirs.name { app.handle(.backspace) }
        for c in mine.name { app.handle(.character(c)) }
        text = app.render().text
        #expect(text.contains("1 match"))
        #expect(text.contains(String(mine.companyProfile.domain.prefix(12))))
    }

    @Test func typingNarrowsAndEscapeGoesBack() throws {
        let app = home(try demo.session(signedInAs: DemoWorkspace.provider))
        jump("", app)
        #expect(app.render().text.contains("Account settings"))
        for c in "user man" { app.handle(.character(c)) }
        let text = app.render().text
        #expect(text.contains("▸User management"))
        #expect(text.contains("1 match"))
        app.handle(.enter)
        #expect(app.navigator.top.title == "User management")
        app.handle(.character(":"))
        app.handle(.character("q"))
        #expect(!app.isFinished, "q types in the palette")
        app.handle(.escape)
        #expect(app.navigator.top.title == "User management")
    }

    /// Every page Account settings lists is found by name, Membership Center profile too,
    /// for either kind of account.
    @Test(arguments: [true, false])
    func everySettingsPageIsFound(asProvider: Bool) throws {
        let session = try demo.session(signedInAs: asProvider ? DemoWorkspace.provider : DemoWorkspace.reseller)
        let shell = DashboardShell(session: session)
        let settings = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.screen(for: .accountSettings))
        let listed = ["Profile", "User management", "Provider listing", "Enrollment status", "Membership Center profile"]
            .filter { settings.render().text.contains($0) }
        #expect(listed.count == 4, "\(listed)")
        for page in listed {
            let app = home(session, size: TerminalSize(rows: 40, cols: 120))
            jump(page, app)
            #expect(app.render().text.contains("▸\(page)"), "\(page) is listed")
            app.handle(.enter)
            #expect(app.navigator.top.title == page)
        }
    }

    @Test func thePaletteIsNotOfferedWhileTypedDataWouldBeLost() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.screen(for: .accountSettings))
        app.handle(.enter)                        // Profile
        app.handle(.backTab)                      // Save: keys are commands again
        #expect(app.currentHints.contains { $0.keys.contains(.character(":")) })
        app.handle(.tab)
        app.handle(.character("x"))               // typed into the legal name
        app.handle(.backTab)
        #expect(!app.currentHints.contains { $0.keys.contains(.character(":")) })
        app.handle(.character(":"))
        #expect(app.navigator.top.title == "Profile")
    }

    @Test func theJumpKeyIsInHelp() throws {
        let app = home(try demo.session(signedInAs: DemoWorkspace.provider))
        app.handle(.character("?"))
        #expect(app.render().text.contains("jump to any page, reseller or customer by name"))
        app.handle(.escape)
        jump("", app)
        app.handle(.character("?"))                // types: the palette is a text field
        #expect(!app.isShowingHelp)
    }

    @Test func nobodySignedInHasNoPalette() throws {
        let app = home(try demo.session())
        app.handle(.character(":"))
        #expect(app.navigator.top.title == "Sign in")
    }

    // MARK: Switch user

    @Test func switchUserReturnsToSignInAndSignsInTheOtherSide() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.startScreen())
        app.handle(.left)
        app.handle(.end)
        app.handle(.enter)
        #expect(app.navigator.top.title == "Sign in")
        #expect(app.render().text.contains("Signed in as ana@contosodistribution.onmicrosoft.com"))
        for key: [KeyEvent] in [[.character("/")], "tom@".map(KeyEvent.character), [.enter, .enter]] {
            for k in key { app.handle(k) }
        }
        #expect(session.user?.userPrincipalName == "tom@tailspinit.onmicrosoft.com")
        #expect(app.navigator.top.title == "Home")
        #expect(app.render().lines()[0].contains("Tailspin IT"))
    }

    @Test func signOutLeavesNobodySignedIn() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let app = home(session)
        jump("switch", app)
        app.handle(.enter)
        app.handle(.character("o"))
        #expect(session.user == nil)
        #expect(app.navigator.top.title == "Sign in")
        #expect(DashboardShell(session: session).menu.isEmpty)
    }

    @Test func paletteHandlesExactlyTheKeysItLists() throws {
        let workspace = demo
        KeymapTests.checkHintsMatchHandling {
            let session = try! workspace.session(signedInAs: DemoWorkspace.provider)
            return JumpScreen(session: session, shell: DashboardShell(session: session))
        }
        KeymapTests.checkHintsMatchHandling {
            let session = try! workspace.session(signedInAs: DemoWorkspace.provider)
            let screen = JumpScreen(session: session, shell: DashboardShell(session: session))
            for c in "zzzz" { _ = screen.handle(key: .character(c)) }
            return screen
        }
    }

    @Test func goldenPalette() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let app = home(try demo.session(signedInAs: DemoWorkspace.provider), size: size)
            jump("co", app)
            try Golden.check(app.render(), "acct-jump-\(size.cols)x\(size.rows)")
        }
        let app = home(try demo.session(signedInAs: DemoWorkspace.provider))
        app.handle(.left)
        app.handle(.end)
        app.handle(.enter)
        try Golden.check(app.render(), "acct-switch-user-80x24")
    }
}
