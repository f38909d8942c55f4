import Foundation
@testable import PartnerCore
import Testing

/// Rule 7's expiry as the configuration sets it: a whole number of days from 1 to 90,
/// checked in one place (`InvitationExpiry`) for the file and for every invitation sent.
@Suite struct InvitationExpiryTests {
    @Test func daysOutsideTheLimitsAreRefusedWithTheFieldAndRule() {
        for days in [-1, 0, 91, 365] {
            #expect(throws: DomainError(.invalid, field: InvitationExpiry.field,
                                        "must be a whole number of days from 1 to 90, not \(days)", rule: 7)) {
                try InvitationExpiry(days: days)
            }
        }
        #expect((try? InvitationExpiry(days: 1))?.interval == 86_400)
        #expect((try? InvitationExpiry(days: 90))?.days == 90)
        #expect(InvitationExpiry.standard.interval == Invitation.lifetime)
    }

    @Test func anInvitationSentWithAConfiguredExpiryExpiresThen() throws {
        var w = try World.standard()
        var d = try w.draft(.customerWithProvider(email: "it@seven.example", provider: w.provider), as: w.r1.actor)
        d.expiry = try InvitationExpiry(days: 7)
        try w.run(.sendInvitation(d, body: d.body), as: w.r1.actor)
        let stored = try #require(w.model.invitations[d.id])
        #expect(stored.expiresAt == stored.createdAt + 7 * 86_400)
        #expect(stored.effectiveStatus(at: stored.createdAt + 7 * 86_400 - 1) == .pending)
        #expect(stored.effectiveStatus(at: stored.createdAt + 7 * 86_400) == .expired)
        #expect(w.model.invariantViolations().isEmpty, "a configured lifetime is a valid one")
    }

    @Test func theInvariantsRefuseALifetimeTheRuleDoesNot() throws {
        var w = try World.standard()
        let (d, _) = try w.invite(.customerWithProvider(email: "it@long.example", provider: w.provider), as: w.r1.actor)
        var model = w.model
        model.invitations[d.id]?.expiresAt += 200 * 86_400
        #expect(model.invariantViolations().contains { $0.contains("expiry is not creation + an allowed lifetime") })
    }
}
