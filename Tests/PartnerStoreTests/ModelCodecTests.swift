import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

struct ModelCodecTests {
    @Test func demoModelRoundTrips() throws {
        let model = try TestWorlds.demo().model
        let bytes = try ModelCodec.encode(model)
        let decoded = try ModelCodec.decodeModel(bytes)
        #expect(decoded == model)
        // Derived indexes are rebuilt, not stored: they must come out the same.
        #expect(decoded.customersByPartner == model.customersByPartner)
        #expect(decoded.accountByMpn == model.accountByMpn)
        #expect(decoded.takenDomains == model.takenDomains)
        #expect(decoded.partnershipByPair == model.partnershipByPair)
    }

    @Test func syntheticModelRoundTrips() throws {
        let model = try TestWorlds.synthetic(resellers: 5, customers: 300).model
        #expect(try ModelCodec.decodeModel(ModelCodec.encode(model)) == model)
    }

    @Test func everyDemoTransactionRoundTripsAndReplaysToTheSameModel() throws {
        let world = try TestWorlds.demo()
        var replayed = PartnerModel()
        for (index, transaction) in world.transactions.enumerated() {
            let entry = ModelCodec.encode(transaction)
            #expect(entry.type == ModelCodec.transactionRecordType)
            let record = JournalRecord(sequence: UInt64(index + 1), type: entry.type, payload: entry.payload)
            let decoded = try ModelCodec.decodeTransaction(record)
            #expect(decoded == transaction)
            replayed.apply(decoded, sequence: record.sequence)
        }
        #expect(replayed == world.model)
    }

    /// Every event kind and every enum case the codec numbers, so a new case in PartnerCore cannot go untested.
    @Test func everyEventKindRoundTrips() throws {
        let world = try TestWorlds.demo()
        let events = world.transactions.flatMap(\.events)
        func kind(_ event: Event) -> String { String(describing: event).prefix { $0 != "(" }.description }
        let seen = Set(events.map(kind))
        #expect(seen.count >= 12, "demo covers \(seen.sorted())")
        let id = Ident(high: 1, low: 2)
        let date = Date(timeIntervalSinceReferenceDate: 123.456)
        let extra: [Event] = [
            .accountUpdated(PartnerAccount(
                id: id, kind: .indirectReseller, legalName: "R", mpnId: "1234567", country: "FR", address: PostalAddress(),
                primaryContact: PrimaryContact(name: "a", email: "b", phone: "c"),
                supportContact: SupportInfo(email: "d", phone: "e", url: "f"), tenantDomain: "r.onmicrosoft.com",
                enrollment: .rejected(reason: "MPN ID in another country"), createdAt: date, verificationCodeHash: "h")),
            .userUpdated(User(id: id, accountId: id, displayName: "U", userPrincipalName: "u@x", roles: Set(User.Role.allCases))),
            .userUpdated(User(id: id, accountId: id, displayName: "U", userPrincipalName: "u@x", roles: [])),
            .listingUpdated(id, [ListingLocation(country: "DE", companyName: "C", logoURL: "l", targetURL: "t")]),
            .profileChangeRequestUpdated(ProfileChangeRequest(
                id: id, accountId: id, locations: [], status: .completed, submittedAt: date, completedAt: date, submittedBy: "s")),
            .partnershipUpdated(Partnership(id: id, providerId: id, resellerId: id, status: .ended, since: date, invitationId: nil)),
            .orderPlaced(Order(
                id: id, customerId: id,
                lineItems: [LineItem(lineItemNumber: -1, offerId: "o", quantity: Int.max, termDuration: .P3Y, partnerIdOnRecord: nil)],
                placedByAccount: id, placedByUser: "p", status: .cancelled, createdAt: date)),
        ]
        let statuses: [Event] = Subscription.Status.allCases.map { status in
            .subscriptionUpdated(Subscription(
                id: id, customerId: id, offerId: "o", friendlyName: "日本 é", quantity: 0, status: status, partnerId: nil,
                supportContact: SupportContact(supportTenantId: id, supportMpnId: "m", name: "n"), creationDate: date,
                commitmentEndDate: date, autoRenewEnabled: status == .active, orderId: id))
        }
        let invitations: [Event] = Invitation.Status.allCases.flatMap { status in
            Invitation.Kind.allCases.map { kind in
                .invitationUpdated(Invitation(
                    id: id, kind: kind, fromAccountId: id, toAccountId: nil, providerId: id, customerId: nil, email: "e",
                    tokenHash: "t", createdBy: "c", createdAt: date, expiresAt: date, status: status,
                    respondedAt: status == .pending ? nil : date, respondedBy: status == .pending ? nil : "r"))
            }
        }
        let channels: [Event] = Customer.Channel.allCases.map { channel in
            .customerUpdated(Customer(
                id: id, companyProfile: CompanyProfile(domain: "d", companyName: "c"),
                billingProfile: BillingProfile(
                    firstName: "f", lastName: "l", email: "e", phone: "p", culture: "c", language: "l",
                    defaultAddress: PostalAddress(line1: "1", line2: "2", city: "3", state: "4", postalCode: "5", country: "6")),
                associatedPartnerId: nil, relationships: [CustomerRelationship(partnerId: id, since: date)], channel: channel,
                createdAt: date, adminUserName: "admin@d"))
        }
        let all = events + extra + statuses + invitations + channels
        let allKinds = Set(all.map(kind))
        #expect(allKinds.count == 14, "event kinds covered: \(allKinds.sorted())")
        for operation in OperationType.allCases {
            let transaction = Transaction(
                date: date, userPrincipalName: "u", accountId: nil, events: all,
                audit: AuditEntry(operationType: operation, resourceName: "r", customerId: id, oldValue: "o", newValue: "n", involvedAccounts: [id]))
            let entry = ModelCodec.encode(transaction)
            #expect(try ModelCodec.decodeTransaction(JournalRecord(sequence: 1, type: entry.type, payload: entry.payload)) == transaction)
        }
    }

