import Foundation
@testable import PartnerCore
import Testing
@testable import PartnerStore

/// A checkpoint copies the records of every subscription chunk unchanged since a snapshot file
/// this process read or wrote holds it (`SubscriptionPieces`), in the section's order
/// (customer by customer), and encodes only the others: after random updates, renames,
/// cancellations, new customers and new subscriptions, with another process's snapshot in
/// between, every snapshot is byte for byte the one a whole encode writes and decodes to the
/// model; narrowed opens read it as they read a whole encode's; a byte damaged in the older
/// file since the open is refused or carried as damage, never made a sound block.
struct SnapshotSubscriptionCopyTests {
    /// The group the subscriptions section is encoded in (`ModelSections.groups`).
    static let subscriptionsGroup = 2..<3

    enum Change: CaseIterable {
        case renamed, quantityRaised, newCustomer, newSubscription, cancelled
    }

    /// `command` as the provider's admin decides it on `model`; nil when a rule refuses it.
    static func decided(_ command: Command, on model: PartnerModel, seed: UInt64) throws -> Transaction? {
        let ana = try #require(model.user(principal: DemoWorld.providerAdmin))
        var context = CommandContext(now: TestWorlds.now, fresh: SeededFreshValues(seed: seed), catalog: try TestWorlds.catalog())
        return try? model.decide(command, as: .user(ana.id), context: &context).transaction
    }

    /// `subscription` renamed longer, so the records after it move.
    static func renamed(_ subscription: Subscription, _ random: inout SeededFreshValues) -> Transaction {
        var renamed = subscription
        renamed.friendlyName += String(repeating: "n", count: 1 + SnapshotChunkCopyTests.pick(&random, 9))
        return DeferredSubscriptionsTests.edit(.subscriptionUpdated(renamed), .update_subscription, renamed.customerId)
    }

    /// One change of a kind picked at random committed to `store`; returns the kind made (a
    /// rename when a rule refused the one picked).
    @discardableResult
    static func change(_ store: WorkspaceStore, _ random: inout SeededFreshValues) throws -> Change {
        let model = store.model
        let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        let picked = live[SnapshotChunkCopyTests.pick(&random, live.count)]
        let kind = Change.allCases[SnapshotChunkCopyTests.pick(&random, Change.allCases.count)]
        let seed = random.next()
        let transaction: Transaction? = switch kind {
        case .renamed: nil
        case .quantityRaised: try decided(.updateSubscription(picked.id, SubscriptionChange(quantity: picked.quantity + 1)), on: model, seed: seed)
        case .newCustomer:
            try ImportRecordTests.addCustomer("sub\(model.customers.count)x\(seed % 100_000)", on: model,
                                              catalog: try TestWorlds.catalog(), seed: seed).0
        case .newSubscription:
            try decided(.placeOrder(customer: picked.customerId, cart: [CartLine(offerId: "m365-business-basic", quantity: 2)]),
                        on: model, seed: seed)
        case .cancelled:
            // Inside its cancellation window: one this test bought, when there is one.
            try decided(.cancelSubscription((live.first { $0.isInCancellationWindow(at: TestWorlds.now) } ?? picked).id),
                        on: model, seed: seed)
        }
        try store.commit([transaction ?? renamed(picked, &random)])
        return transaction == nil ? .renamed : kind
    }

    static func subscriptionBytesCopied(_ store: WorkspaceStore, in dir: TemporaryDirectory, _ name: String) throws -> Int {
        let (copied, whole, bytesCopied) = try SnapshotChunkCopyTests.copiedAndWhole(
            store.model, sequence: store.lastSequence, in: dir, name, groups: subscriptionsGroup)
        #expect(copied != nil && copied == whole, "\(name): the copying snapshot's bytes are the whole encode's")
        return bytesCopied
    }

