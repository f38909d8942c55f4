import Foundation
import PartnerCore
import Testing

@Suite("Rule 1: partnerships only with enrolled, active resellers")
struct Rule1Tests {
    @Test func partnershipRequestToAnActiveResellerDraftsAMailWithTheLink() throws {
        var w = try World.standard()
        let d = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        #expect(d.kind == .partnership)
        #expect(d.toAccountId == w.r3.account)
        #expect(d.to == w.model.accounts[w.r3.account]?.primaryContact.email)
        #expect(d.body.contains(d.link.description))
        #expect(w.model.invitations[d.id] == nil, "a draft stores nothing")
    }

    @Test func unknownResellerIsRefusedAtDraftAndAtSend() throws {
        var w = try World.standard()
        let unknown = Ident(high: 7, low: 7)
        w.expectDraftRefusal(.reseller(unknown), as: .user(w.providerAdmin), .notFound, field: "reseller", rule: 1)
        // A provider is not a reseller either.
        w.expectDraftRefusal(.reseller(w.otherProvider), as: .user(w.providerAdmin), .notFound, field: "reseller", rule: 1)
        // A forged draft naming an unknown reseller is refused at Done too, leaving no pending row.
        var d = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        d.toAccountId = unknown
        w.expectRefusal(.sendInvitation(d, body: d.body), as: .user(w.providerAdmin), .notFound, field: "reseller", rule: 1)
        #expect(w.model.invitations.isEmpty == false)  // the standard world's own accepted ones
        #expect(w.model.invitations[d.id] == nil)
    }

    @Test(arguments: ["pending", "underReview", "rejected"])
    func inactiveResellerIsRefused(_ which: String) throws {
        var w = try World.standard()
        let r = which == "pending" ? w.pending : which == "underReview" ? w.underReview : w.rejected
        let error = w.expectDraftRefusal(.reseller(r.account), as: .user(w.providerAdmin), .conflict, field: "reseller", rule: 1)
        #expect(error?.message.contains("active") == true)
        var d = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        d.toAccountId = r.account
        w.expectRefusal(.sendInvitation(d, body: d.body), as: .user(w.providerAdmin), .conflict, field: "reseller", rule: 1)
    }

    @Test func alreadyPartneredOrAlreadyInvitedIsRefused() throws {
        var w = try World.standard()
        w.expectDraftRefusal(.reseller(w.r1.account), as: .user(w.providerAdmin), .conflict, field: "reseller")
        _ = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        let d = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        w.expectRefusal(.sendInvitation(d, body: d.body), as: .user(w.providerAdmin), .conflict, field: "reseller")
    }

    @Test func onlyProviderAdminsRequestPartnerships() throws {
        var w = try World.standard()
        w.expectDraftRefusal(.reseller(w.r3.account), as: .user(w.providerSales), .forbidden, field: "roles")
        w.expectDraftRefusal(.reseller(w.r3.account), as: w.r1.actor, .forbidden, field: "account")
        w.expectDraftRefusal(.reseller(w.r3.account), as: .enrollee, .forbidden, field: "user")
        // A draft made by an admin cannot be sent by a sales agent, nor by another account.
        let d = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        w.expectRefusal(.sendInvitation(d, body: d.body), as: .user(w.providerSales), .forbidden, field: "roles")
        w.expectRefusal(.sendInvitation(d, body: d.body), as: .user(w.otherProviderAdmin), .forbidden, field: "invitation")
    }