    @Test func everyTruncatedTransactionIsAnErrorNotATrap() throws {
        let transaction = try #require(try TestWorlds.demo().transactions.first { $0.events.count > 2 })
        let payload = ModelCodec.encode(transaction).payload
        for cut in 0..<payload.count {
            #expect(throws: StoreError.self, "cut at \(cut)") {
                try ModelCodec.decodeTransaction(JournalRecord(sequence: 1, type: 1, payload: Array(payload[..<cut])))
            }
        }
        #expect(throws: StoreError.self) {
            try ModelCodec.decodeTransaction(JournalRecord(sequence: 1, type: 1, payload: payload + [0]))
        }
    }

    @Test func unknownRecordTypeSaysANewerVersionWroteIt() {
        let error = #expect(throws: StoreError.self) {
            try ModelCodec.decodeTransaction(JournalRecord(sequence: 9, type: 77, payload: []))
        }
        #expect("\(String(describing: error))".contains("newer version"))
    }

    /// Versions 1 and 2 differ only in operation types; version 3 (record type 3) gives each
    /// subscription its term's start and what is scheduled for its renewal. What the older
    /// versions wrote still reads: a subscription's term then started at its purchase.
    @Test func version1And2RecordsAndSnapshotsAreStillRead() throws {
        let world = try TestWorlds.demo()
        let transaction = try #require(world.transactions.first)
        let entry = ModelCodec.encode(transaction)
        #expect(entry.type == 3 && ModelCodec.currentVersion == 11)
        for type: UInt8 in [1, 2] {
            #expect(try ModelCodec.decodeTransaction(JournalRecord(sequence: 1, type: type, payload: entry.payload)) == transaction)
        }
        let error = #expect(throws: StoreError.self) {
            try ModelCodec.decodeTransaction(JournalRecord(sequence: 1, type: 5, payload: entry.payload))
        }
        #expect("\(String(describing: error))".contains("it reads types 1, 2, 3, 4"))
    }

    /// A subscription as versions 1 and 2 wrote it: no term start, nothing scheduled.
    private static func writeVersion2(_ s: Subscription, _ w: inout BinaryWriter) {
        ModelCodec.write(s.id, &w)
        ModelCodec.write(s.customerId, &w)
        w.writeString(s.offerId)
        w.writeString(s.friendlyName)
        w.writeInt(s.quantity)
        ModelCodec.wire.subscriptionStatuses.write(s.status, &w)
        ModelCodec.writeOptionalString(s.partnerId, &w)
        w.writeOptional(s.supportContact) { w, contact in
            ModelCodec.write(contact.supportTenantId, &w)
            w.writeString(contact.supportMpnId)
            w.writeString(contact.name)
        }
        ModelCodec.write(s.creationDate, &w)
        ModelCodec.write(s.commitmentEndDate, &w)
        w.writeBool(s.autoRenewEnabled)
        ModelCodec.write(s.orderId, &w)
    }

    /// What a version 2 subscription reads as: its term began at purchase.
    private static func asVersion2(_ s: Subscription) -> Subscription {
        var old = s
        old.effectiveStartDate = s.creationDate
        old.scheduledNextTerm = nil
        return old
    }

    @Test func version2SubscriptionsReadWithTheirTermStartingAtPurchase() throws {
        let model = try TestWorlds.demo().model
        let scheduled = try #require(model.subscriptions.values.first { $0.scheduledNextTerm != nil }, "the demo schedules a change")
        // A journal record of type 2 creating it.
        var payload = BinaryWriter()
        ModelCodec.write(Date(timeIntervalSince1970: 1_000), &payload)
        payload.writeString("ana@contoso.example")
        ModelCodec.write(Optional<AccountID>.none, &payload)
        payload.writeArray([scheduled]) { w, s in
            ModelCodec.wire.eventTypes.write(.subscriptionCreated, &w)
            Self.writeVersion2(s, &w)
        }
        ModelCodec.write(AuditEntry(operationType: .create_order, resourceName: "r", involvedAccounts: []), &payload)
        let read = try ModelCodec.decodeTransaction(JournalRecord(sequence: 1, type: 2, payload: payload.finish()))
        #expect(read.events == [.subscriptionCreated(Self.asVersion2(scheduled))])
        // A version 2 snapshot: the subscriptions' section in the old layout (and the audit
        // log's record by record, as every format before 9).
        let current = try Array(ModelSections.encode(model, version: 8).joined())
        var reader = BinaryReader(current)
        let located = try ModelSections.locate(&reader, version: 8)
        var section = BinaryWriter()
        section.writeArray(model.subscriptionsInIndexOrder) { Self.writeVersion2($1, &$0) }
        let old = section.finish()
        var bytes = Array(current[..<(located.ranges[9].lowerBound - 8)])
        var length = BinaryWriter()
        length.writeUInt64(UInt64(old.count))
        // Without what versions 5 and 6 added after the last sequence (check mark, subscription summary).
        bytes += length.finish() + old + Array(current[located.ranges[9].upperBound..<(located.ranges[10].upperBound + 8)])
        let decoded = try ModelCodec.decodeModel(bytes, version: 2)
        #expect(decoded.subscriptions == model.subscriptions.mapValues(Self.asVersion2))
        #expect(decoded.customers == model.customers && decoded.auditLog == model.auditLog)
        // The current layout keeps what version 3 added.
        #expect(try ModelCodec.decodeModel(current, version: 8).subscriptions[scheduled.id]?.scheduledNextTerm == scheduled.scheduledNextTerm)
    }

    @Test func unreadableModelVersionIsRefused() throws {
        let bytes = try ModelCodec.encode(PartnerModel())
        #expect(try ModelCodec.decodeModel(bytes) == PartnerModel())
        #expect(throws: StoreError.self) { try ModelCodec.decodeModel(bytes, version: 99) }
    }

    /// Opening skips this check for speed (our encoder cannot write duplicates); `check` makes it.
    @Test func duplicateIdsAreFoundWhenChecking() throws {
        let model = try TestWorlds.demo().model
        let account = try #require(model.accounts.values.first)
        var w = BinaryWriter()
        for section in 0..<ModelSections.count {
            var content = BinaryWriter()
            if section == 0 {
                content.writeArray([account, account]) { ModelCodec.write($1, &$0) }
            } else {
                content.writeVarUInt(0)
            }
            w.writeUInt64(UInt64(content.count))
            w.writeRaw(content.bytes)
        }
        w.writeUInt64(0)
        // Version 4's layout: no check mark after the last sequence.
        let error = #expect(throws: StoreError.self) { try ModelCodec.decodeModel(w.finish(), version: 4, checkingUniqueness: true) }
        #expect("\(String(describing: error))".contains("appears twice"))
    }

    /// The three large collections are keyed as they are read; a repeated id there is
    /// found too, named, and without `checkingUniqueness` the later one wins as before.
    @Test func duplicateCustomersOrdersAndSubscriptionsAreFoundWhenChecking() throws {
        let model = try TestWorlds.synthetic(resellers: 2, customers: 20).model
        let customer = try #require(model.customers.values.first)
        let order = try #require(model.orders.values.first)
        let subscription = try #require(model.subscriptions.values.first)
        for (section, what, id) in [(7, "customer", customer.id), (8, "order", order.id), (9, "subscription", subscription.id)] {
            var w = BinaryWriter()
            for s in 0..<ModelSections.count {
                var content = BinaryWriter()
                switch (s, section) {
                case (7, 7): content.writeArray([customer, customer]) { ModelCodec.write($1, &$0) }
                case (8, 8): content.writeArray([order, order]) { ModelCodec.write($1, &$0) }
                case (9, 9): content.writeArray([subscription, subscription]) { ModelCodec.write($1, &$0) }
                default: content.writeVarUInt(0)
                }
                w.writeUInt64(UInt64(content.count))
                w.writeRaw(content.bytes)
            }
            w.writeUInt64(0)
            let payload = w.finish()
            // Version 4's layout: no check mark after the last sequence.
            let error = #expect(throws: StoreError.self) { try ModelCodec.decodeModel(payload, version: 4, checkingUniqueness: true) }
            #expect("\(String(describing: error))".contains("\(what) \(id) appears twice"))
            let decoded = try ModelCodec.decodeModel(payload, version: 4)
            #expect(decoded.customers.count + decoded.orders.count + decoded.subscriptions.count == 1)
        }
    }

    @Test func partsJoinToThePayloadAndDamagedSectionLengthsAreErrors() throws {
        let model = try TestWorlds.synthetic(resellers: 2, customers: 40).model
        let parts = try ModelCodec.encodeParts(model)
        let payload = Array(parts.joined())
        #expect(try ModelCodec.decodeModel(payload) == model)
        // A section length pointing past the end, or a section with bytes left over, is refused.
        var tooLong = payload
        tooLong[0] = 0xFF
        #expect(throws: StoreError.self) { try ModelCodec.decodeModel(tooLong) }
        var shifted = payload
        shifted[0] &+= 1
        #expect(throws: StoreError.self) { try ModelCodec.decodeModel(shifted) }
        for cut in stride(from: 0, to: payload.count, by: max(1, payload.count / 200)) {
            #expect(throws: StoreError.self, "cut at \(cut)") { try ModelCodec.decodeModel(Array(payload[..<cut])) }
        }
    }
}