    @Test(arguments: [3, 11]) func everySnapshotAfterRandomChangesIsTheWholeEncodes(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let path = try SnapshotChunkCopyTests.workspace(dir)
            let store = try WorkspaceStore.open(directory: path)
            defer { store.close() }
            var random = SeededFreshValues(seed: seed)
            var made: Set<Change> = []
            for round in 0..<6 {
                if round == 3 {
                    // Another process's change and snapshot: this one catches up, its notes still on the file it wrote.
                    let other = try WorkspaceStore.open(directory: path)
                    made.insert(try Self.change(other, &random))
                    try other.checkpoint()
                    other.close()
                    try store.refresh()
                }
                for _ in 0...SnapshotChunkCopyTests.pick(&random, 4) { made.insert(try Self.change(store, &random)) }
                #expect(try Self.subscriptionBytesCopied(store, in: dir, "\(round)") > 0, "round \(round): unchanged subscriptions are copied")
                let file = try #require(try store.checkpoint().snapshotFile)
                try SnapshotChunkCopyTests.expectSnapshot(file, is: store.model)
            }
            #expect(made == Set(Change.allCases), "every kind of change was made: \(made)")
            try Self.expectNarrowedOpensRead(path, as: store.model, &random)
        }
    }

    /// A whole encode's file, copied or not, serves the opens that read subscriptions alone:
    /// one subscription sought by id, the tallies, and the deferred sections read after.
    static func expectNarrowedOpensRead(_ path: String, as whole: PartnerModel, _ random: inout SeededFreshValues) throws {
        let ids = whole.subscriptions.keys
        for _ in 0..<12 {
            let id = ids[SnapshotChunkCopyTests.pick(&random, ids.count)]
            let narrowed = try WorkspaceStore.open(directory: path, deferring: .allLarge)
            defer { narrowed.close() }
            try narrowed.loadSubscriptions(matching: IdPrefix(exactly: id))
            #expect(narrowed.model.subscriptions[id] == whole.subscriptions[id], "\(id) read alone")
        }
        let deferring = try WorkspaceStore.open(directory: path, deferring: .ordersAndSubscriptions)
        defer { deferring.close() }
        #expect(deferring.deferredSections.contains(.ordersAndSubscriptions))
        for customer in whole.customers.keys {
            #expect(deferring.subscriptionTally(of: customer) == whole.subscriptionTally(of: customer))
        }
        try deferring.loadDeferred()
        #expect(deferring.model == whole)
        #expect(deferring.model.subscriptionIdsByCustomer == whole.subscriptionIdsByCustomer)
    }

    /// A byte of an unchanged subscription chunk changed in the older file after the open. With
    /// the change in the last chunk the records before it lie on the same blocks in the new
    /// file: copied, their checksums the older table's, so the new file's block fails its check.
    /// With the change in the first chunk (a record longer) every record after lies elsewhere:
    /// read and checked first, so the checkpoint fails naming the older file.
    @Test(arguments: [false, true]) func aDamagedByteInAnUnchangedRunIsNeverMadeSound(changingFirstChunk: Bool) throws {
        try withTemporaryDirectory { dir in
            let store = try WorkspaceStore.open(directory: try SnapshotChunkCopyTests.workspace(dir))
            defer { store.close() }
            let table = store.model.subscriptions
            let source = try #require(table.encodedChunk(2) as? EncodedChunkBytes)
            var random = SeededFreshValues(seed: 1)
            let chunk = table.chunk(changingFirstChunk ? 0 : table.chunkCount - 1)
            let live = chunk.first { $0.isLive }
            try store.commit(Self.renamed(try #require(live), &random))
            try SnapshotChunkCopyTests.expectDamageNeverMadeSound(in: source, checkpointing: store, moved: changingFirstChunk)
        }
    }

    /// Read from a snapshot, the model holds its subscriptions in the file's order, and the
    /// next snapshot writes them in that order: with nothing changed the whole section is one
    /// copied run, and its chunks are noted again on the file just written.
    @Test func anUnchangedSectionIsOneCopiedRun() throws {
        try withTemporaryDirectory { dir in
            let store = try WorkspaceStore.open(directory: try SnapshotChunkCopyTests.workspace(dir))
            defer { store.close() }
            for _ in 0..<2 {
                let pieces = SubscriptionPieces.write(store.model).pieces
                let copied = pieces.filter { if case .copied = $0 { true } else { false } }
                #expect(copied.count == 1, "one run")
                #expect(pieces.count == 3, "the length prefix, the count and the run")
                var random = SeededFreshValues(seed: 2)
                try SnapshotChunkCopyTests.change(store, &random, chunk: 0)
                try store.checkpoint()
                let table = store.model.subscriptions
                #expect((0..<table.chunkCount).allSatisfy { table.encodedChunk($0) is EncodedChunkBytes })
            }
        }
    }
}
