import Foundation
import PartnerCore
import Testing

/// An audit record's old and new values are the field(s) that changed, for every
/// operation type: a new `OperationType` case fails until it has a check here.
@Suite("Audit records say what changed")
struct AuditValueTests {
    /// Runs commands through a world and checks the old and new values each one records.
    struct Script {
        var w: World
        var checked: Set<OperationType> = []

        mutating func expect(_ command: Command, as actor: Actor, _ operation: OperationType, old: String, new: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
            try w.run(command, as: actor)
            let record = try #require(w.model.auditLog.last, sourceLocation: sourceLocation)
            #expect(record.operationType == operation, sourceLocation: sourceLocation)
            #expect(record.oldValue == old, "\(operation) old", sourceLocation: sourceLocation)
            #expect(record.newValue == new, "\(operation) new", sourceLocation: sourceLocation)
            checked.insert(operation)
        }
    }

    @Test func everyOperationTypeRecordsTheFieldsThatChanged() throws {
        var s = Script(w: try World.standard())
        let admin = Actor.user(s.w.providerAdmin)

        // Accounts and enrollment.
        try s.expect(.setUpProvider(Fixture.provider("Acme Distribution", prefix: "acmedist", mpn: "3000001")), as: .enrollee,
                     .enroll_partner, old: "", new: "indirect provider 3000001, admin ana@acmedist.onmicrosoft.com")
        try s.expect(.registerMembershipProfile(Fixture.profile(mpn: "5555555", name: "Later Ltd", country: "DE")), as: .enrollee,
                     .register_membership_profile, old: "", new: "5555555")
        let (later, code) = try s.w.enroll("Later Ltd", prefix: "later", mpn: "5555555")
        try s.expect(.verifyEnrollmentEmail(account: later.account, code: code), as: later.actor, .verify_enrollment_email,
                     old: "Pending email verification", new: "Under review")
        let rejection = "Rejected: the organization profile is in DE but the Azure AD tenant is in US; they must be in the same country/region"
        try s.expect(.reviewEnrollment(account: later.account), as: later.actor, .review_enrollment, old: "Under review", new: rejection)
        try s.expect(.resubmitEnrollment(account: later.account, mpnId: "5555555"), as: later.actor, .resubmit_enrollment,
                     old: "MPN ID 5555555, \(rejection)", new: "MPN ID 5555555, Under review")

        // The profile: only what changed, not the support email every time.
        try s.expect(.updateAccountProfile(AccountProfileChange(legalName: "Northwind Group")), as: admin, .update_partner_profile,
                     old: "legalName: Northwind Distribution", new: "legalName: Northwind Group")
        var address = Fixture.address()
        address.city = "Chicago"
        let support = SupportInfo(email: "support@northwind.onmicrosoft.com", phone: "+1 555 0199", url: "")
        try s.expect(.updateAccountProfile(AccountProfileChange(address: address, supportContact: support)), as: admin,
                     .update_partner_profile, old: "address.city: Springfield; supportContact.url: https://northwind.onmicrosoft.com/support",
                     new: "address.city: Chicago; supportContact.url: (empty)")

        // Users.
        try s.expect(.addUser(displayName: "Olga Berg", userPrincipalName: "olga", roles: [.adminAgent]), as: admin, .add_user,
                     old: "", new: "Admin agent")
        let olga = try #require(s.w.model.user(principal: "olga@northwind.onmicrosoft.com"))
        try s.expect(.setUserRoles(user: olga.id, roles: [.adminAgent, .salesAgent]), as: admin, .update_user_roles,
                     old: "Admin agent", new: "Admin agent, Sales agent")

        // The listing: the locations' fields that the request (then its completion) changes.
        let location = ListingLocation(country: "US", companyName: "Northwind", logoURL: "https://northwind.example/logo.png",
                                       targetURL: "https://northwind.example")
        let added = (old: "locations[0].country: (empty); locations[0].companyName: (empty); locations[0].logoURL: (empty); "
                        + "locations[0].targetURL: (empty)",
                     new: "locations[0].country: US; locations[0].companyName: Northwind; "
                        + "locations[0].logoURL: https://northwind.example/logo.png; locations[0].targetURL: https://northwind.example")
        try s.expect(.submitProfileChangeRequest([location]), as: admin, .submit_profile_change_request, old: added.old, new: added.new)
        s.w.advance(days: 15)
        try s.expect(.completeDueProfileChangeRequests, as: admin, .complete_profile_change_request, old: added.old, new: added.new)
        var moved = location
        moved.targetURL = "https://northwind.example/csp"
        try s.expect(.submitProfileChangeRequest([moved]), as: admin, .submit_profile_change_request,
                     old: "locations[0].targetURL: https://northwind.example", new: "locations[0].targetURL: https://northwind.example/csp")

        // Invitations and partnerships: the invitation's status.
        let label = Invitation.Kind.resellerRelationship.label
        let first = try s.w.draft(.customer(email: "it@first.example", existing: nil), as: s.w.r1.actor)
        try s.expect(.sendInvitation(first, body: first.body), as: s.w.r1.actor, .create_invitation, old: "", new: "\(label) invitation, pending")
        try s.expect(.withdrawInvitation(first.id), as: s.w.r1.actor, .withdraw_invitation, old: "pending", new: "withdrawn")
        let (second, _) = try s.w.invite(.customer(email: "it@second.example", existing: nil), as: s.w.r1.actor)
        try s.expect(.declineInvitation(second.id, token: second.token), as: .customer(email: "it@second.example"),
                     .decline_invitation, old: "pending", new: "declined")
        let (request, _) = try s.w.invite(.reseller(s.w.r3.account), as: admin)
        try s.expect(.authorizeProvider(invitation: request.id, token: request.token, authorized: true), as: s.w.r3.actor,
                     .create_partner_relationship, old: "pending", new: "accepted")
        try s.expect(.endPartnership(partner: s.w.r3.account), as: admin, .end_partner_relationship, old: "active", new: "ended")

        // Customers: what was created, and then the resellers of record.
        try s.expect(.addCustomer(Fixture.customer("acme"), reseller: s.w.r1.account,
                                  cart: [CartLine(offerId: Fixture.m365.id, quantity: 2)]), as: admin,
                     .add_customer, old: "", new: "acme.onmicrosoft.com; reseller Contoso Resale; 2× m365-e3")
        let acme = try #require(s.w.model.customer(withDomain: "acme.onmicrosoft.com"))
        let (join, _) = try s.w.invite(.customer(email: "cleo@acme.example", existing: nil), as: s.w.r2.actor)
        try s.expect(.consentToInvitation(join.id, token: join.token, customer: .existing(domain: "acme.onmicrosoft.com")),
                     as: .customer(email: "cleo@acme.example"), .create_customer_relationship,
                     old: "Northwind Group, Contoso Resale", new: "Northwind Group, Contoso Resale, Litware Partners")
        let (fresh, _) = try s.w.invite(.customerWithProvider(email: "it@beta.example", provider: s.w.provider), as: s.w.r1.actor)
        try s.expect(.consentToInvitation(fresh.id, token: fresh.token, customer: .new(Fixture.customer("beta"))),
                     as: .customer(email: "it@beta.example"), .create_customer_relationship,
                     old: "", new: "Contoso Resale, Northwind Group")
        try s.expect(.placeOrder(customer: acme.id, cart: [CartLine(offerId: Fixture.teams.id, quantity: 5)]), as: admin,
                     .create_order, old: "", new: "5× teams-ess")

        // Subscriptions: only the fields changed.
        let subscriptions = s.w.model.subscriptions(of: acme.id)
        try s.expect(.updateSubscription(subscriptions[0].id, SubscriptionChange(friendlyName: "Head office")), as: admin,
                     .update_subscription, old: "friendlyName: Microsoft 365 E3", new: "friendlyName: Head office")
        try s.expect(.updateSubscription(subscriptions[0].id, SubscriptionChange(quantity: 3, status: .suspended)), as: admin,
                     .update_subscription, old: "quantity: 2; status: active", new: "quantity: 3; status: suspended")
        try s.w.run(.updateSubscription(subscriptions[1].id, SubscriptionChange(status: .suspended)), as: admin)
        try s.expect(.removeResellerRelationship(customer: acme.id, partner: s.w.r1.account), as: admin, .remove_customer_relationship,
                     old: "Northwind Group, Contoso Resale, Litware Partners",
                     new: "Northwind Group, Litware Partners; Contoso Resale no longer partner of record or support contact on 1 subscription(s)")

        // Rule 11: cancelling, upgrading, and the terms that end.
        s.w.catalog = Family.catalog
        try s.w.run(.placeOrder(customer: acme.id, cart: [CartLine(offerId: Family.standard.id, quantity: 4),
                                                          CartLine(offerId: Family.standard.id, quantity: 6)]), as: admin)
        let family = s.w.model.subscriptions(of: acme.id).filter { $0.offerId == Family.standard.id }
        try s.expect(.cancelSubscription(family[0].id), as: admin, .cancel_subscription,
                     old: "status: active; autoRenew: on", new: "status: deleted; autoRenew: off")
        try s.expect(.upgradeSubscription(family[1].id, offerId: Family.premium.id), as: admin, .upgrade_subscription,
                     old: "friendlyName: Business Standard; offer: biz-standard", new: "friendlyName: Business Premium; offer: biz-premium")
        let premium = try #require(s.w.model.subscriptions[family[1].id])
        let recorder = TermEndRecorder(userPrincipalName: "ana@northwind.onmicrosoft.com", accountId: s.w.provider)
        let ends = s.w.model.termEndTransactions(dueBy: premium.commitmentEndDate, catalog: s.w.catalog, recordedFor: recorder)
        let renewal = try #require(ends.first { $0.audit.resourceName.hasSuffix(premium.friendlyName) })
        #expect(renewal.audit.operationType == .renew_subscription)
        #expect(renewal.audit.oldValue == "commitmentEndDate: \(CalendarDay(premium.commitmentEndDate))")
        #expect(renewal.audit.newValue == "commitmentEndDate: \(CalendarDay(Offer.TermDuration.P1Y.end(from: premium.commitmentEndDate)))")
        s.checked.insert(.renew_subscription)
        try s.w.run(.updateSubscription(premium.id, SubscriptionChange(autoRenewEnabled: false)), as: admin)
        let expiry = s.w.model.termEndTransactions(dueBy: premium.commitmentEndDate, catalog: s.w.catalog, recordedFor: recorder)
            .first { $0.audit.resourceName.hasSuffix(premium.friendlyName) }
        #expect(expiry?.audit.operationType == .expire_subscription)
        #expect(expiry?.audit.oldValue == "status: active" && expiry?.audit.newValue == "status: expired")
        s.checked.insert(.expire_subscription)

        for operation in OperationType.allCases {
            #expect(s.checked.contains(operation), "no check of \(operation)'s old and new values")
        }
    }
}