    @Test func aResellerCannotTurnACustomerDraftIntoAPartnershipRequest() throws {
        var w = try World.standard()
        // The draft is a value the caller holds; Done must not trust its kind.
        var d = try w.draft(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        d.kind = .partnership
        d.toAccountId = w.r3.account
        w.expectRefusal(.sendInvitation(d, body: d.body), as: w.r1.actor, .forbidden, field: "account")
        // Nor a provider a customer draft into an "Invite new customers" one.
        var p = try w.draft(.customer(email: "it@acme.example", existing: nil), as: .user(w.providerAdmin))
        p.kind = .indirectResellerRelationship
        p.providerId = w.provider
        w.expectRefusal(.sendInvitation(p, body: p.body), as: .user(w.providerAdmin), .forbidden, field: "account")
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
    }

    @Test func draftFieldsThatDoNotFitTheKindAreRefused() throws {
        var w = try World.standard()
        var p = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        p.customerId = Ident(high: 1, low: 1)
        w.expectRefusal(.sendInvitation(p, body: p.body), as: .user(w.providerAdmin), .invalid, field: "invitation")
        var c = try w.draft(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        c.toAccountId = w.r3.account
        w.expectRefusal(.sendInvitation(c, body: c.body), as: w.r1.actor, .invalid, field: "invitation")
        c.toAccountId = nil
        c.customerId = Ident(high: 1, low: 1)
        w.expectRefusal(.sendInvitation(c, body: c.body), as: w.r1.actor, .notFound, field: "customer")
        var r = try w.draft(.customer(email: "it@acme.example", existing: nil), as: w.r1.actor)
        r.providerId = w.provider
        w.expectRefusal(.sendInvitation(r, body: r.body), as: w.r1.actor, .invalid, field: "invitation")
        r.providerId = nil
        r.customerId = Ident(high: 1, low: 1)
        w.expectRefusal(.sendInvitation(r, body: r.body), as: w.r1.actor, .notFound, field: "customer")
    }

    @Test func authorizingCreatesTheActivePartnership() throws {
        var w = try World.standard()
        let (d, receipt) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        #expect(receipt.mail.count == 1)
        #expect(w.model.invitations[d.id]?.status == .pending)
        #expect(w.model.pendingPartnershipInvitations(for: w.r3.account, at: w.now).map(\.id) == [d.id])
        #expect(w.model.activePartnership(provider: w.provider, reseller: w.r3.account) == nil)
        w.expectRefusal(.authorizeProvider(invitation: d.id, token: d.token, authorized: false), as: w.r3.actor,
                        .invalid, field: "authorize")
        try w.run(.authorizeProvider(invitation: d.id, token: d.token, authorized: true), as: w.r3.actor)
        let p = try #require(w.model.activePartnership(provider: w.provider, reseller: w.r3.account))
        #expect(p.invitationId == d.id)
        #expect(w.model.invitations[d.id]?.status == .accepted)
        #expect(w.model.activeResellers(of: w.provider).map(\.id).contains(w.r3.account))
        #expect(w.model.activeProviders(of: w.r3.account).map(\.id) == [w.provider])
        #expect(w.model.pendingPartnershipInvitations(for: w.r3.account, at: w.now).isEmpty)
    }

    @Test func onlyTheInvitedResellersAdminAuthorizes() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        w.expectRefusal(.authorizeProvider(invitation: d.id, token: d.token, authorized: true), as: w.r2.actor,
                        .forbidden, field: "account")
        let helper = try w.run(.addUser(displayName: "Help", userPrincipalName: "help", roles: [.helpdeskAgent]),
                               as: w.r3.actor).createdId!
        w.expectRefusal(.authorizeProvider(invitation: d.id, token: d.token, authorized: true), as: .user(helper),
                        .forbidden, field: "roles")
        w.expectRefusal(.authorizeProvider(invitation: d.id, token: d.token, authorized: true), as: .customer(email: "x@y.z"),
                        .forbidden, field: "user")
    }

    @Test func declineAndWithdraw() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        w.expectRefusal(.declineInvitation(d.id, token: d.token), as: w.r2.actor, .forbidden, field: "invitation")
        w.expectRefusal(.declineInvitation(d.id, token: "wrong"), as: w.r3.actor, .forbidden, field: "token")
        try w.run(.declineInvitation(d.id, token: d.token), as: w.r3.actor)
        #expect(w.model.invitations[d.id]?.status == .declined)
        #expect(w.model.invitations[d.id]?.respondedBy == w.model.users[w.r3.admin]?.userPrincipalName)
        w.expectRefusal(.authorizeProvider(invitation: d.id, token: d.token, authorized: true), as: w.r3.actor,
                        .conflict, field: "invitation", rule: 7)
        w.expectRefusal(.withdrawInvitation(d.id), as: .user(w.providerAdmin), .conflict, field: "invitation", rule: 7)

        // A declined request does not block a new one.
        let (d2, _) = try w.invite(.reseller(w.r3.account), as: .user(w.providerAdmin))
        w.expectRefusal(.withdrawInvitation(d2.id), as: .user(w.otherProviderAdmin), .notFound, field: "invitation")
        w.expectRefusal(.withdrawInvitation(d2.id), as: w.r3.actor, .notFound, field: "invitation")
        w.expectRefusal(.withdrawInvitation(d2.id), as: .user(w.providerSales), .forbidden, field: "roles")
        try w.run(.withdrawInvitation(d2.id), as: .user(w.providerAdmin))
        #expect(w.model.invitations[d2.id]?.status == .withdrawn)
        w.expectRefusal(.authorizeProvider(invitation: d2.id, token: d2.token, authorized: true), as: w.r3.actor,
                        .conflict, field: "invitation", rule: 7)
    }
}

