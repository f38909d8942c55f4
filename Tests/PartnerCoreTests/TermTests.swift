import Foundation
import PartnerCore
import Testing

/// Offers with a product family, for rule 11's upgrades and scheduled changes.
enum Family {
    static let basic = Offer(id: "biz-basic", name: "Business Basic", minimumQuantity: 1, maximumQuantity: 300, termDuration: .P1M,
                             billingCycle: .monthly, unitPrice: 6, productFamily: "business", upgradeRank: 1, isAzure: false)
    static let standard = Offer(id: "biz-standard", name: "Business Standard", minimumQuantity: 1, maximumQuantity: 300, termDuration: .P1Y,
                                billingCycle: .annual, unitPrice: 12, productFamily: "business", upgradeRank: 2, isAzure: false)
    static let premium = Offer(id: "biz-premium", name: "Business Premium", minimumQuantity: 1, maximumQuantity: 300, termDuration: .P1Y,
                               billingCycle: .monthly, unitPrice: 22, productFamily: "business", upgradeRank: 3, isAzure: false)
    static let catalog = OfferCatalog([Fixture.m365, Fixture.teams, Fixture.azure, basic, standard, premium])

    /// The standard world with the family in its catalog, and a customer of r1 holding one
    /// subscription of `offer` bought now (r1 is partner of record and support contact).
    static func world(_ offer: Offer, quantity: Int = 10) throws -> (World, Subscription) {
        var w = try World.standard()
        w.catalog = catalog
        let receipt = try w.run(.addCustomer(Fixture.customer("termco"), reseller: w.r1.account,
                                             cart: [CartLine(offerId: offer.id, quantity: quantity, partnerOfRecord: w.r1.account)]),
                                as: .user(w.providerAdmin))
        let customer = try #require(receipt.createdId)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        try w.run(.updateSubscription(sub.id, SubscriptionChange(supportContact: .some(w.r1.account))), as: .user(w.providerAdmin))
        return (w, try #require(w.model.subscriptions[sub.id]))
    }
}

@Suite("Rule 11: the cancellation window (168 hours after purchase or renewal)")
struct CancellationWindowTests {
    static let justInside: TimeInterval = 167 * 3_600 + 59 * 60

    @Test func cancellingAtTheLastMinuteOfTheWindowDeletesItWithARefundNote() throws {
        var (w, sub) = try Family.world(Family.standard)
        w.now = sub.effectiveStartDate.addingTimeInterval(Self.justInside)
        let receipt = try w.run(.cancelSubscription(sub.id), as: .user(w.providerAdmin))
        let cancelled = try #require(w.model.subscriptions[sub.id])
        #expect(cancelled.status == .deleted)
        #expect(!cancelled.autoRenewEnabled)
        #expect(receipt.message.contains("prorated refund"))
        #expect(w.model.auditLog.last?.operationType == .cancel_subscription)
        #expect(w.model.auditLog.last?.newValue.contains("status: deleted") == true)
        // Deleted cannot be restored or changed.
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(status: .active)), as: .user(w.providerAdmin),
                        .conflict, field: "subscription")
    }

    @Test func cancellingWhenTheWindowHasClosedIsRefusedWithTheTimeItClosed() throws {
        var (w, sub) = try Family.world(Family.standard)
        w.now = sub.effectiveStartDate.addingTimeInterval(Subscription.cancellationWindow)
        let error = w.expectRefusal(.cancelSubscription(sub.id), as: .user(w.providerAdmin), .conflict, field: "subscription", rule: 11)
        #expect(error?.message.contains("168 hours") == true)
        #expect(error?.message.contains(CalendarMinute(sub.effectiveStartDate.addingTimeInterval(168 * 3_600)).description) == true)
    }

    @Test func aResellerMayCancelInsideTheWindowToo() throws {
        var (w, sub) = try Family.world(Family.basic)
        try w.run(.cancelSubscription(sub.id), as: w.r1.actor)
        #expect(w.model.subscriptions[sub.id]?.status == .deleted)
    }

    @Test func licensesAreLoweredOnlyInsideTheWindowAndAddedAtAnyTime() throws {
        var (w, sub) = try Family.world(Family.standard)
        var inside = w
        inside.now = sub.effectiveStartDate.addingTimeInterval(Self.justInside)
        try inside.run(.updateSubscription(sub.id, SubscriptionChange(quantity: 4)), as: .user(inside.providerAdmin))
        #expect(inside.model.subscriptions[sub.id]?.quantity == 4)

        w.now = sub.effectiveStartDate.addingTimeInterval(Subscription.cancellationWindow)
        let error = w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(quantity: 4)), as: .user(w.providerAdmin),
                                    .conflict, field: "quantity", rule: 11)
        #expect(error?.fieldRef == .subscription(.quantity))
        #expect(error == w.model.quantityChangeRefusal(sub, to: 4, offer: Family.standard,
                                                       by: try #require(w.model.accounts[w.provider]), at: w.now))
        try w.run(.updateSubscription(sub.id, SubscriptionChange(quantity: 40)), as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[sub.id]?.quantity == 40)
    }
}

