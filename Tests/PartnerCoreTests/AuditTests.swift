import Foundation
import PartnerCore
import Testing

@Suite("Rule 10: every change is one audit record with who did it")
struct Rule10Tests {
    /// Runs a script of commands and checks the audit record each one appends.
    @Test func everyAcceptedCommandAppendsExactlyOneRecord() throws {
        var w = try World.standard()
        let admin = Actor.user(w.providerAdmin)
        let customerActor = Actor.customer(email: "it@acme.example")
        let d = try w.draft(.customerWithProvider(email: "it@acme.example", provider: w.provider), as: w.r1.actor)
        let p = try w.draft(.reseller(w.r3.account), as: admin)
        let ana = "ana@northwind.onmicrosoft.com", rita1 = "rita@contoso.onmicrosoft.com"

        var customer = Ident(high: 0, low: 0)
        let script: [(Command, Actor, OperationType, String, AccountID?)] = [
            (.sendInvitation(d, body: d.body), w.r1.actor, .create_invitation, rita1, w.r1.account),
            (.consentToInvitation(d.id, token: d.token, customer: .new(Fixture.customer("acme"))), customerActor,
             .create_customer_relationship, "it@acme.example", nil),
            (.sendInvitation(p, body: p.body), admin, .create_invitation, ana, w.provider),
            (.authorizeProvider(invitation: p.id, token: p.token, authorized: true), w.r3.actor, .create_partner_relationship,
             "rita@tailspin.onmicrosoft.com", w.r3.account),
            (.addCustomer(Fixture.customer("beta"), reseller: w.r2.account, cart: [CartLine(offerId: Fixture.m365.id, quantity: 3)]),
             admin, .add_customer, ana, w.provider),
            (.endPartnership(partner: w.r2.account), admin, .end_partner_relationship, ana, w.provider),
            (.addUser(displayName: "Olga", userPrincipalName: "olga", roles: [.adminAgent]), admin, .add_user, ana, w.provider),
            (.updateAccountProfile(AccountProfileChange(legalName: "Northwind Group")), admin, .update_partner_profile, ana, w.provider),
            (.registerMembershipProfile(Fixture.profile(mpn: "5555555", name: "Later Ltd")), .enrollee, .register_membership_profile,
             "membership-center", nil),
            (.resubmitEnrollment(account: w.rejected.account, mpnId: w.rejected.mpnId), w.rejected.actor, .resubmit_enrollment,
             "rita@rejectedco.onmicrosoft.com", w.rejected.account),
            (.enrollReseller(Fixture.enrollment("Later Ltd", prefix: "later", mpn: "5555555")), .enrollee, .enroll_partner,
             "rita@later.onmicrosoft.com", nil),
        ]
        for (i, (command, actor, operation, upn, account)) in script.enumerated() {
            let before = Array(w.model.auditLog)
            let decision = try w.decide(command, as: actor)
            w.commit(decision.transaction)
            #expect(w.model.auditLog.count == before.count + 1, "step \(i)")
            #expect(Array(w.model.auditLog.dropLast()) == before, "step \(i): earlier records unchanged")
            let record = try #require(w.model.auditLog.last)
            #expect(record.sequence == w.sequence && w.model.lastSequence == w.sequence)
            #expect(record.operationType == operation, "step \(i)")
            #expect(record.userPrincipalName == upn, "step \(i)")
            if let account { #expect(record.accountId == account, "step \(i)") }
            #expect(record.operationDate == decision.transaction.date)
            #expect(record.operationStatus == .succeeded)
            // The record is exactly what the transaction said.
            let t = decision.transaction
            #expect(record.userPrincipalName == t.userPrincipalName && record.accountId == t.accountId)
            #expect(record.resourceName == t.audit.resourceName && record.customerId == t.audit.customerId)
            #expect(record.oldValue == t.audit.oldValue && record.newValue == t.audit.newValue)
            #expect(record.involvedAccounts == t.audit.involvedAccounts)
            if operation == .create_customer_relationship { customer = record.customerId ?? customer }
        }
        #expect(w.model.customers[customer] != nil)
        // The enrollment's record names the new account.
        #expect(w.model.auditLog.last?.accountId == w.model.user(principal: "rita@later.onmicrosoft.com")?.accountId)
        // Replaying the journal gives the same model, audit log included.
        #expect(w.replayed() == w.model)
    }

    @Test func refusalsWriteNothing() throws {
        var w = try World.standard()
        let count = w.model.auditLog.count
        w.expectRefusal(.placeOrder(customer: Ident(high: 1, low: 1), cart: []), as: .user(w.providerSales), .forbidden, field: "roles", rule: 9)
        w.expectRefusal(.withdrawInvitation(Ident(high: 1, low: 1)), as: .user(w.providerAdmin), .notFound, field: "invitation")
        #expect(w.model.auditLog.count == count)
    }

    @Test func applyIsDeterministicAndTheModelIsAValue() throws {
        let w = try World.standard()
        var a = PartnerModel(), b = PartnerModel()
        for entry in w.journal {
            a.apply(entry.transaction, sequence: entry.sequence)
            b.apply(entry.transaction, sequence: entry.sequence)
        }
        #expect(a == b && a == w.model)
        #expect(w.model.auditLog.map(\.sequence) == Array(1...w.sequence))
        // A half-applied journal is a different model.
        var half = PartnerModel()
        for entry in w.journal.prefix(w.journal.count / 2) { half.apply(entry.transaction, sequence: entry.sequence) }
        #expect(half != w.model)
    }
}

@Suite("Derived indexes")
struct IndexTests {
    @Test func aSnapshotRebuildAnswersQueriesLikeTheLiveModel() throws {
        var w = try World.standard()
        let (a, _) = try w.addCustomer("alpha", for: w.r1.account)
        try w.run(.placeOrder(customer: a, cart: (1...8).map { CartLine(offerId: Fixture.m365.id, quantity: $0) }),
                  as: .user(w.providerAdmin))
        _ = try w.addCustomer("bravo", for: w.r2.account)
        let rebuilt = w.rebuiltFromSnapshot()
        #expect(rebuilt == w.model)
        #expect(rebuilt.invariantViolations(catalog: w.catalog) == [])
        #expect(rebuilt.customersByPartner.filter { !$0.value.isEmpty } == w.model.customersByPartner.filter { !$0.value.isEmpty })
        #expect(rebuilt.accountByMpn == w.model.accountByMpn)
        #expect(rebuilt.userByPrincipal == w.model.userByPrincipal)
        #expect(rebuilt.takenDomains == w.model.takenDomains)
        #expect(rebuilt.partnershipByPair == w.model.partnershipByPair)
        for id in w.model.customers.keys {
            #expect(rebuilt.subscriptions(of: id).map(\.id) == w.model.subscriptions(of: id).map(\.id),
                    "a customer's subscriptions are listed in the same order after a restart")
        }
        for account in w.model.accounts.keys {
            #expect(Set(rebuilt.partnerships(of: account).map(\.id)) == Set(w.model.partnerships(of: account).map(\.id)))
        }
    }

