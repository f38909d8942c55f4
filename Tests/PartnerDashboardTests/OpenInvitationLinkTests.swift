import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
@testable import PartnerDashboard
import TerminalKit
import Testing

/// Open invitation link: the invited reseller authorizes, the customer consents
/// (rule 7: the right parties become resellers of record, links never cross
/// kinds, and an invitation is answered once, before it expires).
@MainActor
@Suite struct OpenInvitationLinkTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
        demo.seedFreshValues()
    }

    /// The page from the menu, with a link typed and Enter pressed.
    private func open(_ link: String, as principal: String, asCustomer: Bool = false,
                      size: TerminalSize = .minimum) throws -> (App, DashboardSession) {
        let (app, _, session) = try demo.app(as: principal, page: .openInvitationLink, size: size)
        app.type(link)
        app.handle(.enter)
        if asCustomer {
            // A customer's link offers "Answer as the invited customer", unticked and focused.
            app.handle(.space)
            app.handle(.tab)
        }
        return (app, session)
    }

    private func partnershipLinkToNorthwind() throws -> InvitationLink {
        try demo.send(.reseller(try demo.account("Northwind Cloud")), as: DemoWorkspace.provider)
    }

    /// Fabrikam's "Invite new customers" (with Contoso) or "Request a reseller relationship".
    private func customerLink(withProvider: Bool, email: String = "it@newco.example") throws -> InvitationLink {
        let target: InvitationTarget = withProvider
            ? .customerWithProvider(email: email, provider: try demo.account("Contoso Distribution"))
            : .customer(email: email, existing: nil)
        return try demo.send(target, as: DemoWorkspace.reseller)
    }

    /// Tabs through the consent form from "Your company", typing where a value is given.
    private func fillCompanyDetails(_ app: App, _ values: [String?]) {
        for value in values {
            app.handle(.tab)
            if let value {
                app.handle(.ctrl("u"))
                app.type(value)
            }
        }
    }

    private let newCo: [String?] = ["NewCo Ltd", "newco", "Ines", "Duarte", nil, "+351 21 555 0100",
                                    "Rua Augusta 10", nil, "Lisboa", nil, "1100-053", "PT", "pt-PT", "pt"]

    // MARK: Reaching it

    @Test func bothKindsHaveTheMenuItemAndProvidersOpenItWithO() throws {
        for principal in [DemoWorkspace.provider, DemoWorkspace.reseller] {
            let shell = DashboardShell(session: try demo.session(signedInAs: principal))
            #expect(shell.menu.map(\.title).contains("Invitation link"), "\(principal)")
            let item = try #require(shell.menu.first { $0.title == "Invitation link" })
            #expect(shell.screen(for: item).title == "Open invitation link")
        }
    }

    @Test func theMenuIsOneEscAway() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.reseller, page: .openInvitationLink)
        app.handle(.escape)
        #expect(app.menuFocused)
    }

    /// In the Link field q and ← type; Esc is the way out to the menu (the page is a menu root).
    @Test func escFromTheLinkFieldGoesToTheMenu() throws {
        let (app, _, _) = try demo.app(as: DemoWorkspace.nadia, page: .openInvitationLink)
        _ = app.render()
        #expect(app.currentHints.contains { $0.keys.contains(.escape) })
        app.handle(.character("q"))
        #expect(!app.isFinished && !app.menuFocused)
        app.handle(.escape)
        #expect(app.menuFocused)
    }

    @Test func goldenOpenInvitationLink() throws {
        for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
            let demo = try DemoWorkspace()
            demo.seedFreshValues()
            let partnership = try demo.send(.reseller(try demo.account("Northwind Cloud")), as: DemoWorkspace.provider)
            let (app, _, _) = try demo.app(as: DemoWorkspace.nadia, page: .openInvitationLink, size: size)
            try Golden.check(app.render(), "open-link-empty-\(size.cols)x\(size.rows)")
            app.type(partnership.description)
            app.handle(.enter)
            try Golden.check(app.render(), "open-link-partnership-\(size.cols)x\(size.rows)")

            let customer = try demo.send(.customerWithProvider(email: "it@newco.example", provider: try demo.account("Contoso Distribution")),
                                         as: DemoWorkspace.reseller)
            let (consent, _, _) = try demo.app(as: DemoWorkspace.provider, page: .openInvitationLink, size: size)
            consent.type(customer.description)
            consent.handle(.enter)
            // Offered for a customer's link only, and never ticked for the provider's own admin.
            try Golden.check(consent.render(), "open-link-customer-offered-\(size.cols)x\(size.rows)")
            consent.handle(.space)
            consent.handle(.tab)
            try Golden.check(consent.render(), "open-link-new-customer-\(size.cols)x\(size.rows)")
        }
    }

    // MARK: The reseller authorizes

    @Test func theInvitedResellersAdminAuthorizesThroughTheLink() throws {
        let link = try partnershipLinkToNorthwind()
        let (app, session) = try open(link.description, as: DemoWorkspace.nadia)
        let text = app.screenText
        #expect(text.contains("Partnership invitation from Contoso Distribution"))
        #expect(text.contains("expires"))
        // Unchecked: refused, nothing stored.
        let sequence = session.model.lastSequence
        app.handle(.tab)
        app.handle(.enter)
        #expect(app.screenText.contains("! Nothing changed: check \"I authorize this indirect"))
        #expect(session.model.lastSequence == sequence)
        app.handle(.backTab)
        app.handle(.space)
        app.handle(.tab)
        app.handle(.enter)
        #expect(app.hintLine.contains("Contoso Distribution is now your indirect provider"))
        #expect(app.pageText.contains("Done: Contoso Distribution is now your indirect provider"))
        let partnership = session.model.activePartnership(provider: try demo.account("Contoso Distribution"),
                                                          reseller: try demo.account("Northwind Cloud"))
        #expect(partnership?.status == .active)
        #expect(session.model.invitations[link.invitationId]?.status == .accepted)
        #expect(!app.navigator.top.hasUnsavedChanges)
    }

    @Test func anotherResellersAdminMayOnlyRead() throws {
        let link = try partnershipLinkToNorthwind()
        let (app, _) = try open(link.description, as: DemoWorkspace.tom)
        let text = app.screenText
        #expect(text.contains("Partnership invitation from Contoso Distribution"))
        #expect(text.contains("Only an admin of Northwind Cloud"))
        #expect(!text.contains("I authorize this indirect provider"))
    }

    // MARK: The customer consents

    @Test func inviteNewCustomersMakesTheResellerAndItsProviderResellersOfRecord() throws {
        let link = try customerLink(withProvider: true)
        let (app, session) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true)
        #expect(app.pageText.contains("Fabrikam Solutions (indirect reseller, MPN ID 4812345) and its indirect provider Contoso Distribution"))
        fillCompanyDetails(app, newCo)
        app.handle(.tab)
        app.handle(.enter)
        let customer = try #require(session.model.customer(withDomain: "newco.onmicrosoft.com"))
        #expect(customer.name == "NewCo Ltd")
        #expect(customer.billingProfile.email == "it@newco.example", "the invitation's address was kept")
        #expect(Set(customer.relationships.map(\.partnerId))
            == Set([try demo.account("Fabrikam Solutions"), try demo.account("Contoso Distribution")]))
        #expect(session.model.invitations[link.invitationId]?.status == .accepted)
        #expect(session.model.auditLog.last?.userPrincipalName == "it@newco.example", "the customer consented, not Ana")
        #expect(app.hintLine.contains("NewCo Ltd authorized Fabrikam Solutions and Contoso Distribution"))
    }

    @Test func requestAResellerRelationshipMakesOnlyTheResellerOneOfRecord() throws {
        let link = try customerLink(withProvider: false, email: "owner@trail.example")
        let (app, session) = try open(link.description, as: DemoWorkspace.reseller, asCustomer: true)
        var values = newCo
        values[0] = "Trail Outfitters"
        values[1] = "trailoutfitters"
        fillCompanyDetails(app, values)
        app.handle(.tab)
        app.handle(.enter)
        let customer = try #require(session.model.customer(withDomain: "trailoutfitters.onmicrosoft.com"))
        #expect(customer.relationships.map(\.partnerId) == [try demo.account("Fabrikam Solutions")])
    }

    @Test func companyDetailsAreCheckedAsTheyAreLeftAndNothingIsCreatedUntilRight() throws {
        let link = try customerLink(withProvider: true)
        let (app, session) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true)
        let customers = session.model.customers.count
        fillCompanyDetails(app, ["NewCo Ltd", "New Co"])
        app.handle(.tab)
        #expect(app.screenText.contains("! must be 2–27 lower-case"))
        // Straight to the button: the empty fields are named, nothing is created.
        app.press(.tab, times: 12)
        app.handle(.enter)
        #expect(session.model.customers.count == customers)
        #expect(session.model.invitations[link.invitationId]?.status == .pending)
        #expect(app.navigator.top.hasUnsavedChanges)
        // A domain already taken is refused as it is left.
        let (again, _) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true)
        fillCompanyDetails(again, ["X", "cohowinery"])
        again.handle(.tab)
        #expect(again.pageText.contains("cohowinery.onmicrosoft.com is already taken"), "as New customer says it")
    }

    @Test func anExistingCustomerGivesItsDomain() throws {
        let link = try customerLink(withProvider: false, email: "admin@coho.example")
        let (app, session) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true)
        app.handle(.right)
        #expect(app.screenText.contains("Tenant domain"))
        app.handle(.tab)
        app.type("cohowinery.onmicrosoft.com")
        app.handle(.tab)
        app.handle(.enter)
        #expect(app.pageText.contains("Coho Winery already has these resellers of record"), "Coho Winery already has Fabrikam")
        #expect(session.model.invitations[link.invitationId]?.status == .pending)
    }

    @Test func theCustomerMayDecline() throws {
        let link = try customerLink(withProvider: true)
        let (app, session) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true)
        app.press(.tab, times: 16)
        #expect(app.currentHints.contains { $0.keys.contains(.enter) })
        app.handle(.enter)
        #expect(app.screenText.contains("Decline invitation?"))
        app.handle(.right)
        app.handle(.enter)
        #expect(session.model.invitations[link.invitationId]?.status == .declined)
        #expect(session.model.customer(withDomain: "newco.onmicrosoft.com") == nil)
    }

    // MARK: Refusals: one message, nothing changes

    @Test func answeringAsTheCustomerIsOfferedForCustomerLinksOnlyAndNeverPreTicked() throws {
        let partnership = try partnershipLinkToNorthwind()
        let customer = try customerLink(withProvider: true)
        let sequence = demo.workspace.model.lastSequence

        // Before a link is read there is nothing to answer as.
        let (empty, _, _) = try demo.app(as: DemoWorkspace.provider, page: .openInvitationLink)
        #expect(!empty.screenText.contains("Answer as the invited customer"))

        // A reseller's partnership link: its admin authorizes; no customer to answer as.
        let (partner, _) = try open(partnership.description, as: DemoWorkspace.nadia)
        #expect(!partner.screenText.contains("Answer as the invited customer"))
        #expect(partner.screenText.contains("[ ] I authorize this indirect provider"))

        // A customer's link, opened by the provider's own admin: offered, unticked and focused,
        // and nothing is answered until it is ticked.
        let (provider, _) = try open(customer.description, as: DemoWorkspace.provider)
        #expect(provider.screenText.contains("▸ [ ] Answer as the invited customer"))
        #expect(provider.pageText.contains("This is a customer's invitation (reseller + provider relationship) sent to it@newco.example"))
        #expect(provider.pageText.contains("(rule 7)"))
        #expect(!provider.screenText.contains("Accept and authorize"))
        provider.handle(.enter)
        #expect(provider.screenText.contains("[x] Answer as the invited customer"), "Enter ticks it, as Space does")
        #expect(provider.screenText.contains("Your company     ‹ New customer ›"))

        // Another link asks again: the tick does not carry over, and a partnership link drops the box.
        provider.handle(.backTab)
        provider.handle(.end)
        provider.handle(.ctrl("u"))
        provider.type(partnership.description)
        #expect(!provider.screenText.contains("Answer as the invited customer"))
        provider.handle(.ctrl("u"))
        provider.type(customer.description)
        provider.handle(.enter)
        #expect(provider.screenText.contains("[ ] Answer as the invited customer"))

        // A reseller's admin with a customer's link: the same offer, the same refusal until ticked.
        let (reseller, _) = try open(customer.description, as: DemoWorkspace.nadia)
        #expect(reseller.screenText.contains("[ ] Answer as the invited customer"))
        #expect(!reseller.screenText.contains("I authorize this indirect provider"))
        #expect(!reseller.screenText.contains("Accept and authorize"))
        #expect(demo.workspace.model.lastSequence == sequence)
    }

    @Test func expiredWithdrawnAnsweredAndForgedLinksAreOneMessage() throws {
        let link = try partnershipLinkToNorthwind()
        func message(_ text: String) throws -> String {
            let (app, _) = try open(text, as: DemoWorkspace.nadia)
            #expect(!app.screenText.contains("I authorize this indirect provider"), "\(text)")
            return app.pageText
        }
        #expect(try message("https://example.com/not-a-link").contains("is not an invitation link"))
        #expect(try message(InvitationLink(invitationId: link.invitationId, token: "forged").description).contains("does not match this invitation"))

        let now = demo.workspace.now()
        demo.workspace.now = { now.addingTimeInterval(Invitation.lifetime + 86_400) }
        #expect(try message(link.description).contains("expired on"))
        demo.workspace.now = { now }

        try demo.workspace.execute(.withdrawInvitation(link.invitationId), as: .user(try demo.user(DemoWorkspace.provider)))
        #expect(try message(link.description).contains("was already withdrawn"))

        let accepted = try partnershipLinkToNorthwind()
        try demo.workspace.execute(.authorizeProvider(invitation: accepted.invitationId, token: accepted.token, authorized: true),
                                   as: .user(try demo.user(DemoWorkspace.nadia)))
        #expect(try message(accepted.description).contains("was already accepted"))

        let declined = try customerLink(withProvider: true, email: "x@declined.example")
        try demo.workspace.execute(.declineInvitation(declined.invitationId, token: declined.token), as: .customer(email: "x@declined.example"))
        let (customer, _) = try open(declined.description, as: DemoWorkspace.provider)
        #expect(customer.pageText.contains("was already declined"))
        #expect(!customer.screenText.contains("Accept and authorize"))
    }

    // MARK: Keys

    @Test func openInvitationLinkHandlesExactlyTheKeysItLists() throws {
        let demo = self.demo
        let partnership = try partnershipLinkToNorthwind()
        let customer = try customerLink(withProvider: true)
        let nadia = try demo.session(signedInAs: DemoWorkspace.nadia)
        let ana = try demo.session(signedInAs: DemoWorkspace.provider)
        KeymapTests.checkHintsMatchHandling { OpenInvitationLinkScreen(session: nadia) }
        for (session, link, tabs) in [(nadia, partnership, 0), (nadia, partnership, 1), (ana, customer, 0), (ana, customer, 1), (ana, customer, 14)] {
            KeymapTests.checkHintsMatchHandling {
                let screen = OpenInvitationLinkScreen(session: session)
                for c in link.description { _ = screen.handle(key: .character(c)) }
                _ = screen.handle(key: .enter)
                for _ in 0..<tabs { _ = screen.handle(key: .tab) }
                return screen
            }
        }
    }

    // MARK: One customer form

    /// The consent page's company details are New customer's: the same rows from the
    /// customer table, line 2 of the address included, with the same maximum lengths.
    @Test func theCompanyDetailsAreNewCustomersWithLine2AndMaximumLengths() throws {
        let link = try customerLink(withProvider: true)
        let (app, session) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true,
                                      size: TerminalSize(rows: 40, cols: 120))
        let page = try #require(app.navigator.top as? OpenInvitationLinkScreen)
        let newCustomer = CustomerDetailsForm(model: session.model, provider: session.account, reseller: nil).form
        for field in CustomerField.allCases {
            guard case .text(let here)? = page.form.control(.customer(field)),
                  case .text(let there)? = newCustomer.control(.customer(field)) else {
                Issue.record("\(field) is missing")
                continue
            }
            #expect(here.label == field.label && here.label == there.label)
            #expect(here.maxLength == field.maxLength && there.maxLength == field.maxLength)
            #expect(here.placeholder == there.placeholder)
        }
        #expect(app.screenText.contains("Address line 2"))
        // Typing stops at the table's maximum.
        app.handle(.tab)                      // Your company → Company name
        app.type(String(repeating: "N", count: 130))
        #expect(page.form.text(.customer(.companyName)).count == CustomerField.companyName.maxLength)
    }

    /// Line 2 of the address reaches the new customer.
    @Test func line2ReachesTheCustomer() throws {
        let link = try customerLink(withProvider: true)
        let (app, session) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true)
        var values = newCo
        values[7] = "Piso 3"
        fillCompanyDetails(app, values)
        app.handle(.tab)
        app.handle(.enter)
        let customer = try #require(session.model.customer(withDomain: "newco.onmicrosoft.com"))
        #expect(customer.billingProfile.defaultAddress.line2 == "Piso 3")
    }

    /// A refusal at Accept lands beside the row it names: an existing customer's domain
    /// that no customer has.
    @Test func aRefusalAtAcceptLandsBesideItsField() throws {
        let link = try customerLink(withProvider: false, email: "admin@coho.example")
        let (app, session) = try open(link.description, as: DemoWorkspace.provider, asCustomer: true)
        app.handle(.right)                    // Existing customer
        app.handle(.tab)
        app.type("nosuchcompany.onmicrosoft.com")
        app.handle(.tab)
        app.handle(.enter)                    // Accept and authorize
        let page = try #require(app.navigator.top as? OpenInvitationLinkScreen)
        #expect(page.form.focusedID == .domain)
        #expect(page.form.control(.domain)?.message?.contains("no customer with the domain nosuchcompany.onmicrosoft.com") == true)
        #expect(session.model.invitations[link.invitationId]?.status == .pending)
    }
}