@Suite("Rule 11: upgrades stay in the product family and keep the partners")
struct UpgradeTests {
    @Test func anUpgradeKeepsThePartnerOfRecordTheSupportContactAndTheLicenses() throws {
        var (w, sub) = try Family.world(Family.standard, quantity: 12)
        w.advance(days: 30)
        try w.run(.upgradeSubscription(sub.id, offerId: Family.premium.id), as: .user(w.providerAdmin))
        let upgraded = try #require(w.model.subscriptions[sub.id])
        #expect(upgraded.offerId == Family.premium.id)
        #expect(upgraded.friendlyName == Family.premium.name)
        #expect(upgraded.partnerId == sub.partnerId && upgraded.partnerId == w.r1.mpnId)
        #expect(upgraded.supportContact == sub.supportContact && upgraded.supportContact != nil)
        #expect(upgraded.quantity == 12)
        // The same term length keeps the term.
        #expect(upgraded.commitmentEndDate == sub.commitmentEndDate && upgraded.effectiveStartDate == sub.effectiveStartDate)
        #expect(w.model.auditLog.last?.operationType == .upgrade_subscription)
        #expect(w.model.auditLog.last?.newValue.contains("offer: biz-premium") == true)
    }

    @Test func anotherTermLengthStartsANewTermNow() throws {
        var (w, sub) = try Family.world(Family.basic)
        w.advance(days: 10)
        try w.run(.upgradeSubscription(sub.id, offerId: Family.standard.id), as: .user(w.providerAdmin))
        let upgraded = try #require(w.model.subscriptions[sub.id])
        #expect(upgraded.effectiveStartDate == w.journal.last?.transaction.date)
        #expect(upgraded.commitmentEndDate == Offer.TermDuration.P1Y.end(from: upgraded.effectiveStartDate))
    }

    @Test(arguments: [(Family.premium, Family.standard.id), (Family.standard, Family.basic.id), (Family.standard, Fixture.m365.id),
                      (Family.standard, Family.standard.id)])
    func onlyAHigherOfferOfTheSameFamilyIsAnUpgrade(_ from: Offer, _ to: String) throws {
        var (w, sub) = try Family.world(from)
        let error = w.expectRefusal(.upgradeSubscription(sub.id, offerId: to), as: .user(w.providerAdmin), .invalid, field: "offer", rule: 11)
        #expect(error?.message.contains("same product family") == true)
    }

    @Test func anOfferWithoutAFamilyHasNoUpgradeAndAResellerCannotUpgrade() throws {
        var (w, sub) = try Family.world(Fixture.m365)
        let error = w.expectRefusal(.upgradeSubscription(sub.id, offerId: Family.premium.id), as: .user(w.providerAdmin),
                                    .invalid, field: "offer", rule: 11)
        #expect(error?.message.contains("has none") == true)
        var (w2, sub2) = try Family.world(Family.basic)
        w2.expectRefusal(.upgradeSubscription(sub2.id, offerId: Family.premium.id), as: w2.r1.actor, .forbidden, field: "offer", rule: 6)
        #expect(Family.catalog.upgrades(from: Family.basic).map(\.id) == [Family.standard.id, Family.premium.id])
    }
}

@Suite("Rule 11: terms renew or expire; a change scheduled for the renewal")
struct TermEndTests {
    @Test func aTermThatEndsWithAutoRenewOnRenewsAndItsWindowStartsAgain() throws {
        let (w, sub) = try Family.world(Family.standard)
        let at = sub.commitmentEndDate
        #expect(w.model.termEnds(dueBy: at.addingTimeInterval(-1), catalog: w.catalog).isEmpty)
        let due = w.model.termEnds(dueBy: at, catalog: w.catalog)
        #expect(due.map(\.old.id) == [sub.id])
        let renewed = try #require(due.first?.new)
        #expect(renewed.status == .active)
        #expect(renewed.effectiveStartDate == at)
        #expect(renewed.commitmentEndDate == Offer.TermDuration.P1Y.end(from: at))
        #expect(renewed.isInCancellationWindow(at: at.addingTimeInterval(3_600)))
        #expect(!renewed.isInCancellationWindow(at: at.addingTimeInterval(Subscription.cancellationWindow)))
    }

