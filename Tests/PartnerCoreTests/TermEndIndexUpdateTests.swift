import Foundation
import Testing
@testable import PartnerCore

/// Rule 11's index of term ends is kept in step by every subscription update; one that
/// leaves a term's end where it was (a quantity change, the commonest command) must leave
/// the index as it was, not search and copy the thousands of ids an hour may hold.
struct TermEndIndexUpdateTests {
    @Test func aQuantityChangeLeavesTheTermEndIndexAsItWas() throws {
        var w = try World.standard()
        w.catalog = Family.catalog
        let cart = [CartLine(offerId: Family.standard.id, quantity: 5, partnerOfRecord: w.r1.account),
                    CartLine(offerId: Family.standard.id, quantity: 7, partnerOfRecord: w.r1.account)]
        let receipt = try w.run(.addCustomer(Fixture.customer("hourco"), reseller: w.r1.account, cart: cart),
                                as: .user(w.providerAdmin))
        let customer = try #require(receipt.createdId)
        let subs = w.model.subscriptions(of: customer)
        try #require(subs.count == 2 && TermEndIndex.hour(subs[0].commitmentEndDate) == TermEndIndex.hour(subs[1].commitmentEndDate))
        let later = subs[0].commitmentEndDate.addingTimeInterval(3_600)
        let before = w.model.termEnds.candidates(by: later)
        let changed = w.model.termEndCandidates(by: later)[0].id
        // Removing and inserting again would move the changed one to the end of its hour.
        try w.run(.updateSubscription(changed, SubscriptionChange(quantity: 9)), as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[changed]?.quantity == 9)
        #expect(w.model.termEnds.candidates(by: later) == before)
    }

    @Test func anUpdateThatEndsOrMovesATermStillUpdatesTheIndex() throws {
        var (w, sub) = try Family.world(Family.standard)
        let due = sub.commitmentEndDate.addingTimeInterval(3_600)
        #expect(w.model.termEndCandidates(by: due).map(\.id).contains(sub.id))
        w.now = sub.effectiveStartDate.addingTimeInterval(3_600)
        try w.run(.cancelSubscription(sub.id), as: .user(w.providerAdmin))
        #expect(w.model.subscriptions[sub.id]?.isLive == false)
        #expect(!w.model.termEndCandidates(by: due).map(\.id).contains(sub.id), "a subscription no longer live leaves the index")
        #expect(w.model.termEnds(dueBy: due, catalog: w.catalog).isEmpty)
    }
}
