import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11: a snapshot checks its model's invariants when it is written and says so inside
/// its checksum (format 5, `ModelCheckMark`), so an open checks only what the journal
/// replays on top; never a model that breaks one.
struct CheckedSnapshotTests {
    /// The demo world: a snapshot (written by a store opened with `catalog`) half-way, the rest in the journal.
    private func workspace(_ dir: TemporaryDirectory, catalog: OfferCatalog?) throws -> (WorldBuilder, WorkspaceStore) {
        let world = try TestWorlds.demo()
        try WorkspaceStore.create(directory: dir.path).close()
        let store = try WorkspaceStore.open(directory: dir.path, catalog: catalog)
        let half = world.transactions.count / 2
        try store.commit(Array(world.transactions.prefix(half)))
        let report = try store.checkpoint()
        #expect(report.snapshotFile != nil && report.brokenInvariants.isEmpty)
        try store.commit(Array(world.transactions.dropFirst(half)))
        return (world, store)
    }

    private func newestMark(_ directory: String) throws -> ModelCheckMark {
        let snapshot = try #require(try SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions).snapshot)
        var reader = snapshot.payloadReader()
        return try ModelSections.locate(&reader, version: snapshot.formatVersion).mark
    }

    @Test func aSnapshotOfASoundModelIsMarkedAndAnOpenChecksOnlyTheReplay() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let (world, store) = try workspace(dir, catalog: catalog)
            store.close()
            #expect(try newestMark(dir.path) == .checked(with: catalog))
            let reopened = try WorkspaceStore.open(directory: dir.path, catalog: catalog)
            #expect(reopened.openTimings.invariantScope == .replayedRecords)
            #expect(reopened.recovery.replayedRecords > 0)
            #expect(reopened.model == world.model)
            // A check against the catalog covers an open without one.
            #expect(try WorkspaceStore.open(directory: dir.path).openTimings.invariantScope == .replayedRecords)
        }
    }

    @Test func aBrokenRecordReplayedAfterACheckedSnapshotIsRefusedAtOpen() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let (world, store) = try workspace(dir, catalog: catalog)
            // A record no rule would write: a second customer on a tenant domain already taken.
            var copy = try #require(world.model.customers.values.first)
            let taken = copy.companyProfile.domain
            copy.id = Ident(high: 0xF0F0, low: 1)
            let forged = Transaction(date: TestWorlds.now, userPrincipalName: "forger@example.com", accountId: nil,
                                     events: [.customerCreated(copy)],
                                     audit: AuditEntry(operationType: .create_customer_relationship, resourceName: "forged", involvedAccounts: []))
            try store.commit(forged)
            store.close()
            let before = try dir.contents()
            let error = #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.path, catalog: catalog) }
            #expect("\(String(describing: error))".contains("domain \(taken.lowercased()) is used 2 times"))
            #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.path) }
            #expect(try dir.contents() == before)
        }
    }

    @Test func aSnapshotCheckedAgainstAnotherCatalogOrNoneIsCheckedWhole() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            var offers = catalog.offers
            offers[0].maximumQuantity += 1
            let (world, store) = try workspace(dir, catalog: OfferCatalog(offers))
            store.close()
            let other = try WorkspaceStore.open(directory: dir.path, catalog: catalog)
            #expect(other.openTimings.invariantScope == .wholeModel)
            #expect(other.model == world.model)
            other.close()

            try withTemporaryDirectory { noCatalog in
                let (_, uncheckedStore) = try workspace(noCatalog, catalog: nil)
                uncheckedStore.close()
                #expect(try newestMark(noCatalog.path) == .checked(with: nil))
                #expect(try WorkspaceStore.open(directory: noCatalog.path, catalog: catalog).openTimings.invariantScope == .wholeModel)
                #expect(try WorkspaceStore.open(directory: noCatalog.path).openTimings.invariantScope == .replayedRecords)
            }
        }
    }

    @Test func aModelThatBreaksAnInvariantIsWrittenUnmarked() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let world = try TestWorlds.demo()
            var model = world.model
            var customer = try #require(model.customers.values.first)
            customer.adminUserName = "root@example.com"
            model.apply(Transaction(date: TestWorlds.now, userPrincipalName: "forger@example.com", accountId: nil,
                                    events: [.customerUpdated(customer)],
                                    audit: AuditEntry(operationType: .create_customer_relationship, resourceName: "forged", involvedAccounts: [])),
                        sequence: model.lastSequence + 1)
            let plan = CheckpointPlan(model: model, sequence: model.lastSequence, directory: dir.path,
                                      check: .invariants(catalog: catalog))
            let written = try plan.writeSnapshot()
            #expect(written.brokenInvariants == model.invariantViolations(catalog: catalog))
            #expect(!written.brokenInvariants.isEmpty)
            #expect(try newestMark(dir.path) == .unchecked)
        }
    }

    /// `count` transactions that each raise one subscription's quantity by one (within its
    /// offer's range), as `subscriptions update` would record them.
    private func quantityRaises(_ model: PartnerModel, _ catalog: OfferCatalog, count: Int) throws -> [Transaction] {
        let subscriptions = model.subscriptions.values
            .filter { sub in catalog[sub.offerId].map { $0.quantityRange.contains(sub.quantity + 1) } ?? false }
            .sorted { $0.id < $1.id }
        try #require(subscriptions.count >= count)
        return subscriptions.prefix(count).map { sub in
            var raised = sub
            raised.quantity += 1
            return Transaction(date: TestWorlds.now, userPrincipalName: "ana@example.com", accountId: nil,
                               events: [.subscriptionUpdated(raised)],
                               audit: AuditEntry(operationType: .update_subscription, resourceName: "raise", involvedAccounts: []))
        }
    }

    private func forgedCustomerOnATakenDomain(_ model: PartnerModel) throws -> (Transaction, String) {
        var copy = try #require(model.customers.values.first)
        copy.id = Ident(high: 0xF0F0, low: 1)
        let forged = Transaction(date: TestWorlds.now, userPrincipalName: "forger@example.com", accountId: nil,
                                 events: [.customerCreated(copy)],
                                 audit: AuditEntry(operationType: .create_customer_relationship, resourceName: "forged", involvedAccounts: []))
        return (forged, copy.companyProfile.domain.lowercased())
    }

    /// The store notes every transaction it applies, its own and others' it catches up, and
    /// a checkpoint checks only those on its frozen copy (then starts afresh).
    @Test func aCheckpointChecksOnlyWhatWasAppliedSinceTheLastCheck() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let (world, store) = try workspace(dir, catalog: catalog)
            try store.checkpoint()
            let other = try WorkspaceStore.open(directory: dir.path, catalog: catalog)
            let raises = try quantityRaises(world.model, catalog, count: 12)
            try other.commit(Array(raises.prefix(5)))
            try store.commit(deciding: { _ in Array(raises.dropFirst(5)) })
            let report = try store.checkpoint()
            #expect(report.brokenInvariants.isEmpty && report.snapshotFile != nil)
            #expect(report.invariantCheck?.scope == .replayedRecords)
            #expect(report.invariantCheck?.transactions == 12, "5 caught up from the other process, 7 of its own")
            #expect(try newestMark(dir.path) == .checked(with: catalog))
            try store.commit(Array(try quantityRaises(store.model, catalog, count: 3)))
            #expect(try store.checkpoint().invariantCheck?.transactions == 3, "counted from the last snapshot's check")
            let model = store.model
            store.close()
            other.close()
            #expect(try WorkspaceStore.open(directory: dir.path, catalog: catalog).model == model)
        }
    }

    /// A forged record after a checked point is found by the footprint's check: the
    /// snapshot is written unmarked and says what breaks; the live model's footprint keeps
    /// the record, so the next checkpoint finds it again rather than marking its model sound.
    @Test func aCheckpointsFootprintCheckFindsAForgedRecordAndKeepsIt() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let (world, store) = try workspace(dir, catalog: catalog)
            try store.checkpoint()
            let (forged, domain) = try forgedCustomerOnATakenDomain(world.model)
            try store.commit(forged)
            try store.commit(try quantityRaises(store.model, catalog, count: 2))
            for round in 0..<2 {
                let report = try store.checkpoint()
                #expect(report.invariantCheck?.scope == .replayedRecords)
                #expect(report.invariantCheck?.transactions == 3 + round)
                #expect(report.brokenInvariants.contains("domain \(domain) is used 2 times"), "round \(round)")
                #expect(try newestMark(dir.path) == .unchecked)
                try store.commit(try quantityRaises(store.model, catalog, count: 1))
            }
            store.close()
            #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: dir.path, catalog: catalog) }
        }
    }

    /// The background snapshot takes its footprint with the frozen copy; commits made while
    /// it is written start the next one.
    @Test func aCommitAfterTheFreezeStartsTheNextFootprint() throws {
        try withTemporaryDirectory { dir in
            let catalog = try TestWorlds.catalog()
            let (world, store) = try workspace(dir, catalog: catalog)
            try store.checkpoint()
            let raises = try quantityRaises(world.model, catalog, count: 10)
            try store.commit(Array(raises.prefix(4)))
            #expect(try store.startCheckpoint())
            try store.commit(Array(raises.dropFirst(4)))
            store.waitUntilCheckpointWritten()
            let background = try #require(try store.pollCheckpoint())
            #expect(background.invariantCheck?.scope == .replayedRecords && background.invariantCheck?.transactions == 4)
            #expect(try store.checkpoint().invariantCheck?.transactions == 6)
        }
    }

    /// Format 4 has no mark: such a snapshot is checked whole at every open, as before.
    @Test func aVersion4SnapshotIsReadAndCheckedWhole() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: dir.path)
            let half = world.transactions.count / 2
            try store.commit(Array(world.transactions.prefix(half)))
            let payload = try Array(ModelSections.encode(store.model, version: 8).joined())
            try SnapshotFile.write(payload: try DeferredSubscriptionsTests.payload(payload, asVersion: 4), sequence: store.lastSequence,
                                   formatVersion: 4, directory: dir.path)
            try store.commit(Array(world.transactions.dropFirst(half)))
            store.close()
            let reopened = try WorkspaceStore.open(directory: dir.path, catalog: try TestWorlds.catalog())
            #expect(reopened.recovery.snapshotSequence == UInt64(half))
            #expect(reopened.openTimings.invariantScope == .wholeModel)
            #expect(reopened.model == world.model)
        }
    }
}
