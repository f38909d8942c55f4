import Foundation
import PartnerCore
import Testing

@Suite("Rule 7: customer invitations, accepted at most once and never late")
struct Rule7Tests {
    @Test func aForgedDraftIsRefusedAtSendAsItWouldBeAtDraft() throws {
        var w = try World.standard()
        // Litware works with Northwind only; a draft naming Fabrikam Supply as its provider is refused…
        let refusal = w.expectDraftRefusal(.customerWithProvider(email: "it@acme.example", provider: w.otherProvider),
                                           as: w.r2.actor, .forbidden, field: "provider", rule: 2)
        // …and a draft edited to name it after the fact is refused at Done with the same words.
        var forged = try w.draft(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r2.actor)
        forged.providerId = w.otherProvider
        let sent = w.expectRefusal(.sendInvitation(forged, body: forged.body), as: w.r2.actor, .forbidden, field: "provider", rule: 2)
        #expect(sent?.message == refusal?.message)
    }

    let customerActor = Actor.customer(email: "it@acme.example")

    @Test func inviteNewCustomersMakesResellerAndProviderResellersOfRecord() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        #expect(w.model.invitations[d.id]?.kind == .indirectResellerRelationship)
        #expect(w.model.invitations[d.id]?.providerId == w.provider)
        let receipt = try w.run(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))), as: customerActor)
        let createdId = try #require(receipt.createdId)
        let customer = try #require(w.model.customers[createdId])
        #expect(Set(customer.relationships.map(\.partnerId)) == [w.r1.account, w.provider])
        #expect(customer.associatedPartnerId == w.r1.account)
        #expect(w.model.invitations[d.id]?.status == .accepted)
        #expect(w.model.invitations[d.id]?.respondedBy == "it@acme.example")
        let audit = try #require(w.model.auditLog.last)
        #expect(audit.operationType == .create_customer_relationship)
        #expect(audit.userPrincipalName == "it@acme.example")
        #expect(audit.accountId == nil)
        #expect(Set(audit.involvedAccounts) == [w.r1.account, w.provider])
        // The provider may now order for it.
        try w.run(.placeOrder(customer: customer.id, cart: [CartLine(offerId: Fixture.m365.id, quantity: 2, partnerOfRecord: w.r1.account)]),
                  as: .user(w.providerAdmin))
    }

    @Test func requestAResellerRelationshipMakesOnlyTheSenderResellerOfRecord() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        #expect(w.model.invitations[d.id]?.kind == .resellerRelationship)
        let id = try w.run(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))), as: customerActor).createdId!
        #expect(w.model.customers[id]?.relationships.map(\.partnerId) == [w.r1.account])
        #expect(!w.model.customerIds(visibleTo: w.provider).contains(id))
    }

    @Test func anExistingCustomerAddsTheMissingRelationships() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        let id = try w.run(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))), as: customerActor).createdId!
        // A second invitation joins the existing customer when it went to the customer's billing email.
        let billing = try #require(w.model.customers[id]?.billingProfile.email)
        let (d2, _) = try w.invite(.customerWithProvider(email: billing, provider: w.provider), as: w.r1.actor)
        let receipt = try w.run(.consentToInvitation(d2.id, token: d2.token, customer: .existing(domain: "acme")),
                                as: .customer(email: billing))
        #expect(receipt.createdId == id)
        #expect(w.model.customers[id]?.relationships.map(\.partnerId) == [w.r1.account, w.provider])
        // Nothing new to add: refused.
        let (d3, _) = try w.invite(.customer(email: "it@acme.example", existing: id), as: w.r1.actor)
        w.expectRefusal(.consentToInvitation(d3.id, token: d3.token, customer: .existing(domain: "acme.onmicrosoft.com")),
                        as: customerActor, .conflict, field: "invitation")
        w.expectRefusal(.consentToInvitation(d3.id, token: d3.token, customer: .new(Fixture.customer("acme2"))),
                        as: customerActor, .invalid, field: "domain")
        w.expectRefusal(.consentToInvitation(d3.id, token: d3.token, customer: .existing(domain: "nosuch")),
                        as: customerActor, .notFound, field: "domain")
    }

    @Test func anInvitationForOneCustomerCannotBeUsedByAnother() throws {
        var w = try World.standard()
        let (a, _) = try w.addCustomer("alpha", for: w.r2.account)
        _ = try w.addCustomer("bravo", for: w.r2.account)
        let (d, _) = try w.invite(.customer(email: "it@alpha.example", existing: a), as: w.r1.actor)
        let alphaActor = Actor.customer(email: "it@alpha.example")
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .existing(domain: "bravo")), as: alphaActor,
                        .forbidden, field: "domain")
        try w.run(.consentToInvitation(d.id, token: d.token, customer: .existing(domain: "alpha")), as: alphaActor)
        #expect(w.model.customers[a]?.isResellerOfRecord(w.r1.account) == true)
    }

    /// The sender holds the link's token too: a partner must not send itself a link and use
    /// it to become reseller of record of another partner's customer.
    @Test func aPartnerCannotClaimAnotherPartnersCustomerWithALinkItSentItself() throws {
        var w = try World.standard()
        let (victim, _) = try w.addCustomer("victim", for: w.r2.account)
        let own = "attacker@\(w.model.accounts[w.r1.account]!.tenantDomain)"
        let (d, _) = try w.invite(.customer(email: own, existing: nil), as: w.r1.actor)
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .existing(domain: "victim")),
                        as: .customer(email: own), .forbidden, field: "domain")
        // Nor may a partner's user answer a customer's consent page, or someone else's address.
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .existing(domain: "victim")),
                        as: w.r1.actor, .forbidden, field: "user")
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .existing(domain: "victim")),
                        as: .customer(email: "someone@else.example"), .forbidden, field: "email")
        #expect(w.model.customers[victim]?.isResellerOfRecord(w.r1.account) == false)
    }

    @Test func aSecondAcceptanceIsRefused() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        try w.run(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))), as: customerActor)
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme2"))), as: customerActor,
                        .conflict, field: "invitation", rule: 7)
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .existing(domain: "acme")), as: customerActor,
                        .conflict, field: "invitation", rule: 7)
        w.expectRefusal(.declineInvitation(d.id, token: d.token), as: customerActor, .conflict, field: "invitation", rule: 7)

        // Same for a partnership: a second Authorize is refused.
        let (p, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        try w.run(.authorizeProvider(invitation: p.id, token: p.token, authorized: true), as: w.r3.actor)
        w.expectRefusal(.authorizeProvider(invitation: p.id, token: p.token, authorized: true), as: w.r3.actor,
                        .conflict, field: "invitation", rule: 7)
    }

    @Test func acceptanceAfterExpiryIsRefused() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        let (p, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        let expiry = try #require(w.model.invitations[d.id]?.expiresAt)
        w.now = expiry - 1
        #expect(w.model.invitations[d.id]?.effectiveStatus(at: w.now) == .pending)
        w.now = expiry + 1
        #expect(w.model.invitations[d.id]?.effectiveStatus(at: w.now) == .expired)
        w.advance(days: 1)
        let error = w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))),
                                    as: customerActor, .conflict, field: "invitation", rule: 7)
        #expect(error?.message.contains("expired") == true)
        w.expectRefusal(.authorizeProvider(invitation: p.id, token: p.token, authorized: true), as: w.r3.actor,
                        .conflict, field: "invitation", rule: 7)
        w.expectRefusal(.withdrawInvitation(p.id), as: .user(w.providerAdmin), .conflict, field: "invitation", rule: 7)
        #expect(w.model.pendingPartnershipInvitations(for: w.r3.account, at: w.now).isEmpty)
        // An expired request does not block a fresh one.
        let (p2, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        try w.run(.authorizeProvider(invitation: p2.id, token: p2.token, authorized: true), as: w.r3.actor)
    }

    @Test func exactlyAtExpiryItIsExpired() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        w.now = try #require(w.model.invitations[d.id]?.expiresAt)
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))), as: customerActor,
                        .conflict, field: "invitation", rule: 7)
    }

    @Test func acceptanceAfterWithdrawIsRefused() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        w.expectRefusal(.withdrawInvitation(d.id), as: w.r2.actor, .notFound, field: "invitation")
        w.expectRefusal(.withdrawInvitation(d.id), as: .user(w.providerAdmin), .notFound, field: "invitation")
        try w.run(.withdrawInvitation(d.id), as: w.r1.actor)
        #expect(w.model.invitations[d.id]?.status == .withdrawn)
        w.expectRefusal(.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))), as: customerActor,
                        .conflict, field: "invitation", rule: 7)
        w.expectRefusal(.withdrawInvitation(d.id), as: w.r1.actor, .conflict, field: "invitation", rule: 7)
    }

    @Test func partnershipAndCustomerLinksAreNotInterchangeable() throws {
        var w = try World.standard()
        let (p, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        let (c, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        let (c2, _) = try w.invite(.customer(email: "it@acme.example", existing: nil), as: w.r2.actor)
        w.expectRefusal(.consentToInvitation(p.id, token: p.token, customer: .new(Fixture.customer("acme"))), as: customerActor,
                        .invalid, field: "link", rule: 7)
        for customerLink in [c, c2] {
            w.expectRefusal(.authorizeProvider(invitation: customerLink.id, token: customerLink.token, authorized: true),
                            as: w.r3.actor, .invalid, field: "link", rule: 7)
        }
        // A customer cannot decline a reseller's partnership invitation, nor a reseller a customer's.
        w.expectRefusal(.declineInvitation(p.id, token: p.token), as: customerActor, .forbidden, field: "token")
        w.expectRefusal(.declineInvitation(c.id, token: c.token), as: w.r1.actor, .forbidden, field: "invitation")
        // All still pending.
        for id in [p.id, c.id, c2.id] { #expect(w.model.invitations[id]?.status == .pending) }
    }

    @Test func theWrongTokenIsRefused() throws {
        var w = try World.standard()
        let (c, _) = try w.invite(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        let (p, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        for token in ["", "x", String(c.token.dropLast()), p.token, c.token.uppercased() == c.token ? "nope" : c.token.uppercased()] {
            w.expectRefusal(.consentToInvitation(c.id, token: token, customer: .new(Fixture.customer("acme"))), as: customerActor,
                            .forbidden, field: "token")
        }
        w.expectRefusal(.authorizeProvider(invitation: p.id, token: c.token, authorized: true), as: w.r3.actor,
                        .forbidden, field: "token")
        w.expectRefusal(.declineInvitation(c.id, token: nil), as: customerActor, .forbidden, field: "token")
        w.expectRefusal(.consentToInvitation(Ident(high: 3, low: 3), token: c.token, customer: .new(Fixture.customer("acme"))),
                        as: customerActor, .invalid, field: "link", rule: 7)
        // The right token still works afterwards.
        try w.run(.consentToInvitation(c.id, token: c.token, customer: .new(Fixture.customer("acme"))), as: customerActor)
    }

    @Test func aCustomerMayDecline() throws {
        var w = try World.standard()
        let (c, _) = try w.invite(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        try w.run(.declineInvitation(c.id, token: c.token), as: customerActor)
        #expect(w.model.invitations[c.id]?.status == .declined)
        w.expectRefusal(.consentToInvitation(c.id, token: c.token, customer: .new(Fixture.customer("acme"))), as: customerActor,
                        .conflict, field: "invitation", rule: 7)
    }

    @Test func aResellerThatIsNotActiveInvitesNoCustomers() throws {
        var w = try World.standard()
        for r in [w.pending, w.underReview, w.rejected] {
            try w.run(.setUserRoles(user: r.admin, roles: [.globalAdmin, .adminAgent]), as: r.actor)
            w.expectDraftRefusal(.customer(email: "it@acme.example", existing: nil), as: r.actor, .conflict, field: "account")
            // Nor with a draft made while it was... anything: Done checks again.
            var d = try w.draft(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
            d.fromAccountId = r.account
            w.expectRefusal(.sendInvitation(d, body: d.body), as: r.actor, .conflict, field: "account")
        }
    }

    @Test func onlyAdminsInviteCustomers() throws {
        var w = try World.standard()
        w.expectDraftRefusal(.customer(email: "it@acme.example", existing: nil), as: .user(w.providerSales), .forbidden, field: "roles")
        w.expectDraftRefusal(.customer(email: "not an email", existing: nil), as: w.r1.actor, .invalid, field: "email")
    }

    @Test func aProvidersOwnRelationshipRequestWorksToo() throws {
        var w = try World.standard()
        let (c, _) = try w.invite(.customer(email: "it@acme.example", existing: nil), as: .user(w.providerAdmin))
        let id = try w.run(.consentToInvitation(c.id, token: c.token, customer: .new(Fixture.customer("acme"))), as: customerActor).createdId!
        let customer = try #require(w.model.customers[id])
        #expect(customer.relationships.map(\.partnerId) == [w.provider])
        #expect(customer.associatedPartnerId == nil, "associatedPartnerId names an indirect reseller, never the provider")
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
    }
}
