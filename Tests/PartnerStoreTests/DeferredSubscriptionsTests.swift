import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// Issue 11: a command that shows only customers or partners opens without the snapshot's
/// orders and subscriptions (`DeferredSections.ordersAndSubscriptions`), and only when the
/// open's check needs none of them. `loadDeferred` then builds exactly the model a whole
/// open builds, every change is decided on that model, the Customers list's tallies are
/// the snapshot's, and signing in reads them when a term may have ended.
struct DeferredSubscriptionsTests {
    private static let deferring = DeferredSections.allButCustomersAndPartners

    /// The demo world, a checked snapshot of it, and an empty journal after it.
    /// `catalog`: what the snapshot is checked against (and so the opens that may defer).
    private func workspace(_ dir: TemporaryDirectory, catalog: OfferCatalog? = nil) throws -> WorldBuilder {
        let world = try TestWorlds.demo()
        let store = try WorkspaceStore.create(directory: dir.file("ws"), startingFrom: world.model, catalog: catalog)
        store.close()
        return world
    }

    /// Edits no rule would refuse: a customer's contact renamed, or (unless `customersOnly`)
    /// a subscription renamed, suspended or resumed, so tallies and term ends change too.
    private static func edits(_ model: PartnerModel, count: Int, customersOnly: Bool,
                              _ random: inout SeededFreshValues) -> [Transaction] {
        let customers = model.customers.values.sorted { $0.id < $1.id }
        let subscriptions = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        return (0..<count).map { n in
            if customersOnly || random.next() % 2 == 0 {
                var customer = customers[Int(random.next() % UInt64(customers.count))]
                customer.billingProfile.firstName = "Edit\(n)-\(random.next() % 1000)"
                return edit(.customerUpdated(customer), .add_customer, customer.id)
            }
            return subscriptionEdit(subscriptions, n, &random)
        }
    }

    /// One of the `live` subscriptions renamed, suspended or resumed.
    static func subscriptionEdit(_ live: [Subscription], _ n: Int, _ random: inout SeededFreshValues) -> Transaction {
        var sub = live[Int(random.next() % UInt64(live.count))]
        switch random.next() % 3 {
        case 0: sub.friendlyName = "Renamed \(n)"
        case 1: sub.status = .suspended
        default: sub.status = .active
        }
        return edit(.subscriptionUpdated(sub), .update_subscription, sub.customerId)
    }

    /// The term ends due some days after the world's date, as a sign-in records them:
    /// renewals with the offer catalog, expiries with an empty one (no offer to renew for).
    private static func termEnds(_ model: PartnerModel, _ random: inout SeededFreshValues) throws -> [Transaction] {
        let catalog = random.next() % 3 == 0 ? OfferCatalog([]) : try TestWorlds.catalog()
        let by = TestWorlds.now.addingTimeInterval(Double(random.next() % 60) * 86_400)
        return model.termEndTransactions(dueBy: by, catalog: catalog, recordedFor: recorder, limit: Int(random.next() % 12))
    }

    private static let recorder = TermEndRecorder(userPrincipalName: "ana@example.com", accountId: nil)

    static func edit(_ event: Event, _ operation: OperationType, _ customer: CustomerID) -> Transaction {
        Transaction(date: TestWorlds.now, userPrincipalName: "edits@example.com", accountId: nil, events: [event],
                    audit: AuditEntry(operationType: operation, resourceName: "edit", customerId: customer, involvedAccounts: []))
    }