@Suite("Rule 3: the draft may be edited but must keep its link")
struct Rule3Tests {
    @Test func removingTheLinkBlocksDone() throws {
        var w = try World.standard()
        let d = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        let withoutLink = d.body.replacingOccurrences(of: d.link.description, with: "(link removed)")
        let error = w.expectRefusal(.sendInvitation(d, body: withoutLink), as: .user(w.providerAdmin), .invalid, field: "body", rule: 3)
        #expect(error?.message.contains("link") == true)
        // A link with a token cut short is not the link either.
        let truncated = d.body.replacingOccurrences(of: d.link.description, with: String(d.link.description.dropLast(3)))
        w.expectRefusal(.sendInvitation(d, body: truncated), as: .user(w.providerAdmin), .invalid, field: "body", rule: 3)
        w.expectRefusal(.sendInvitation(d, body: ""), as: .user(w.providerAdmin), .invalid, field: "body", rule: 3)
        #expect(w.model.invitations[d.id] == nil)
    }

    @Test func anEditedBodyWithTheLinkIsSentAsEdited() throws {
        var w = try World.standard()
        let d = try w.draft(.reseller(w.r3.account), as: .user(w.providerAdmin))
        let edited = "Hi Rita — as discussed on the phone, here is our link:\n\n<\(d.link)>\n\nCheers, Ana"
        let receipt = try w.run(.sendInvitation(d, body: edited), as: .user(w.providerAdmin))
        #expect(receipt.mail == [OutgoingMail(to: d.to, from: d.from, subject: d.subject, body: edited)])
        let stored = try #require(w.model.invitations[d.id])
        #expect(stored.tokenHash == Secrets.hash(d.token))
        #expect(stored.email == d.to)
        #expect(stored.expiresAt == stored.createdAt + Invitation.lifetime)
        // The token itself is never stored.
        #expect(!String(describing: w.model).contains(d.token))
        #expect(!String(describing: w.journal.map(\.transaction)).contains(d.token))
        // And the link in the sent mail works.
        let link = try #require(InvitationLink(parsing: "<\(d.link)>"))
        try w.run(.authorizeProvider(invitation: link.invitationId, token: link.token, authorized: true), as: w.r3.actor)
    }

    @Test func customerInvitationDraftsAlsoNeedTheirLink() throws {
        var w = try World.standard()
        let d = try w.draft(.customerWithProvider(email: "it@fourthcoffee.example", provider: w.provider), as: w.r1.actor)
        w.expectRefusal(.sendInvitation(d, body: "Please authorize us."), as: w.r1.actor, .invalid, field: "body", rule: 3)
        let d2 = try w.draft(.customer(email: "it@fourthcoffee.example", existing: nil), as: w.r1.actor)
        w.expectRefusal(.sendInvitation(d2, body: d.body), as: w.r1.actor, .invalid, field: "body", rule: 3)
        try w.run(.sendInvitation(d2, body: "Short and sweet: \(d2.link)"), as: w.r1.actor)
    }

    @Test func aDraftIsSentOnce() throws {
        var w = try World.standard()
        let d = try w.draft(.customer(email: "it@fourthcoffee.example", existing: nil), as: w.r1.actor)
        try w.run(.sendInvitation(d, body: d.body), as: w.r1.actor)
        w.expectRefusal(.sendInvitation(d, body: d.body), as: w.r1.actor, .conflict, field: "invitation")
    }
}

@Suite("Ending a partnership")
struct EndingAPartnershipTests {
    @Test func theProviderEndsItAndLosesWhatAuthorizingGave() throws {
        var w = try World.standard()
        let (shared, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: shared).first)
        try w.run(.updateSubscription(sub.id, SubscriptionChange(supportContact: .some(w.r1.account))), as: .user(w.providerAdmin))
        let before = try #require(w.model.activePartnership(provider: w.provider, reseller: w.r1.account))