    @Test func aPartnershipThatEndedCanBeRenewed() throws {
        var w = try World.standard()
        let ended = try #require(w.model.activePartnership(provider: w.provider, reseller: w.r2.account))
        try w.run(.endPartnership(partner: w.r2.account), as: .user(w.providerAdmin))
        #expect(w.model.activePartnership(provider: w.provider, reseller: w.r2.account) == nil)
        #expect(!w.model.activeResellers(of: w.provider).map(\.id).contains(w.r2.account))
        w.expectRefusal(.addCustomer(Fixture.customer("acme"), reseller: w.r2.account, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                        as: .user(w.providerAdmin), .forbidden, field: "reseller", rule: 2)
        try w.connect(provider: w.providerAdmin, reseller: w.r2)
        let renewed = try #require(w.model.activePartnership(provider: w.provider, reseller: w.r2.account))
        #expect(renewed.id != ended.id)
        #expect(w.model.activeResellers(of: w.provider).map(\.id).contains(w.r2.account))
        #expect(w.model.activeProviders(of: w.r2.account).map(\.id) == [w.provider])
        #expect(Set(w.model.partnerships(of: w.r2.account).map(\.id)) == [ended.id, renewed.id])
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
        let rebuilt = w.rebuiltFromSnapshot()
        #expect(rebuilt.activePartnership(provider: w.provider, reseller: w.r2.account)?.id == renewed.id)
        #expect(rebuilt.activeResellers(of: w.provider).map(\.id) == w.model.activeResellers(of: w.provider).map(\.id))
    }
}