    @Test func aTermThatEndsWithAutoRenewOffExpires() throws {
        var (w, sub) = try Family.world(Family.standard)
        try w.run(.updateSubscription(sub.id, SubscriptionChange(autoRenewEnabled: false)), as: .user(w.providerAdmin))
        let recorder = TermEndRecorder(userPrincipalName: "ana@northwind.onmicrosoft.com", accountId: w.provider)
        let transactions = w.model.termEndTransactions(dueBy: sub.commitmentEndDate, catalog: w.catalog, recordedFor: recorder)
        #expect(transactions.map(\.audit.operationType) == [.expire_subscription])
        for t in transactions { w.commit(t) }
        let expired = try #require(w.model.subscriptions[sub.id])
        #expect(expired.status == .expired && expired.commitmentEndDate == sub.commitmentEndDate)
        #expect(w.model.termEnds(dueBy: sub.commitmentEndDate.addingTimeInterval(86_400 * 400), catalog: w.catalog).isEmpty)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(autoRenewEnabled: true)), as: .user(w.providerAdmin),
                        .conflict, field: "subscription")
    }

    @Test func termsThatEndedUnseenRenewOneAfterAnotherUntilNow() throws {
        let (w, sub) = try Family.world(Family.basic)
        let now = sub.commitmentEndDate.addingTimeInterval(95 * 86_400)
        let renewed = PartnerModel.afterTermEnds(sub, by: now, catalog: w.catalog)
        // 30-day terms: ended at +30, +60, +90 and +120 days from purchase.
        #expect(renewed.commitmentEndDate == sub.creationDate.addingTimeInterval(150 * 86_400))
        #expect(renewed.effectiveStartDate == sub.creationDate.addingTimeInterval(120 * 86_400))
        #expect(renewed.commitmentEndDate > now && renewed.status == .active)
    }

    @Test func aScheduledChangeAppliesAtTheRenewalAndIsThenCleared() throws {
        var (w, sub) = try Family.world(Family.standard, quantity: 20)
        w.now = sub.effectiveStartDate.addingTimeInterval(30 * 86_400)
        try w.run(.scheduleNextTerm(sub.id, NextTermInstructions(offerId: Family.premium.id, quantity: 8)), as: .user(w.providerAdmin))
        let scheduled = try #require(w.model.subscriptions[sub.id])
        #expect(scheduled.scheduledNextTerm == NextTermInstructions(offerId: Family.premium.id, quantity: 8))
        #expect(scheduled.quantity == 20 && scheduled.offerId == Family.standard.id)
        let recorder = TermEndRecorder(userPrincipalName: "ana@northwind.onmicrosoft.com", accountId: w.provider)
        for t in w.model.termEndTransactions(dueBy: sub.commitmentEndDate, catalog: w.catalog, recordedFor: recorder) { w.commit(t) }
        let renewed = try #require(w.model.subscriptions[sub.id])
        #expect(renewed.quantity == 8 && renewed.offerId == Family.premium.id && renewed.scheduledNextTerm == nil)
        #expect(renewed.partnerId == sub.partnerId && renewed.supportContact == sub.supportContact)
        #expect(w.model.auditLog.last?.operationType == .renew_subscription)
        #expect(w.model == w.replayed())
        #expect(w.model.termEnds(dueBy: renewed.commitmentEndDate.addingTimeInterval(-1), catalog: w.catalog).isEmpty)
    }

    @Test func aScheduleNeedsAutoRenewStaysInTheFamilyAndAChangeNowClearsIt() throws {
        var (w, sub) = try Family.world(Family.standard, quantity: 20)
        w.expectRefusal(.scheduleNextTerm(sub.id, NextTermInstructions(offerId: Fixture.m365.id)), as: .user(w.providerAdmin),
                        .invalid, field: "nextTermOffer", rule: 11)
        w.expectRefusal(.scheduleNextTerm(sub.id, NextTermInstructions(quantity: 301)), as: .user(w.providerAdmin),
                        .invalid, field: "nextTermQuantity", rule: 8)
        w.expectRefusal(.scheduleNextTerm(sub.id, NextTermInstructions(quantity: 30)), as: w.r1.actor,
                        .forbidden, field: "nextTermQuantity", rule: 6)
        w.expectRefusal(.scheduleNextTerm(sub.id, nil), as: .user(w.providerAdmin), .invalid, field: "scheduledNextTerm")
        try w.run(.scheduleNextTerm(sub.id, NextTermInstructions(quantity: 15)), as: w.r1.actor)
        #expect(w.model.subscriptions[sub.id]?.scheduledNextTerm?.quantity == 15)
        // A change of licenses now deletes what was scheduled, as Partner Center does.
        try w.run(.updateSubscription(sub.id, SubscriptionChange(quantity: 25)), as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[sub.id]?.scheduledNextTerm == nil)
        try w.run(.scheduleNextTerm(sub.id, NextTermInstructions(quantity: 15)), as: .user(w.providerAdmin))
        try w.run(.updateSubscription(sub.id, SubscriptionChange(autoRenewEnabled: false)), as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[sub.id]?.scheduledNextTerm == nil)
        w.expectRefusal(.scheduleNextTerm(sub.id, NextTermInstructions(quantity: 15)), as: .user(w.providerAdmin),
                        .conflict, field: "autoRenew", rule: 11)
        #expect(try w.model.termEndViolations().isEmpty)
        #expect(w.model.invariantViolations(catalog: w.catalog).isEmpty)
    }

    @Test func checkFindsATermThatEndedBeforeTheLastChangeAndNotAfterItsRenewal() throws {
        var (w, sub) = try Family.world(Family.basic)
        w.now = sub.commitmentEndDate.addingTimeInterval(3_600)
        // A change decided without renewing first (as a workspace written before rule 11 was).
        try w.run(.addUser(displayName: "Late", userPrincipalName: "late", roles: []), as: .user(w.providerAdmin))
        let problems = try w.model.termEndViolations()
        #expect(problems.count == 1 && problems.first?.contains("should have renewed (rule 11)") == true)
        let recorder = TermEndRecorder(userPrincipalName: "ana@northwind.onmicrosoft.com", accountId: w.provider)
        for t in w.model.termEndTransactions(dueBy: w.now, catalog: w.catalog, recordedFor: recorder) { w.commit(t) }
        #expect(try w.model.termEndViolations().isEmpty)
        // The index a snapshot rebuilds answers as the one `apply` kept.
        let later = w.now.addingTimeInterval(60 * 86_400)
        #expect(w.rebuiltFromSnapshot().termEnds(dueBy: later, catalog: w.catalog).map(\.old.id)
                == w.model.termEnds(dueBy: later, catalog: w.catalog).map(\.old.id))
    }

    @Test func aWorldRenewsBeforeAUsersChangeAndAfterAnEnrollees() throws {
        var builder = WorldBuilder(context: CommandContext(now: Fixture.start, fresh: SeededFreshValues(seed: 3), catalog: Family.catalog))
        let setup = try builder.run(.setUpProvider(Fixture.provider("Northwind", prefix: "northwind", mpn: "1000001")), as: .enrollee)
        let admin = try #require(builder.model.users.values.first { $0.accountId == setup.createdId })
        try builder.run(.setUserRoles(user: admin.id, roles: [.globalAdmin, .adminAgent]), as: .user(admin.id))
        let added = try builder.run(.addCustomer(Fixture.customer("acme"), reseller: nil, cart: [CartLine(offerId: Family.basic.id, quantity: 3)]),
                                    as: .user(admin.id))
        let customer = try #require(added.createdId)
        let sub = try #require(builder.model.subscriptions(of: customer).first)
        builder.advance(days: 31)
        let count = builder.model.auditLog.count
        try builder.run(.addUser(displayName: "Ben", userPrincipalName: "ben", roles: []), as: .user(admin.id))
        #expect(builder.model.auditLog.map(\.operationType).suffix(2) == [.renew_subscription, .add_user])
        #expect(builder.model.auditLog.count == count + 2)
        #expect(builder.model.subscriptions[sub.id]?.effectiveStartDate == sub.commitmentEndDate)
        builder.advance(days: 30)
        try builder.run(.registerMembershipProfile(Fixture.profile(mpn: "2000009", name: "Late Co")), as: .enrollee)
        #expect(builder.model.auditLog.map(\.operationType).suffix(2) == [.register_membership_profile, .renew_subscription])
        #expect(try builder.model.termEndViolations().isEmpty)
    }
}
