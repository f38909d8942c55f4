import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11, item 4: `customers list --reseller` opens without the snapshot's customers
/// (`DeferredSections.customers`) and decodes only that reseller's, found through the
/// snapshot's `CustomerPlaces` (format 10). What it lists is what a whole open lists, for
/// the provider narrowed to each reseller and for each reseller itself, with the changes
/// journaled after the snapshot and another process's appends; a damaged block or a forged
/// place never gives a wrong list.
struct DeferredCustomersTests {
    private static let deferring: DeferredSections = [.allButCustomersAndPartners, .customers]

    /// A synthetic world of `seed` with a checked snapshot (format 10), two subscription
    /// updates journaled after it, and a newer checked snapshot of format `version`, its
    /// tail as `forging` makes it: a damaged newer snapshot falls back to the older one.
    private static func store(seed: UInt64, in directory: String, version: UInt32 = ModelCodec.currentVersion,
                              forging: ([[UInt8]], PartnerModel) throws -> [[UInt8]] = { parts, _ in parts }) throws -> WorkspaceStore {
        let world = try TestWorlds.synthetic(resellers: 5, customers: 60 + Int(seed % 4) * 10, seed: seed)
        let store = try WorkspaceStore.create(directory: directory, startingFrom: world.model, catalog: nil)
        var random = SeededFreshValues(seed: seed &+ 100)
        try store.commit(subscriptionEdits(store.model, count: 2, &random))
        let parts = try ModelSections.encode(store.model, mark: .checked(with: nil), version: version)
        try SnapshotFile.write(payloadParts: try forging(parts, store.model), sequence: store.lastSequence, formatVersion: version,
                               directory: directory)
        return store
    }

    private static func provider(_ model: PartnerModel) throws -> AccountID {
        try #require(model.accounts.values.first { $0.kind == .indirectProvider }).id
    }

    private static func resellers(_ model: PartnerModel) -> [AccountID] {
        model.accounts.values.filter { $0.kind == .indirectReseller }.map(\.id).sorted()
    }

    /// Edits no rule would refuse, whose events name no customer: subscriptions renamed,
    /// suspended or resumed (the deferral holds through them).
    private static func subscriptionEdits(_ model: PartnerModel, count: Int, _ random: inout SeededFreshValues) -> [Transaction] {
        let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        return (0..<count).map { n in DeferredSubscriptionsTests.subscriptionEdit(live, n, &random) }
    }

    /// A customer's company renamed (which moves it in the list) and its contact changed.
    private static func customerEdit(_ model: PartnerModel, _ random: inout SeededFreshValues) -> Transaction {
        let customers = model.customers.values.sorted { $0.id < $1.id }
        var customer = customers[Int(random.next() % UInt64(customers.count))]
        customer.companyProfile.companyName = "Aaa Renamed \(random.next() % 1000)"
        customer.billingProfile.firstName = "Edit\(random.next() % 1000)"
        return DeferredSubscriptionsTests.edit(.customerUpdated(customer), .add_customer, customer.id)
    }

    /// `store` was opened deferring the customers and asked for `reseller`'s: its lists of
    /// that reseller's customers, and their tallies, are the whole model's.
    private static func expectSameLists(_ store: WorkspaceStore, reseller: AccountID, as whole: PartnerModel) throws {
        let provider = try provider(whole)
        let narrowed = store.model.customerList(visibleTo: provider, sharedWith: reseller)
        #expect(narrowed == whole.customerList(visibleTo: provider, sharedWith: reseller))
        #expect(store.model.customerList(visibleTo: reseller) == whole.customerList(visibleTo: reseller))
        #expect(store.model.customerList(visibleTo: reseller, matching: "a") == whole.customerList(visibleTo: reseller, matching: "a"))
        for customer in narrowed {
            #expect(store.subscriptionTally(of: customer.id) == whole.subscriptionTally(of: customer.id))
        }
    }