        let receipt = try w.run(.endPartnership(partner: w.r1.account), as: .user(w.providerAdmin))
        #expect(w.model.partnerships[before.id]?.status == .ended)
        #expect(w.model.activePartnership(provider: w.provider, reseller: w.r1.account) == nil)
        #expect(!w.model.activeResellers(of: w.provider).map(\.id).contains(w.r1.account))
        #expect(!w.model.activeProviders(of: w.r1.account).map(\.id).contains(w.provider))
        #expect(w.model.activeProviders(of: w.r1.account).map(\.id) == [w.otherProvider], "the other partnership stays")
        let r1Contact = try #require(w.model.accounts[w.r1.account]?.primaryContact.email)
        #expect(receipt.mail.map(\.to) == [r1Contact])
        #expect(receipt.mail.first?.subject.contains("ended its partnership") == true)
        let record = try #require(w.model.auditLog.last)
        #expect(record.operationType == .end_partner_relationship)
        #expect(Set(record.involvedAccounts) == [w.provider, w.r1.account])
        #expect(try w.model.auditRecords(visibleTo: w.r1.account).contains(record), "the reseller sees it in its log")

        // Rule 2 now refuses acting for the reseller…
        w.expectRefusal(.addCustomer(Fixture.customer("beta"), reseller: w.r1.account,
                                     cart: [CartLine(offerId: Fixture.m365.id, quantity: 5)]),
                        as: .user(w.providerAdmin), .forbidden, field: "reseller", rule: 2)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(partnerOfRecord: .some(w.r1.account))),
                        as: .user(w.providerAdmin), .forbidden, field: "partnerOfRecord", rule: 2)
        // …while what was done stays: both are still the customer's resellers of record.
        let partners = Set(try #require(w.model.customers[shared]).relationships.map(\.partnerId))
        #expect(partners == [w.provider, w.r1.account])
        // Issue 10 item 14: but the subscription no longer credits the reseller or names it support
        // contact, in the same transaction, and the record and the message say so.
        #expect(w.model.subscriptions[sub.id]?.partnerId == nil)
        #expect(w.model.subscriptions[sub.id]?.supportContact == nil)
        #expect(w.journal.last?.transaction.events.count == 2, "the partnership and the subscription, one record")
        #expect(receipt.message.contains("Contoso Resale no longer partner of record or support contact on 1 subscription(s)"))
        #expect(record.newValue.contains("no longer partner of record or support contact on 1 subscription(s)"))
        #expect(receipt.mail.first?.body.contains("no longer partner of record") == true, "the reseller is told too")
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
        #expect(w.replayed() == w.model)
    }

    @Test func theResellerEndsItFromItsSide() throws {
        var w = try World.standard()
        try w.run(.endPartnership(partner: w.otherProvider), as: w.r1.actor)
        #expect(w.model.activePartnership(provider: w.otherProvider, reseller: w.r1.account) == nil)
        #expect(w.model.activePartnership(provider: w.provider, reseller: w.r1.account) != nil)
        // "Invite new customers" with that provider is refused now (rule 2).
        w.expectDraftRefusal(.customerWithProvider(email: "it@acme.example", provider: w.otherProvider), as: w.r1.actor,
                             .forbidden, field: "provider", rule: 2)
    }

    @Test func refusals() throws {
        var w = try World.standard()
        w.expectRefusal(.endPartnership(partner: w.r1.account), as: .user(w.providerSales), .forbidden, field: "roles")
        w.expectRefusal(.endPartnership(partner: w.r3.account), as: .user(w.providerAdmin), .conflict, field: "partner")
        w.expectRefusal(.endPartnership(partner: w.otherProvider), as: .user(w.providerAdmin), .notFound, field: "partner")
        w.expectRefusal(.endPartnership(partner: Ident(high: 9, low: 9)), as: .user(w.providerAdmin), .notFound, field: "partner")
        w.expectRefusal(.endPartnership(partner: w.r1.account), as: .enrollee, .forbidden, field: "user")
        try w.run(.endPartnership(partner: w.r1.account), as: .user(w.providerAdmin))
        w.expectRefusal(.endPartnership(partner: w.provider), as: w.r1.actor, .conflict, field: "partner")
    }
}
