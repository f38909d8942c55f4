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
            var sub = subscriptions[Int(random.next() % UInt64(subscriptions.count))]
            switch random.next() % 3 {
            case 0: sub.friendlyName = "Renamed \(n)"
            case 1: sub.status = .suspended
            default: sub.status = .active
            }
            return edit(.subscriptionUpdated(sub), .update_subscription, sub.customerId)
        }
    }

    private static func edit(_ event: Event, _ operation: OperationType, _ customer: CustomerID) -> Transaction {
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
            let replayTouchesSubscriptions = !ReplayFootprint.leavesOrdersAndSubscriptions(replay)
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: Self.deferring)
            let whole = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(store.deferredSections.contains(.ordersAndSubscriptions) == !replayTouchesSubscriptions)
            if !replayTouchesSubscriptions {
                #expect(store.model.subscriptions.isEmpty && store.model.orders.isEmpty, "nothing of them decoded")
            }
            #expect(store.model.customers == whole.model.customers)
            for customer in whole.model.customers.keys {
                #expect(store.subscriptionTally(of: customer) == whole.model.subscriptionTally(of: customer))
            }
            // Another process appends; this one reads it, deferring as long as it may.
            try writer.commit(Self.edits(writer.model, count: Int(random.next() % 6), customersOnly: seed % 2 == 0, &random))
            try store.refresh()
            try store.loadDeferred()
            #expect(store.deferredSections.isEmpty)
            let after = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(store.model == after.model)
            #expect(store.model.subscriptionsByCustomer == after.model.subscriptionsByCustomer)
            #expect(store.model.customersByPartner == after.model.customersByPartner)
            #expect(store.model.takenDomains == after.model.takenDomains)
            #expect(store.model.termEnds.earliestEnd == after.model.termEnds.earliestEnd)
            #expect(store.model.invariantViolations() == [])
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
            #expect(decidedOn.subscriptionsByCustomer == world.model.subscriptionsByCustomer)
            #expect(store.deferredSections.isEmpty)
        }
    }

    /// A snapshot without the subscription summary (format 5) cannot answer for the
    /// subscriptions: the open reads them.
    @Test func aVersion5SnapshotReadsTheSubscriptionsAtOpen() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.path)
            try store.commit(world.transactions)
            let payload = Array(ModelSections.encode(store.model, mark: .checked(with: nil)).joined())
            try SnapshotFile.write(payload: try Self.payload(payload, asVersion: 5), sequence: store.lastSequence,
                                   formatVersion: 5, directory: dir.path)
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
            #expect(due.backend.deferredSections.isEmpty)
            var expected = world.model
            let renewals = expected.termEndTransactions(dueBy: earliestEnd, catalog: catalog,
                                                        recordedFor: recorder)
            #expect(recorded == renewals.count)
            for transaction in renewals { expected.apply(transaction, sequence: expected.lastSequence + 1) }
            #expect(due.model.subscriptions == expected.subscriptions)
        }
    }

    /// The payload as an older format wrote it: without the subscription summary (version 5),
    /// and without the check mark too (version 4).
    static func payload(_ current: [UInt8], asVersion version: UInt32) throws -> [UInt8] {
        var reader = BinaryReader(current)
        let located = try ModelSections.locate(&reader, version: ModelCodec.currentVersion)
        let afterLastSequence = located.ranges[10].upperBound + 8
        return Array(current[..<(afterLastSequence + (version >= ModelSections.checkMarkVersion ? ModelCheckMark.size : 0))])
    }
}