    /// Random worlds and random journals after the snapshot: with only subscription updates
    /// replayed the customers stay unread but the reseller's (and no more are decoded); a
    /// replayed customer change reads them all at open. Another process's appends, read by
    /// `refresh`, keep the lists the whole model's, and `loadDeferred` builds the whole open's model.
    @Test(arguments: 1...10) func eachResellersListIsTheWholeOpensList(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let writer = try Self.store(seed: seed, in: dir.path)
            var random = SeededFreshValues(seed: seed)
            try writer.commit(Self.subscriptionEdits(writer.model, count: Int(random.next() % 5), &random))
            let changesCustomers = seed % 3 == 0
            if changesCustomers { try writer.commit(Self.customerEdit(writer.model, &random)) }
            let whole = try WorkspaceStore.open(directory: dir.path).model
            #expect(whole == writer.model)
            for reseller in Self.resellers(whole) {
                let store = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
                #expect(store.deferredSections == (changesCustomers ? .allButCustomersAndPartners : Self.deferring))
                if !changesCustomers { #expect(store.model.customers.isEmpty) }
                try store.loadCustomers(of: reseller)
                try Self.expectSameLists(store, reseller: reseller, as: whole)
                if !changesCustomers {
                    #expect(store.model.customers.count == whole.customerIds(visibleTo: reseller).count, "only the reseller's are read")
                }
            }

            let reseller = Self.resellers(whole)[Int(seed) % Self.resellers(whole).count]
            let store = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            try store.loadCustomers(of: reseller)
            try writer.commit(Self.subscriptionEdits(writer.model, count: 2, &random))
            try store.refresh()
            #expect(store.deferredSections == (changesCustomers ? .allButCustomersAndPartners : Self.deferring))
            try Self.expectSameLists(store, reseller: reseller, as: writer.model)
            try writer.commit(Self.customerEdit(writer.model, &random))
            try store.refresh()
            #expect(!store.deferredSections.contains(.customers), "a customer changed by another process reads them all")
            try Self.expectSameLists(store, reseller: reseller, as: writer.model)
            try store.loadDeferred()
            let after = try WorkspaceStore.open(directory: dir.path)
            #expect(store.model == after.model)
            #expect(store.model.customersByPartner == after.model.customersByPartner)
            #expect(store.model.takenDomains == after.model.takenDomains)
            #expect(store.model.invariantViolations() == [])
        }
    }

    /// Counted, not timed: the open reads none of the four large sections (the customers
    /// included), and one reseller's customers are then the only customers in the model.
    @Test func aResellersListingsOpenReadsNoCustomersSection() throws {
        try withTemporaryDirectory { dir in
            let writer = try Self.store(seed: 5, in: dir.path)
            let table = try SnapshotSectionTable(payloadParts: ModelSections.encode(writer.model, mark: .checked(with: nil)))
            let payload = table.entries.reduce(0) { $0 + $1.range.count }
            let large = ModelSections.largeSections.reduce(0) { $0 + table.entries[$1].range.count }
            let store = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(store.openTimings.snapshotBytesRead == payload - large)
            let reseller = Self.resellers(writer.model)[2]
            try store.loadCustomers(of: reseller)
            #expect(Set(store.model.customers.keys) == Set(writer.model.customerIds(visibleTo: reseller)))
        }
    }

