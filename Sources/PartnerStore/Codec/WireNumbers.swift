import PartnerCore

/// Every number the codec stores for an enum case, each named once, here. Writing and
/// reading both use these tables (never a switch with numbers in it), and the numbers
/// never follow declaration order, so reordering a Swift enum changes no stored byte.
/// A number, once written to a file, keeps its meaning forever: a new case gets a new
/// number and a new format version (see `ModelCodec.currentVersion`). Building this
/// checks every table at once (no case or number twice, no case left out, no 0); the
/// first use of any table builds it. `WireNumberTests` pins every number.
struct WireNumbers: Sendable {
    let accountKinds = WireTable<PartnerAccount.Kind>("account kind", [
        (.indirectProvider, 1),
        (.indirectReseller, 2),
    ])

    /// Followed by the reason (a string) for `.rejected`.
    let enrollmentStatuses = WireTable<ModelCodec.EnrollmentStatusType>("enrollment status", [
        (.pendingEmailVerification, 1),
        (.underReview, 2),
        (.active, 3),
        (.rejected, 4),
    ])

    let userRoles = WireFlags<User.Role>("set of user roles", [
        (.globalAdmin, 1),
        (.adminAgent, 2),
        (.salesAgent, 4),
        (.helpdeskAgent, 8),
    ])

    let changeRequestStatuses = WireTable<ProfileChangeRequest.Status>("change request status", [
        (.submitted, 1),
        (.completed, 2),
    ])

    let invitationKinds = WireTable<Invitation.Kind>("invitation kind", [
        (.partnership, 1),
        (.resellerRelationship, 2),
        (.indirectResellerRelationship, 3),
    ])

    let invitationStatuses = WireTable<Invitation.Status>("invitation status", [
        (.pending, 1),
        (.accepted, 2),
        (.declined, 3),
        (.withdrawn, 4),
        (.expired, 5),
    ])

    let partnershipStatuses = WireTable<Partnership.Status>("partnership status", [
        (.active, 1),
        (.ended, 2),
    ])

    let relationshipKinds = WireTable<CustomerRelationship.Kind>("relationship to partner", [
        (.reseller, 1),
    ])

    let customerChannels = WireTable<Customer.Channel>("customer channel", [
        (.ownMarketing, 1),
        (.microsoftReferral, 2),
        (.indirectProvider, 3),
    ])

    let orderStatuses = WireTable<Order.Status>("order status", [
        (.pending, 1),
        (.completed, 2),
        (.cancelled, 3),
    ])

    let termDurations = WireTable<Offer.TermDuration>("term duration", [
        (.P1M, 1),
        (.P1Y, 2),
        (.P3Y, 3),
    ])

    let subscriptionStatuses = WireTable<Subscription.Status>("subscription status", [
        (.active, 1),
        (.suspended, 2),
        (.deleted, 3),
        (.expired, 4),
    ])

    let operationStatuses = WireTable<AuditRecord.OperationStatus>("operation status", [
        (.succeeded, 1),
    ])

    /// 19 and 20 arrived with format version 2 (journal record type 2), 21–24 with version 3.
    let operationTypes = WireTable<OperationType>("operation type", [
        (.enroll_partner, 1),
        (.verify_enrollment_email, 2),
        (.review_enrollment, 3),
        (.add_user, 4),
        (.update_user_roles, 5),
        (.update_partner_profile, 6),
        (.submit_profile_change_request, 7),
        (.complete_profile_change_request, 8),
        (.create_invitation, 9),
        (.withdraw_invitation, 10),
        (.decline_invitation, 11),
        (.create_partner_relationship, 12),
        (.add_customer, 13),
        (.create_customer_relationship, 14),
        (.remove_customer_relationship, 15),
        (.create_order, 16),
        (.update_subscription, 17),
        (.register_membership_profile, 18),
        (.resubmit_enrollment, 19),
        (.end_partner_relationship, 20),
        (.cancel_subscription, 21),
        (.upgrade_subscription, 22),
        (.renew_subscription, 23),
        (.expire_subscription, 24),
    ])

    /// The type byte of a journal record's frame: what its payload holds. 0 is kept free
    /// (PostgreSQL's base row, `PostgresJournalBase`). Types 1–3 are one transaction in the
    /// layouts of format versions 1–3; type 4 (version 4) is many transactions of one
    /// command (an import), each in type 3's layout, applied whole or not at all.
    let journalRecordTypes = WireTable<ModelCodec.RecordType>("journal record type", [
        (.transactionVersion1, 1),
        (.transactionVersion2, 2),
        (.transaction, 3),
        (.transactions, 4),
    ])

    /// The first byte of each event in a transaction; the event's value follows.
    let eventTypes = WireTable<ModelCodec.EventType>("event type", [
        (.accountCreated, 1),
        (.accountUpdated, 2),
        (.userAdded, 3),
        (.userUpdated, 4),
        (.membershipProfileRegistered, 5),
        (.listingUpdated, 6),
        (.profileChangeRequestUpdated, 7),
        (.invitationUpdated, 8),
        (.partnershipUpdated, 9),
        (.customerCreated, 10),
        (.customerUpdated, 11),
        (.orderPlaced, 12),
        (.subscriptionCreated, 13),
        (.subscriptionUpdated, 14),
    ])
}

extension ModelCodec {
    /// The codec's tables, built (and so checked) together on first use.
    static let wire = WireNumbers()

    /// The cases of `EnrollmentStatus` without their values, for its table.
    enum EnrollmentStatusType: CaseIterable, Sendable {
        case pendingEmailVerification, underReview, active, rejected
    }

    /// What a journal record holds (see `WireNumbers.journalRecordTypes`).
    enum RecordType: CaseIterable, Sendable {
        case transactionVersion1, transactionVersion2, transaction, transactions
    }

    /// The cases of `Event` without their values, for its table.
    enum EventType: CaseIterable, Sendable {
        case accountCreated, accountUpdated, userAdded, userUpdated, membershipProfileRegistered, listingUpdated
        case profileChangeRequestUpdated, invitationUpdated, partnershipUpdated, customerCreated, customerUpdated
        case orderPlaced, subscriptionCreated, subscriptionUpdated
    }
}
