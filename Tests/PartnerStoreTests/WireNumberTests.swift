import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// The numbers every enum case is stored as, written out here a second time on purpose:
/// they are the on-disk format, so renumbering a case in `WireNumbers` (or in a Swift
/// enum's declaration order) must fail here. A new case needs a new number here too.
struct WireNumberTests {
    private let wire = ModelCodec.wire

    /// The table has exactly these numbers, each case writes its number and reads back,
    /// and every other byte is a clear error.
    private func pin<Value>(
        _ table: WireTable<Value>, _ expected: [(Value, UInt8)], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(table.pairs.count == expected.count, "\(table.what)", sourceLocation: sourceLocation)
        #expect(Value.allCases.count == expected.count, "\(table.what): a case without a pinned number", sourceLocation: sourceLocation)
        for (value, number) in expected {
            #expect(table.number(of: value) == number, "\(table.what) \(value)", sourceLocation: sourceLocation)
            var w = BinaryWriter()
            table.write(value, &w)
            #expect(w.bytes == [number], "\(table.what) \(value)", sourceLocation: sourceLocation)
            var r = BinaryReader([number])
            #expect((try? table.read(&r)) == value, "\(table.what) \(number)", sourceLocation: sourceLocation)
        }
        let known = Set(expected.map(\.1))
        for number in UInt8.min...UInt8.max where !known.contains(number) {
            var r = BinaryReader([7, number], offset: 1)
            let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) { try table.read(&r) }
            #expect(error == .malformed(offset: 1, reason: "\(number) is not a known \(table.what)"), sourceLocation: sourceLocation)
        }
    }

    /// The frame's type byte: 0 stays free for PostgreSQL's base row.
    @Test func journalRecordTypes() {
        pin(wire.journalRecordTypes, [(.transactionVersion1, 1), (.transactionVersion2, 2), (.transaction, 3), (.transactions, 4)])
        #expect(ModelCodec.transactionRecordType == 3 && ModelCodec.transactionsRecordType == 4)
    }

    @Test func accounts() {
        pin(wire.accountKinds, [(.indirectProvider, 1), (.indirectReseller, 2)])
        pin(wire.enrollmentStatuses, [(.pendingEmailVerification, 1), (.underReview, 2), (.active, 3), (.rejected, 4)])
        pin(wire.changeRequestStatuses, [(.submitted, 1), (.completed, 2)])
    }

    @Test func userRoles() {
        let roles = wire.userRoles
        let expected: [(User.Role, UInt8)] = [(.globalAdmin, 1), (.adminAgent, 2), (.salesAgent, 4), (.helpdeskAgent, 8)]
        #expect(roles.bits.count == expected.count && User.Role.allCases.count == expected.count)
        for (role, bit) in expected {
            #expect(roles.byte(of: [role]) == bit, "\(role)")
            #expect(roles.flags(of: bit) == [role])
        }
        #expect(roles.byte(of: []) == 0 && roles.flags(of: 0) == [])
        #expect(roles.byte(of: [.adminAgent, .helpdeskAgent]) == 10)
        #expect(roles.flags(of: 15) == Set(User.Role.allCases))
        for byte in UInt8(16)...UInt8.max {
            var r = BinaryReader([byte])
            let error = #expect(throws: StoreError.self) { try roles.read(&r) }
            #expect(error == .malformed(offset: 0, reason: "\(byte) is not a known set of user roles"))
        }
    }

    @Test func invitationsAndPartnerships() {
        pin(wire.invitationKinds, [(.partnership, 1), (.resellerRelationship, 2), (.indirectResellerRelationship, 3)])
        pin(wire.invitationStatuses, [(.pending, 1), (.accepted, 2), (.declined, 3), (.withdrawn, 4), (.expired, 5)])
        pin(wire.partnershipStatuses, [(.active, 1), (.ended, 2)])
    }

    @Test func customersOrdersAndSubscriptions() {
        pin(wire.relationshipKinds, [(.reseller, 1)])
        pin(wire.customerChannels, [(.ownMarketing, 1), (.microsoftReferral, 2), (.indirectProvider, 3)])
        pin(wire.orderStatuses, [(.pending, 1), (.completed, 2), (.cancelled, 3)])
        pin(wire.termDurations, [(.P1M, 1), (.P1Y, 2), (.P3Y, 3)])
        pin(wire.subscriptionStatuses, [(.active, 1), (.suspended, 2), (.deleted, 3), (.expired, 4)])
    }

    @Test func auditAndEvents() {
        pin(wire.operationStatuses, [(.succeeded, 1)])
        pin(wire.operationTypes, [
            (.enroll_partner, 1), (.verify_enrollment_email, 2), (.review_enrollment, 3), (.add_user, 4),
            (.update_user_roles, 5), (.update_partner_profile, 6), (.submit_profile_change_request, 7),
            (.complete_profile_change_request, 8), (.create_invitation, 9), (.withdraw_invitation, 10),
            (.decline_invitation, 11), (.create_partner_relationship, 12), (.add_customer, 13),
            (.create_customer_relationship, 14), (.remove_customer_relationship, 15), (.create_order, 16),
            (.update_subscription, 17), (.register_membership_profile, 18), (.resubmit_enrollment, 19),
            (.end_partner_relationship, 20), (.cancel_subscription, 21), (.upgrade_subscription, 22),
            (.renew_subscription, 23), (.expire_subscription, 24),
        ])
        pin(wire.eventTypes, [
            (.accountCreated, 1), (.accountUpdated, 2), (.userAdded, 3), (.userUpdated, 4),
            (.membershipProfileRegistered, 5), (.listingUpdated, 6), (.profileChangeRequestUpdated, 7),
            (.invitationUpdated, 8), (.partnershipUpdated, 9), (.customerCreated, 10), (.customerUpdated, 11),
            (.orderPlaced, 12), (.subscriptionCreated, 13), (.subscriptionUpdated, 14),
        ])
    }

    // MARK: The entities' bytes use the tables

    private static let id = Ident(high: 1, low: 2)
    private static let date = Date(timeIntervalSinceReferenceDate: 123.456)

    private func bytes(_ write: (inout BinaryWriter) -> Void) -> [UInt8] {
        var w = BinaryWriter()
        write(&w)
        return w.bytes
    }

    /// Where two encodings differ: they must differ in exactly one byte.
    private func onlyDifference(_ a: [UInt8], _ b: [UInt8]) -> (offset: Int, UInt8, UInt8)? {
        guard a.count == b.count else { return nil }
        let offsets = a.indices.filter { a[$0] != b[$0] }
        guard offsets.count == 1, let offset = offsets.first else { return nil }
        return (offset, a[offset], b[offset])
    }

    /// Writing the entity with each case changes one byte, to that case's number, and
    /// an unknown number there is an error from the entity's reader, not a trap.
    private func check<Value: CaseIterable & Equatable & Sendable, Entity>(
        _ table: WireTable<Value>, cases: [Value] = Array(Value.allCases), _ make: (Value) -> Entity,
        write: (Entity, inout BinaryWriter) -> Void, read: (inout BinaryReader) throws -> Entity,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let first = bytes { write(make(cases[0]), &$0) }
        var offset: Int?
        for value in cases.dropFirst() {
            let other = bytes { write(make(value), &$0) }
            let difference = onlyDifference(first, other)
            #expect(difference?.1 == table.number(of: cases[0]) && difference?.2 == table.number(of: value),
                    "\(table.what) \(value)", sourceLocation: sourceLocation)
            offset = difference?.offset
        }
        if let offset {
            var damaged = first
            damaged[offset] = 200
            var r = BinaryReader(damaged)
            let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) { _ = try read(&r) }
            #expect(error == .malformed(offset: offset, reason: "200 is not a known \(table.what)"), sourceLocation: sourceLocation)
        }
    }

    private func account(_ kind: PartnerAccount.Kind = .indirectReseller, _ enrollment: EnrollmentStatus = .active) -> PartnerAccount {
        PartnerAccount(
            id: Self.id, kind: kind, legalName: "R", mpnId: "1234567", country: "FR", address: PostalAddress(),
            primaryContact: PrimaryContact(name: "a", email: "b", phone: "c"),
            supportContact: SupportInfo(email: "d", phone: "e", url: "f"), tenantDomain: "r.onmicrosoft.com",
            enrollment: enrollment, createdAt: Self.date, verificationCodeHash: "h")
    }

    @Test func entitiesWriteTheirNumbersAtOneByte() {
        typealias C = ModelCodec
        check(wire.accountKinds, { account($0) }, write: C.write, read: C.readAccount)
        check(wire.enrollmentStatuses, cases: [.pendingEmailVerification, .underReview, .active], { type -> PartnerAccount in
            switch type {
            case .pendingEmailVerification: return account(.indirectReseller, .pendingEmailVerification)
            case .underReview: return account(.indirectReseller, .underReview)
            default: return account(.indirectReseller, .active)
            }
        }, write: C.write, read: C.readAccount)
        check(wire.changeRequestStatuses, { status in
            ProfileChangeRequest(id: Self.id, accountId: Self.id, locations: [], status: status, submittedAt: Self.date,
                                 completedAt: nil, submittedBy: "s")
        }, write: C.write, read: C.readChangeRequest)
        check(wire.invitationKinds, { invitation($0, .pending) }, write: C.write, read: C.readInvitation)
        check(wire.invitationStatuses, { invitation(.partnership, $0) }, write: C.write, read: C.readInvitation)
        check(wire.partnershipStatuses, { status in
            Partnership(id: Self.id, providerId: Self.id, resellerId: Self.id, status: status, since: Self.date, invitationId: nil)
        }, write: C.write, read: C.readPartnership)
        check(wire.customerChannels, { customer($0) }, write: C.write, read: C.readCustomer)
        check(wire.orderStatuses, { order($0, .P1M) }, write: C.write, read: C.readOrder)
        check(wire.termDurations, { order(.pending, $0) }, write: C.write, read: C.readOrder)
        check(wire.subscriptionStatuses, { subscription($0) }, write: C.write, read: { try C.readSubscription(&$0) })
        check(wire.operationTypes, { operation in
            AuditEntry(operationType: operation, resourceName: "r", involvedAccounts: [])
        }, write: C.write, read: C.readAuditEntry)
    }

    @Test func singleCaseEnumsRolesAndRejectionSitWhereTheyShould() throws {
        // A rejection is its number, then the reason.
        let active = bytes { ModelCodec.write(account(.indirectReseller, .active), &$0) }
        let rejected = bytes { ModelCodec.write(account(.indirectReseller, .rejected(reason: "no")), &$0) }
        let statusOffset = try #require(onlyDifferenceOffsetOfCount(rejected, active))
        #expect(active[statusOffset] == 3)
        #expect(Array(rejected[statusOffset...(statusOffset + 3)]) == [4, 2, UInt8(ascii: "n"), UInt8(ascii: "o")])
        #expect(Array(rejected[(statusOffset + 4)...]) == Array(active[(statusOffset + 1)...]))

        // A customer's relationship kind: after the partner id in each relationship.
        let customer = customer(.ownMarketing)
        let encoded = bytes { ModelCodec.write(customer, &$0) }
        let withoutRelationships = bytes { w in
            var plain = customer
            plain.relationships = []
            ModelCodec.write(plain, &w)
        }
        // One relationship adds: its id (16), the kind, its date (8).
        #expect(encoded.count == withoutRelationships.count + 25)
        let kindOffset = try #require(onlyDifferenceOffsetOfCount(encoded, withoutRelationships)) + 1 + 16
        #expect(encoded[kindOffset] == 1)
        var damaged = encoded
        damaged[kindOffset] = 2
        var r = BinaryReader(damaged)
        #expect(throws: StoreError.malformed(offset: kindOffset, reason: "2 is not a known relationship to partner")) {
            try ModelCodec.readCustomer(&r)
        }

        // An audit record's status: just before its involved accounts (a count, here 0).
        let record = AuditRecord(
            sequence: 5, operationDate: Self.date, userPrincipalName: "u", accountId: nil, operationType: .add_user,
            resourceName: "r", customerId: nil, oldValue: "", newValue: "", operationStatus: .succeeded, involvedAccounts: [])
        let audit = bytes { ModelCodec.write(record, &$0) }
        #expect(audit.suffix(2) == [1, 0])
        var badStatus = audit
        badStatus[audit.count - 2] = 9
        var ar = BinaryReader(badStatus)
        #expect(throws: StoreError.malformed(offset: audit.count - 2, reason: "9 is not a known operation status")) {
            try ModelCodec.readAuditRecord(&ar)
        }

        // A user's roles: the last byte.
        func user(_ roles: Set<User.Role>) -> [UInt8] {
            bytes { ModelCodec.write(User(id: Self.id, accountId: Self.id, displayName: "U", userPrincipalName: "u", roles: roles), &$0) }
        }
        #expect(user([]).last == 0)
        #expect(user([.globalAdmin]).last == 1)
        #expect(user([.adminAgent]).last == 2)
        #expect(user([.salesAgent]).last == 4)
        #expect(user([.helpdeskAgent]).last == 8)
        #expect(user(Set(User.Role.allCases)).last == 15)
    }

    /// Where `longer` first differs from `shorter` (its extra bytes start there).
    private func onlyDifferenceOffsetOfCount(_ longer: [UInt8], _ shorter: [UInt8]) -> Int? {
        zip(longer, shorter).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    }

    @Test func eachEventStartsWithItsNumberAndAnUnknownOneIsAnError() throws {
        let events: [Event] = [
            .accountCreated(account()), .accountUpdated(account()),
            .userAdded(User(id: Self.id, accountId: Self.id, displayName: "U", userPrincipalName: "u", roles: [])),
            .userUpdated(User(id: Self.id, accountId: Self.id, displayName: "U", userPrincipalName: "u", roles: [])),
            .membershipProfileRegistered(MembershipProfile(
                mpnId: "1", organizationName: "o", country: "US", pmcUserName: "p", isActive: true, isCSPEnrolled: true,
                address: PostalAddress())),
            .listingUpdated(Self.id, []),
            .profileChangeRequestUpdated(ProfileChangeRequest(
                id: Self.id, accountId: Self.id, locations: [], status: .submitted, submittedAt: Self.date, completedAt: nil,
                submittedBy: "s")),
            .invitationUpdated(invitation(.partnership, .pending)),
            .partnershipUpdated(Partnership(
                id: Self.id, providerId: Self.id, resellerId: Self.id, status: .active, since: Self.date, invitationId: nil)),
            .customerCreated(customer(.ownMarketing)), .customerUpdated(customer(.ownMarketing)),
            .orderPlaced(order(.pending, .P1Y)),
            .subscriptionCreated(subscription(.active)), .subscriptionUpdated(subscription(.active)),
        ]
        #expect(events.map { event in bytes { ModelCodec.write(event, &$0) }[0] } == Array(1...14))
        for event in events {
            var r = BinaryReader(bytes { ModelCodec.write(event, &$0) })
            #expect(try ModelCodec.readEvent(&r) == event)
        }
        // In a journal record: an unknown event type is a codec error naming the number.
        let transaction = Transaction(
            date: Self.date, userPrincipalName: "u", accountId: nil, events: [.listingUpdated(Self.id, [])],
            audit: AuditEntry(operationType: .update_partner_profile, resourceName: "r", involvedAccounts: []))
        var payload = ModelCodec.encode(transaction).payload
        let eventOffset = 8 + 2 + 1 + 1   // date, "u" (length and byte), no account id, one event
        #expect(payload[eventOffset] == 6)
        payload[eventOffset] = 15
        let error = #expect(throws: StoreError.self) {
            try ModelCodec.decodeTransaction(JournalRecord(sequence: 3, type: ModelCodec.transactionRecordType, payload: payload))
        }
        #expect(error == .malformed(offset: eventOffset, reason: "15 is not a known event type"))
    }

    // MARK: The tables check themselves

    private enum Colour: CaseIterable, Equatable, Sendable { case red, green, blue }

    @Test func aTableWithADuplicateAMissingCaseOrZeroIsRefused() {
        #expect(WireTable<Colour>.problems("colour", [(.red, 1), (.green, 2), (.blue, 3)]).isEmpty)
        #expect(WireTable<Colour>.problems("colour", [(.red, 1), (.green, 2), (.blue, 2)])
                == ["colour number 2 is given to both green and blue"])
        #expect(WireTable<Colour>.problems("colour", [(.red, 1), (.green, 2), (.red, 3), (.blue, 4)])
                == ["colour red is listed twice (1 and 3)"])
        #expect(WireTable<Colour>.problems("colour", [(.red, 1), (.green, 2)]) == ["colour blue has no number"])
        #expect(WireTable<Colour>.problems("colour", [(.red, 0), (.green, 2), (.blue, 3)])
                == ["colour red has number 0, which is kept free"])
        #expect(WireFlags<Colour>.problems("colours", [(.red, 1), (.green, 2), (.blue, 4)]).isEmpty)
        #expect(WireFlags<Colour>.problems("colours", [(.red, 1), (.green, 2), (.blue, 6)])
                == ["colours: blue has 6, which is not a single bit"])
        #expect(WireFlags<Colour>.problems("colours", [(.red, 1), (.green, 1), (.blue, 4)])
                == ["colours: bit 1 is given to both red and green"])
        #expect(WireFlags<Colour>.problems("colours", [(.red, 1), (.blue, 4)]) == ["colours: green has no bit"])
    }

    @Test func everyTableInTheCodecIsSound() {
        // Building `WireNumbers` traps on a bad table; this names the problem instead.
        func sound<Value>(_ table: WireTable<Value>) -> Bool {
            WireTable<Value>.problems(table.what, table.pairs.map { ($0.value, $0.number) }).isEmpty
        }
        let w = wire
        #expect(sound(w.accountKinds) && sound(w.enrollmentStatuses) && sound(w.changeRequestStatuses))
        #expect(sound(w.invitationKinds) && sound(w.invitationStatuses) && sound(w.partnershipStatuses))
        #expect(sound(w.relationshipKinds) && sound(w.customerChannels) && sound(w.orderStatuses))
        #expect(sound(w.termDurations) && sound(w.subscriptionStatuses) && sound(w.operationStatuses))
        #expect(sound(w.operationTypes) && sound(w.eventTypes))
        #expect(WireFlags<User.Role>.problems(w.userRoles.what, w.userRoles.bits.map { ($0.flag, $0.bit) }).isEmpty)
    }

    // MARK: Values

    private func invitation(_ kind: Invitation.Kind, _ status: Invitation.Status) -> Invitation {
        Invitation(
            id: Self.id, kind: kind, fromAccountId: Self.id, toAccountId: nil, providerId: Self.id, customerId: nil,
            email: "e", tokenHash: "t", createdBy: "c", createdAt: Self.date, expiresAt: Self.date, status: status,
            respondedAt: nil, respondedBy: nil)
    }

    private func customer(_ channel: Customer.Channel) -> Customer {
        Customer(
            id: Self.id, companyProfile: CompanyProfile(domain: "d", companyName: "c"),
            billingProfile: BillingProfile(
                firstName: "f", lastName: "l", email: "e", phone: "p", culture: "c", language: "l",
                defaultAddress: PostalAddress()),
            associatedPartnerId: nil, relationships: [CustomerRelationship(partnerId: Self.id, since: Self.date)],
            channel: channel, createdAt: Self.date, adminUserName: "admin@d")
    }

    private func order(_ status: Order.Status, _ term: Offer.TermDuration) -> Order {
        Order(
            id: Self.id, customerId: Self.id,
            lineItems: [LineItem(lineItemNumber: 1, offerId: "o", quantity: 1, termDuration: term, partnerIdOnRecord: nil)],
            placedByAccount: Self.id, placedByUser: "p", status: status, createdAt: Self.date)
    }

    private func subscription(_ status: Subscription.Status) -> Subscription {
        Subscription(
            id: Self.id, customerId: Self.id, offerId: "o", friendlyName: "n", quantity: 1, status: status, partnerId: nil,
            supportContact: nil, creationDate: Self.date, commitmentEndDate: Self.date, autoRenewEnabled: true, orderId: Self.id)
    }
}