    /// Signing in records the terms that ended, whose audit entries name their customers: on
    /// an open that left the customers unread, exactly the records a whole open makes (audit
    /// entries included), decoding only those customers beside the reseller's.
    @Test(arguments: [1, 5]) func aSignInRecordsTheTermEndsAsAWholeOpenDoes(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let (path, copy) = (dir.file("ws"), dir.file("whole"))
            let writer = try Self.store(seed: seed, in: path)
            writer.close()
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            let ends = writer.model.subscriptions.values.filter(\.isLive).map(\.commitmentEndDate).sorted()
            let at = ends[ends.count / 3]
            let catalog = try TestWorlds.catalog()
            let recorder = TermEndRecorder(userPrincipalName: "ana@example.com", accountId: nil)
            func record(_ store: WorkspaceStore) throws -> Int {
                var recorded = 0
                try store.commitTermEnds(dueBy: at, atLeast: 20_000) { latest, candidates in
                    let transactions = latest.termEndTransactions(among: candidates, dueBy: at, catalog: catalog,
                                                                  recordedFor: recorder, limit: 20_000)
                    recorded = transactions.count
                    return transactions
                }
                return recorded
            }
            let narrow = try WorkspaceStore.open(directory: path, deferring: Self.deferring)
            let reseller = Self.resellers(writer.model)[0]
            try narrow.loadCustomers(of: reseller)
            let whole = try WorkspaceStore.open(directory: copy)
            let recorded = try record(narrow)
            let recordedWhole = try record(whole)
            #expect(recorded > 0 && recorded == recordedWhole)
            #expect(narrow.deferredSections == Self.deferring, "decided without reading the rest")
            #expect(narrow.model.customers.count < whole.model.customers.count)
            try Self.expectSameLists(narrow, reseller: reseller, as: whole.model)
            try narrow.loadDeferred()
            #expect(narrow.model == whole.model, "the same records, audit entries included")
        }
    }

    /// A snapshot written before format 10 says nothing of where the customers are: the
    /// open reads them all, and asking for one reseller's changes nothing.
    @Test func aVersion9SnapshotReadsTheCustomersAtOpen() throws {
        try withTemporaryDirectory { dir in
            let writer = try Self.store(seed: 4, in: dir.path, version: 9)
            let store = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(store.deferredSections == .allButCustomersAndPartners)
            #expect(store.model.customers == writer.model.customers)
            let reseller = Self.resellers(writer.model)[0]
            try store.loadCustomers(of: reseller)
            try Self.expectSameLists(store, reseller: reseller, as: writer.model)
        }
    }

    /// A damaged block under the reseller's customers is found when they are read: the
    /// snapshot is passed over and the model read again from the journal before it, so the
    /// list is the whole model's, and the damaged file is reported.
    @Test func aDamagedCustomerBlockFallsBackToTheWholeRead() throws {
        try withTemporaryDirectory { dir in
            let writer = try Self.store(seed: 2, in: dir.path)
            let reseller = Self.resellers(writer.model)[1]
            let path = try #require(try FileSystem.listDirectory(dir.path).filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".bin") }
                .max(), "the newer snapshot")
            let payload = try Array(ModelSections.encode(writer.model, mark: .checked(with: nil)).joined())
            var reader = BinaryReader(payload)
            let located = try ModelSections.locate(&reader, version: ModelCodec.currentVersion)
            let place = try #require(try located.customerPlaces?.places(of: reseller).first)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: dir.file(path))[.size] as? Int)
            try Self.flipByte(at: size - payload.count + located.ranges[ModelSections.customersSection].lowerBound + Int(place) + 20,
                              of: dir.file(path))

            let store = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(store.deferredSections == Self.deferring, "the damaged block is not read at open")
            try store.loadCustomers(of: reseller)
            #expect(store.deferredSections.isEmpty)
            #expect(store.recovery.skippedSnapshots.count == 1)
            try Self.expectSameLists(store, reseller: reseller, as: writer.model)
            #expect(store.model == writer.model)
        }
    }

    /// A place that points at another partner's customer (the checksums made to match, as
    /// only a bug could write it) is refused by name, never listed.
    @Test func aForgedPlaceIsRefusedByName() throws {
        try withTemporaryDirectory { dir in
            var forged: AccountID?
            // Format 10, whose tail ends with the customer places.
            let writer = try Self.store(seed: 3, in: dir.path, version: 10) { parts, model in
                let resellers = Self.resellers(model)
                var noted = CustomerPlaces.customerPieces(model).noted
                let realTable = Self.encoded(noted)
                // The first reseller's first place now holds the second reseller's first customer.
                let firstsPlaces = noted.byPartner[resellers[0]] ?? []
                let other = try #require(noted.byPartner[resellers[1]]?.first { !firstsPlaces.contains($0) })
                noted.byPartner[resellers[0]]?[0] = other
                forged = resellers[0]
                let tail = try #require(parts.last)
                return Array(parts.dropLast()) + [Array(tail.dropLast(realTable.count)) + Self.encoded(noted)]
            }
            let reseller = try #require(forged)
            let store = try WorkspaceStore.open(directory: dir.path, deferring: Self.deferring)
            #expect(store.deferredSections == Self.deferring)
            do {
                try store.loadCustomers(of: reseller)
                Issue.record("a forged place was listed")
            } catch let StoreError.corrupt(_, _, reason) {
                #expect(reason.contains("customer places"))
            }
            #expect(store.model.customerList(visibleTo: reseller).isEmpty)
            _ = writer
        }
    }

    private static func encoded(_ noted: CustomerPlaces.Noted) -> [UInt8] {
        var w = BinaryWriter()
        CustomerPlaces.write(noted, &w)
        return w.finish()
    }

    /// Flips the byte at `offset` of the file (damage under a sound header and table).
    static func flipByte(at offset: Int, of path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: [byte ^ 0x5A])
    }
}