    /// Random journals on a checked snapshot, and random appends by another process read by
    /// `refresh`: whatever was deferred, the deferred-then-loaded model is the whole open's,
    /// indexes included, and the tallies shown meanwhile are the whole model's.
    @Test(arguments: 1...12) func theLoadedModelIsTheWholeOpensModel(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            _ = try workspace(dir)
            var random = SeededFreshValues(seed: seed)
            let writer = try WorkspaceStore.open(directory: dir.file("ws"))
            let replay = Self.edits(writer.model, count: Int(random.next() % 8), customersOnly: seed % 3 != 0, &random)
            try writer.commit(replay)
            try writer.commitAsOneRecord(deciding: { try Self.termEnds($0, &random) })
            try writer.commit(Self.edits(writer.model, count: Int(random.next() % 4), customersOnly: false, &random))
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring)
            let whole = try WorkspaceStore.open(directory: dir.file("ws"))
            // Renewals, expiries and other updates of subscriptions are taken in unread.
            #expect(store.deferredSections == Self.deferring)
            #expect(store.model.orders.isEmpty && store.model.subscriptions.count < whole.model.subscriptions.count,
                    "only the updated subscriptions are in the model")
            #expect(store.model.customers == whole.model.customers)
            try Self.expectSameSubscriptionView(store, whole.model)
            // Another process appends; this one reads it, deferring as long as it may.
            try writer.commit(Self.edits(writer.model, count: Int(random.next() % 6), customersOnly: seed % 2 == 0, &random))
            try writer.commitAsOneRecord(deciding: { try Self.termEnds($0, &random) })
            try store.refresh()
            #expect(store.deferredSections == Self.deferring)
            try Self.expectSameSubscriptionView(store, try WorkspaceStore.open(directory: dir.file("ws")).model)
            try store.loadDeferred()
            #expect(store.deferredSections.isEmpty)
            let after = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(store.model == after.model)
            #expect(store.model.subscriptionIdsByCustomer == after.model.subscriptionIdsByCustomer)
            #expect(store.model.customersByPartner == after.model.customersByPartner)
            #expect(store.model.takenDomains == after.model.takenDomains)
            #expect(store.model.termEnds.earliestEnd == after.model.termEnds.earliestEnd)
            #expect(store.model.invariantViolations() == [])
        }
    }

    /// The term ends due are asked at every sign-in and every change (a batch asks twice a
    /// command), and the answer is kept while nothing changes: an update taken in from
    /// another process changes the answer to the same question, in the same hour.
    @Test func termEndsAskedAgainAfterAnotherProcesssRenewalsAreTheWholeModels() throws {
        try withTemporaryDirectory { dir in
            let world = try workspace(dir)
            let catalog = try TestWorlds.catalog()
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring)
            let ends = world.model.subscriptions.values.filter(\.isLive).map(\.commitmentEndDate).sorted()
            let at = try #require(ends.last).addingTimeInterval(86_400)
            let asked = { try PartnerModel.termEnds(among: store.termEndCandidates(by: at, atLeast: 3), dueBy: at, catalog: catalog, limit: 3) }
            #expect(try asked().count == 3)
            #expect(try asked().map(\.old) == (try asked().map(\.old)), "asked again, the same")
            let writer = try WorkspaceStore.open(directory: dir.file("ws"))
            try writer.commitAsOneRecord(deciding: { $0.termEndTransactions(dueBy: at, catalog: catalog, recordedFor: Self.recorder, limit: 5) })
            try store.refresh()
            #expect(store.deferredSections == Self.deferring, "the renewals were taken in")
            let whole = try WorkspaceStore.open(directory: dir.file("ws")).model
            let expected = whole.termEnds(dueBy: at, catalog: catalog, limit: 3)
            #expect(try asked().map(\.old) == expected.map(\.old) && (try asked().map(\.new)) == expected.map(\.new))
        }
    }

    /// What a store with deferred subscriptions shows and decides from is the whole model's:
    /// every customer's tally, and the term ends due at hours over the next year and a half.
    private static func expectSameSubscriptionView(_ store: WorkspaceStore, _ whole: PartnerModel) throws {
        for customer in whole.customers.keys {
            #expect(store.subscriptionTally(of: customer) == whole.subscriptionTally(of: customer))
        }
        let catalog = try TestWorlds.catalog()
        for days in stride(from: -1, through: 540, by: 7) {
            let now = TestWorlds.now.addingTimeInterval(Double(days) * 86_400 + 1_234)
            for limit in [1, 3, Int.max] {
                let deferred = PartnerModel.termEnds(among: try store.termEndCandidates(by: now, atLeast: limit), dueBy: now,
                                                     catalog: catalog, limit: limit)
                let expected = whole.termEnds(dueBy: now, catalog: catalog, limit: limit)
                #expect(deferred.map(\.old) == expected.map(\.old) && deferred.map(\.new) == expected.map(\.new))
            }
        }
    }

    @Test func aChangeIsDecidedOnTheWholeModel() throws {
        try withTemporaryDirectory { dir in
            let world = try workspace(dir)
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring)
            #expect(store.deferredSections == Self.deferring)
            var seen: PartnerModel?
            var random = SeededFreshValues(seed: 5)
            try store.commit(deciding: { latest in
                seen = latest
                return Self.edits(latest, count: 1, customersOnly: true, &random)
            })
            let decidedOn = try #require(seen)
            #expect(decidedOn == world.model)
            #expect(decidedOn.subscriptionIdsByCustomer == world.model.subscriptionIdsByCustomer)
            #expect(store.deferredSections.isEmpty)
        }
    }

    /// A snapshot without the subscription summary (format 5) cannot answer for the
    /// subscriptions: the open reads them.
    @Test func aVersion5SnapshotReadsTheSubscriptionsAtOpen() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try Self.store(of: world, snapshotAsVersion: 5, in: dir.path)
            store.close()
            let reopened = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(reopened.recovery.replayedRecords == 0)
            #expect(reopened.deferredSections == .auditLog)
            #expect(reopened.model.subscriptions == world.model.subscriptions)
        }
    }

    /// Signing in records the terms that ended: before the earliest live term end the
    /// subscriptions stay unread; at it they are read first and the renewals recorded are
    /// those a whole open records.
    @Test func signingInReadsTheSubscriptionsOnlyWhenATermMayHaveEnded() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let world = try workspace(dir, catalog: catalog)
            let earliestEnd = try #require(world.model.subscriptions.values.filter(\.isLive).map(\.commitmentEndDate).min())
            let recorder = TermEndRecorder(userPrincipalName: "ana@example.com", accountId: nil)
            let url = URL(fileURLWithPath: dir.file("ws"))

            let early = try Workspace.open(at: url, catalog: catalog, deferring: Self.deferring)
            #expect(try early.recordTermEnds(at: earliestEnd.addingTimeInterval(-3_600), for: recorder) == 0)
            #expect(early.backend.deferredSections.contains(.ordersAndSubscriptions))

            let due = try Workspace.open(at: url, catalog: catalog, deferring: Self.deferring)
            let recorded = try due.recordTermEnds(at: earliestEnd, for: recorder)
            #expect(recorded >= 1)
            #expect(due.backend.deferredSections == Self.deferring, "decided from the snapshot's term ends")
            try due.loadDeferred()
            var expected = world.model
            let renewals = expected.termEndTransactions(dueBy: earliestEnd, catalog: catalog,
                                                        recordedFor: recorder)
            #expect(recorded == renewals.count)
            for transaction in renewals { expected.apply(transaction, sequence: expected.lastSequence + 1) }
            #expect(due.model.subscriptions == expected.subscriptions)
        }
    }

    /// A sign-in on a deferred open, with renewals already in the journal and terms due at
    /// several hours, records exactly what a whole open's sign-in records (the same
    /// transactions in the same records, audit entries included) and leaves the
    /// subscriptions unread; so does the next sign-in, at a later hour, on what that one
    /// recorded. Small records (`perRecord`) take the candidates hour by hour.
    @Test(arguments: [1, 3, 20_000]) func aSignInDecidesTheTermEndsAsAWholeOpenDoes(perRecord: Int) throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let world = try workspace(dir, catalog: catalog)
            let ends = world.model.subscriptions.values.filter(\.isLive).map(\.commitmentEndDate).sorted()
            let url = URL(fileURLWithPath: dir.file("ws"))
            let first = try Workspace.open(at: url, catalog: catalog)
            try first.recordTermEnds(at: ends[ends.count / 4], for: Self.recorder)
            first.close()
            try FileManager.default.copyItem(atPath: dir.file("ws"), toPath: dir.file("whole"))
            let wholeURL = URL(fileURLWithPath: dir.file("whole"))
            for (step, at) in [ends[ends.count / 2], ends[ends.count - 1].addingTimeInterval(40 * 86_400)].enumerated() {
                let deferred = try Workspace.open(at: url, catalog: catalog, deferring: Self.deferring)
                let whole = try Workspace.open(at: wholeURL, catalog: catalog)
                let recorded = try deferred.recordTermEnds(at: at, for: Self.recorder, perRecord: perRecord)
                #expect(deferred.backend.deferredSections == Self.deferring, "step \(step)")
                let recordedWhole = try whole.recordTermEnds(at: at, for: Self.recorder, perRecord: perRecord)
                #expect(recorded > 0 && recorded == recordedWhole)
                #expect(deferred.model.lastSequence == whole.model.lastSequence)
                try deferred.loadDeferred()
                #expect(deferred.model == whole.model, "step \(step): the same records, audit entries included")
                deferred.close()
                whole.close()
            }
            let journal = try WorkspaceStore.open(directory: dir.file("ws"))
            let wholeJournal = try WorkspaceStore.open(directory: dir.file("whole"))
            #expect(journal.model == wholeJournal.model && journal.model.invariantViolations(catalog: catalog) == [])
        }
    }

    /// A replay the deferred subscriptions cannot take in reads them at open: an account or
    /// user change (the open's check then reads everything), a new order, or an update that
    /// moves a subscription to another customer (which the whole open then refuses).
    @Test func aReplayItCannotTakeInReadsThemAtOpen() throws {
        try withTemporaryDirectory { dir in
            let world = try workspace(dir)
            let writer = try WorkspaceStore.open(directory: dir.file("ws"))
            var random = SeededFreshValues(seed: 3)
            try writer.commit(Self.edits(writer.model, count: 3, customersOnly: false, &random))
            #expect(try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring).deferredSections == Self.deferring)

            let user = try #require(world.model.users.values.first)
            try writer.commit(Self.edit(.userUpdated(user), .update_user_roles, world.model.customers.keys.first!))
            let afterUser = try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring)
            #expect(afterUser.deferredSections == .auditLog)
            #expect(afterUser.model.subscriptions == writer.model.subscriptions)

            let customers = world.model.customers.keys.sorted()
            var moved = try #require(world.model.subscriptions.values.first { $0.customerId != customers[0] })
            moved.customerId = customers[0]
            try writer.commit(Self.edit(.subscriptionUpdated(moved), .update_subscription, moved.customerId))
            #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring) }
        }
    }

    /// A store holding `world`'s journal and a checked snapshot of it as format `version` wrote it.
    static func store(of world: WorldBuilder, snapshotAsVersion version: UInt32, in directory: String) throws -> WorkspaceStore {
        let store = try WorkspaceStore.create(directory: directory)
        try store.commit(world.transactions)
        let current = try Array(ModelSections.encode(store.model, mark: .checked(with: nil), version: 8).joined())
        try SnapshotFile.write(payload: try payload(current, asVersion: version), sequence: store.lastSequence,
                               formatVersion: version, directory: directory)
        return store
    }

    /// The payload as an older format wrote it: without the subscription summary (version 5),
    /// and without the check mark too (version 4).
    /// `current`: a format-8 payload (the last whose audit log is written record by record).
    static func payload(_ current: [UInt8], asVersion version: UInt32) throws -> [UInt8] {
        var reader = BinaryReader(current)
        let located = try ModelSections.locate(&reader, version: 8)
        let afterLastSequence = located.ranges[10].upperBound + 8
        let older = Array(current[..<(afterLastSequence + (version >= ModelSections.checkMarkVersion ? ModelCheckMark.size : 0))])
        guard version == 6 else { return older }
        // Version 6's summary: the earliest live term end and the tallies, without places.
        let model = try ModelCodec.decodeModel(current, version: 8)
        var summary = BinaryWriter()
        ModelCodec.write(model.termEnds.earliestEnd, &summary)
        let tallied = model.subscriptionSlotsByCustomer.keys.sorted().map { ($0, model.subscriptionTally(of: $0)) }.filter { $0.1.total > 0 }
        summary.writeUInt64(UInt64(tallied.count))
        for (id, tally) in tallied {
            summary.writeUInt64(id.high)
            summary.writeUInt64(id.low)
            summary.writeUInt32(UInt32(tally.active))
            summary.writeUInt32(UInt32(tally.total))
        }
        return older + summary.finish()
    }

    /// A version 6 summary says nothing of where the subscriptions are: a replay that updates
    /// one reads them at open, as before, and one that names none still leaves them unread.
    @Test func aVersion6SnapshotTakesInNoSubscriptionUpdate() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try Self.store(of: world, snapshotAsVersion: 6, in: dir.path)
            var random = SeededFreshValues(seed: 9)
            try store.commit(Self.edits(store.model, count: 2, customersOnly: true, &random))
            let clean = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(clean.deferredSections == Self.deferring)
            for customer in store.model.customers.keys {
                #expect(clean.subscriptionTally(of: customer) == store.model.subscriptionTally(of: customer))
            }
            var renamed = try #require(store.model.subscriptions.values.first { $0.isLive })
            renamed.friendlyName = "Renamed"
            try store.commit(Self.edit(.subscriptionUpdated(renamed), .update_subscription, renamed.customerId))
            store.close()
            let updated = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(updated.deferredSections == .auditLog)
        }
    }
}
