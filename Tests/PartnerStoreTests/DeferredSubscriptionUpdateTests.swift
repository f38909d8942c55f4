import Foundation
import PartnerCore
import PartnerWorkspace
import Testing
@testable import PartnerStore

/// Issue 11, item 4: `subscriptions update` opens leaving the customers, orders,
/// subscriptions and audit log unread (`DeferredSections.allLarge`), finds the short id
/// typed through the snapshot's `SubscriptionPlaces` (format 11), decodes that subscription
/// and its customer alone and decides the update on them (`commit(reading:deciding:)`).
/// Whatever happens, it decides exactly what a whole open decides: the same receipt, the
/// same refusal, the same journal record (the models compared once the rest is read).
struct DeferredSubscriptionUpdateTests {
    private static let now = TestWorlds.now.addingTimeInterval(3_600)

    /// A synthetic world of `seed` (one subscription given a twin whose id shares its
    /// first 16 digits, so a short id can be ambiguous) with a checked snapshot, two
    /// subscription updates journaled after it, and, when `version` is given, a newer
    /// checked snapshot of that format whose payload `forging` makes.
    private static func workspace(seed: UInt64, in directory: String, version: UInt32? = nil,
                                  forging: ([[UInt8]], PartnerModel) throws -> [[UInt8]] = { parts, _ in parts }) throws -> PartnerModel {
        let catalog = try TestWorlds.catalog()
        var model = try TestWorlds.synthetic(resellers: 4, customers: 40 + Int(seed % 3) * 10, seed: seed).model
        let original = try #require(model.subscriptions.values.filter(\.isLive).min { $0.id < $1.id })
        var twin = original
        twin.id = Ident(high: original.id.high, low: original.id.low ^ 1)
        model.apply(DeferredSubscriptionsTests.edit(.subscriptionCreated(twin), .update_subscription, twin.customerId),
                    sequence: model.lastSequence + 1)
        #expect(model.invariantViolations(catalog: catalog) == [])
        let store = try WorkspaceStore.create(directory: directory, startingFrom: model, catalog: catalog)
        var random = SeededFreshValues(seed: seed &+ 100)
        let live = store.model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        try store.commit((0..<2).map { DeferredSubscriptionsTests.subscriptionEdit(live, $0, &random) })
        if let version {
            let parts = try ModelSections.encode(store.model, mark: .checked(with: catalog), version: version)
            try SnapshotFile.write(payloadParts: try forging(parts, store.model), sequence: store.lastSequence,
                                   formatVersion: version, directory: directory)
        }
        let written = store.model
        store.close()
        return written
    }

    /// The workspace opened as `subscriptions update` opens it, and opened whole from a copy.
    private static func pair(_ dir: TemporaryDirectory) throws -> (narrow: Workspace, whole: Workspace) {
        try? FileManager.default.removeItem(atPath: dir.file("whole"))
        try FileManager.default.copyItem(atPath: dir.file("ws"), toPath: dir.file("whole"))
        let catalog = try TestWorlds.catalog()
        let narrow = try Workspace.open(at: URL(fileURLWithPath: dir.file("ws")), catalog: catalog, deferring: .allLarge)
        let whole = try Workspace.open(at: URL(fileURLWithPath: dir.file("whole")), catalog: catalog)
        for workspace in [narrow, whole] {
            workspace.now = { now }
            workspace.fresh = SeededFreshValues(seed: 9)
        }
        return (narrow, whole)
    }

    private enum Outcome: Equatable {
        case updated(message: String, Subscription?)
        case refused(String)
    }

    /// What `subscriptions update TEXT` does as `user`: the subscriptions sought read, the
    /// one found updated; `between` runs after it is found, before the change is committed.
    private static func update(_ workspace: Workspace, _ text: String, as user: User, _ change: SubscriptionChange,
                               between: () throws -> Void = {}) -> Outcome {
        Self.change(workspace, text, as: user, between: between) { .updateSubscription($0, change) }
    }

    /// What a change of one subscription (`subscriptions update|cancel|upgrade|schedule
    /// TEXT`) does as `user`: the subscriptions sought read, `make`'s command executed on
    /// the one found.
    private static func change(_ workspace: Workspace, _ text: String, as user: User, between: () throws -> Void = {},
                               _ make: (SubscriptionID) -> Command) -> Outcome {
        do {
            try workspace.loadSubscriptions(soughtBy: text)
            let subscription = try workspace.model.findSubscription(text, visibleTo: user.accountId)
            try between()
            let receipt = try workspace.execute(make(subscription.id), as: .user(user.id))
            return .updated(message: receipt.message, workspace.model.subscriptions[subscription.id])
        } catch {
            return .refused("\(error)")
        }
    }

    private static func adminAgent(of kind: PartnerAccount.Kind, _ model: PartnerModel, other: Bool = false) throws -> User {
        let accounts = model.accounts.values.filter { $0.kind == kind }.map(\.id).sorted()
        let account = other ? accounts[accounts.count - 1] : accounts[0]
        return try #require(model.users.values.filter { $0.accountId == account && $0.isAdminAgent }.min { $0.id < $1.id })
    }

    /// The cases the command meets: a short id and a whole id, licenses within the offer's
    /// range and outside it, auto-renew, a partner of record and a support contact named or
    /// cleared (rule 2), a reseller adding licenses (rule 6), a subscription the reseller
    /// may not see, an unknown short id, an ambiguous one, and text that names no id.
    private static func cases(_ model: PartnerModel, _ random: inout SeededFreshValues) throws
        -> [(text: String, user: User, change: SubscriptionChange)] {
        let catalog = try TestWorlds.catalog()
        let provider = try adminAgent(of: .indirectProvider, model)
        let reseller = try adminAgent(of: .indirectReseller, model)
        let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
        // The first two are the twins.
        let pick = { (random: inout SeededFreshValues) in live[2 + Int(random.next() % UInt64(live.count - 2))] }
        let a = pick(&random), b = pick(&random)
        let offer = try #require(catalog[a.offerId])
        let resellers = model.customerIds(visibleTo: reseller.accountId)
        let hidden = try #require(live.first { !resellers.contains($0.customerId) })
        let own = live.first { resellers.contains($0.customerId) }
        var unknown = a.id.short
        while model.subscriptions.values.contains(where: { $0.id.short == unknown }) { unknown = String(unknown.reversed()) }
        return [
            (a.id.short, provider, SubscriptionChange(quantity: min(a.quantity + 1, offer.maximumQuantity))),
            (b.id.description.uppercased(), provider, SubscriptionChange(quantity: b.quantity + 1, friendlyName: "Renamed")),
            (a.id.short, provider, SubscriptionChange(quantity: offer.maximumQuantity + 1)),
            (a.id.short, provider, SubscriptionChange(autoRenewEnabled: !a.autoRenewEnabled)),
            // Rule 2: a reseller of record for the customer, or a refusal naming why not.
            (b.id.short, provider, SubscriptionChange(partnerOfRecord: .some(reseller.accountId))),
            (b.id.short, provider, SubscriptionChange(supportContact: .some(reseller.accountId))),
            (a.id.short, provider, SubscriptionChange(partnerOfRecord: .some(nil), supportContact: .some(nil))),
            (hidden.id.short, reseller, SubscriptionChange(quantity: hidden.quantity)),
            (own.map(\.id.short) ?? hidden.id.short, reseller, SubscriptionChange(quantity: (own?.quantity ?? 1) + 1)),
            (unknown, provider, SubscriptionChange(quantity: 3)),
            (live[0].id.short, provider, SubscriptionChange(quantity: 3)),
            ("not-an-id", provider, SubscriptionChange(quantity: 3)),
        ]
    }

    /// Random worlds (a property over seeds): every case gives on the narrow open what it
    /// gives on the whole one, the narrow one reads only the subscriptions sought and keeps
    /// the rest unread through its commits, and once the rest is read the two models (the
    /// journal records and their audit entries included) are the same.
    @Test(arguments: 1...6) func everyCaseDecidesAsTheWholeOpenDoes(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let written = try Self.workspace(seed: seed, in: dir.file("ws"))
            let (narrow, whole) = try Self.pair(dir)
            #expect(narrow.backend.deferredSections == .allLarge)
            var random = SeededFreshValues(seed: seed)
            var updates = 0
            for (text, user, change) in try Self.cases(written, &random) {
                let outcome = Self.update(narrow, text, as: user, change)
                #expect(outcome == Self.update(whole, text, as: user, change), "\(text)")
                if case .updated = outcome { updates += 1 }
            }
            #expect(updates >= 3)
            #expect(narrow.backend.deferredSections == .allLarge, "decided without reading the rest")
            #expect(narrow.model.subscriptions.count <= 12 && narrow.model.customers.count <= 12)
            try narrow.loadDeferred()
            #expect(narrow.model == whole.model)
            #expect(narrow.model.invariantViolations() == [])
        }
    }

    /// The other changes of one subscription, each decided on the subscription and its
    /// customer alone: cancelling (rule 11's 168 hours, which the world's dates put either
    /// way), upgrading (to the family's next offer, to one that is not an upgrade, by a
    /// reseller), and what changes at renewal (licenses, another offer of the family,
    /// clearing it, with auto-renew off), and each refused for a subscription the reseller
    /// may not see.
    private static func lifecycleCases(_ model: PartnerModel) throws -> [(text: String, user: User, make: (SubscriptionID) -> Command)] {
        let catalog = try TestWorlds.catalog()
        let provider = try adminAgent(of: .indirectProvider, model)
        let reseller = try adminAgent(of: .indirectReseller, model)
        let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }.dropFirst(2)
        let upgradable = try #require(live.last { $0.status == .active && !catalog.upgrades(from: catalog[$0.offerId]!).isEmpty })
        let target = catalog.upgrades(from: catalog[upgradable.offerId]!)[0]
        let renewing = try #require(live.first { $0.autoRenewEnabled && $0.id != upgradable.id })
        let notRenewing = live.first { !$0.autoRenewEnabled } ?? renewing
        let family = catalog.upgrades(from: catalog[renewing.offerId]!).first?.id
        let resellers = model.customerIds(visibleTo: reseller.accountId)
        let hidden = try #require(live.first { !resellers.contains($0.customerId) })
        let cancelled = live[live.startIndex + live.count / 2]
        return [
            (cancelled.id.short, provider, { .cancelSubscription($0) }),
            (cancelled.id.short, provider, { .cancelSubscription($0) }),
            (hidden.id.short, reseller, { .cancelSubscription($0) }),
            (upgradable.id.short, reseller, { .upgradeSubscription($0, offerId: target.id) }),
            (upgradable.id.short, provider, { .upgradeSubscription($0, offerId: upgradable.offerId) }),
            (upgradable.id.short, provider, { .upgradeSubscription($0, offerId: target.id) }),
            (renewing.id.short, provider, { .scheduleNextTerm($0, NextTermInstructions(quantity: renewing.quantity + 2)) }),
            (renewing.id.short, provider, { .scheduleNextTerm($0, NextTermInstructions(offerId: family, quantity: renewing.quantity)) }),
            (renewing.id.short, provider, { .scheduleNextTerm($0, nil) }),
            (renewing.id.short, provider, { .scheduleNextTerm($0, nil) }),
            (notRenewing.id.short, provider, { .scheduleNextTerm($0, NextTermInstructions(quantity: 1)) }),
            (hidden.id.short, reseller, { .scheduleNextTerm($0, nil) }),
        ]
    }

    /// Random worlds: a cancellation, an upgrade or a change at renewal gives on the narrow
    /// open what it gives on the whole one, without reading the rest, and the two models are
    /// the same once it is read.
    @Test(arguments: 1...4) func everyOtherChangeOfOneSubscriptionDecidesAsTheWholeOpenDoes(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let written = try Self.workspace(seed: seed, in: dir.file("ws"))
            let (narrow, whole) = try Self.pair(dir)
            var changed = 0
            for (text, user, make) in try Self.lifecycleCases(written) {
                let outcome = Self.change(narrow, text, as: user, make)
                #expect(outcome == Self.change(whole, text, as: user, make), "\(text)")
                if case .updated = outcome { changed += 1 }
            }
            #expect(changed >= 3, "the upgrade and two changes at renewal at least")
            #expect(narrow.backend.deferredSections == .allLarge, "decided without reading the rest")
            #expect(narrow.model.subscriptions.count <= 12 && narrow.model.customers.count <= 12)
            try narrow.loadDeferred()
            #expect(narrow.model == whole.model)
            #expect(narrow.model.invariantViolations() == [])
        }
    }

    /// Another process's append between the open and the commit: an update of the same
    /// subscription is taken in (and decided on), a change of its customer reads everything
    /// first; the decision is the whole open's either way.
    @Test(arguments: [false, true]) func anotherProcesssAppendIsDecidedOn(customerChanged: Bool) throws {
        try withTemporaryDirectory { dir in
            let written = try Self.workspace(seed: 3, in: dir.file("ws"))
            let (narrow, whole) = try Self.pair(dir)
            let provider = try Self.adminAgent(of: .indirectProvider, written)
            let sought = try #require(written.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }.last)
            var customer = try #require(written.customers[sought.customerId])
            customer.companyProfile.companyName = "Renamed Meanwhile"
            var renamed = sought
            renamed.friendlyName = "Renamed meanwhile"
            let append = customerChanged
                ? DeferredSubscriptionsTests.edit(.customerUpdated(customer), .add_customer, customer.id)
                : DeferredSubscriptionsTests.edit(.subscriptionUpdated(renamed), .update_subscription, sought.customerId)
            let change = SubscriptionChange(quantity: sought.quantity + 1)
            let outcomes = [(narrow, "ws"), (whole, "whole")].map { workspace, path in
                Self.update(workspace, sought.id.short, as: provider, change) {
                    let other = try WorkspaceStore.open(directory: dir.file(path))
                    try other.commit(append)
                    other.close()
                }
            }
            #expect(outcomes[0] == outcomes[1])
            guard case .updated(let message, let updated) = outcomes[0] else { Issue.record("refused: \(outcomes[0])"); return }
            #expect(message.contains("Renamed meanwhile") != customerChanged && updated?.quantity == sought.quantity + 1)
            #expect(narrow.backend.deferredSections == (customerChanged ? [] : .allLarge))
            try narrow.loadDeferred()
            #expect(narrow.model == whole.model)
            let audit = try #require(narrow.model.auditLog.last)
            #expect(audit.resourceName.hasPrefix("Renamed Meanwhile") == customerChanged, "the audit entry names the customer as it is now")
        }
    }

    /// A commit that makes the journal due for a snapshot reads the whole model first: the
    /// snapshot written is the whole open's model, never the partial one.
    @Test func aSnapshotDueIsWrittenFromTheWholeModel() throws {
        try withTemporaryDirectory { dir in
            let written = try Self.workspace(seed: 2, in: dir.file("ws"))
            let (narrow, whole) = try Self.pair(dir)
            let provider = try Self.adminAgent(of: .indirectProvider, written)
            let sought = try #require(written.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }.last)
            narrow.checkpointThresholdBytes = 1
            let change = SubscriptionChange(quantity: sought.quantity + 1)
            #expect(Self.update(narrow, sought.id.short, as: provider, change) == Self.update(whole, sought.id.short, as: provider, change))
            #expect(try narrow.checkpointIfDue())
            #expect(narrow.backend.deferredSections.isEmpty)
            let reopened = try WorkspaceStore.open(directory: dir.file("ws"), catalog: try TestWorlds.catalog())
            #expect(reopened.recovery.replayedRecords == 0, "opened from the snapshot just written")
            #expect(reopened.model == whole.model)
        }
    }

    /// A snapshot of format 10 says nowhere where the subscriptions are: the update reads
    /// them all, and decides as before.
    @Test func aFormat10SnapshotStillOpensAndUpdates() throws {
        try withTemporaryDirectory { dir in
            let written = try Self.workspace(seed: 4, in: dir.file("ws"), version: 10)
            let (narrow, whole) = try Self.pair(dir)
            var random = SeededFreshValues(seed: 4)
            for (text, user, change) in try Self.cases(written, &random).prefix(3) {
                #expect(Self.update(narrow, text, as: user, change) == Self.update(whole, text, as: user, change))
            }
            #expect(narrow.backend.deferredSections.isEmpty, "format 10: read whole")
            #expect(narrow.model == whole.model)
        }
    }

    /// A damaged block in the newest snapshot's subscription places (the tail, read and
    /// checked at open) passes that snapshot over; one under the subscription sought is
    /// found when it is decoded, and the model is read again whole from the older snapshot
    /// and the journal. Either way the decision is the whole open's, and the damage reported.
    @Test(arguments: [true, false]) func aDamagedBlockIsPassedOver(inThePlaces: Bool) throws {
        try withTemporaryDirectory { dir in
            let written = try Self.workspace(seed: 5, in: dir.file("ws"), version: ModelCodec.currentVersion)
            let provider = try Self.adminAgent(of: .indirectProvider, written)
            let sought = try #require(written.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }.last)
            let newest = try #require(try FileSystem.listDirectory(dir.file("ws"))
                .filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".bin") }.max())
            let path = dir.file("ws/" + newest)
            let payload = Array(try ModelSections.encode(written, mark: .checked(with: try TestWorlds.catalog())).joined())
            var reader = BinaryReader(payload)
            let located = try ModelSections.locate(&reader, version: ModelCodec.currentVersion)
            let place = try #require(try located.subscriptionPlaces?.places(matching: IdPrefix(exactly: sought.id)).first?.place)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            let inPayload = inThePlaces ? payload.count - 10 : located.ranges[ModelSections.subscriptionsSection].lowerBound + Int(place) + 4
            try DeferredCustomersTests.flipByte(at: size - payload.count + inPayload, of: path)

            let (narrow, whole) = try Self.pair(dir)
            let change = SubscriptionChange(quantity: sought.quantity + 1)
            #expect(Self.update(narrow, sought.id.short, as: provider, change) == Self.update(whole, sought.id.short, as: provider, change))
            let store = try #require(narrow.fileStore)
            #expect(store.recovery.skippedSnapshots.count == 1, "\(store.recovery.skippedSnapshots)")
            try narrow.loadDeferred()
            #expect(narrow.model == whole.model)
        }
    }

    /// A place that holds another subscription (the checksums made to match, as only a bug
    /// could write it) is refused by name, never updated.
    @Test func aForgedPlaceIsRefusedByName() throws {
        try withTemporaryDirectory { dir in
            var forged: (sought: Subscription, other: Subscription)?
            let written = try Self.workspace(seed: 6, in: dir.file("ws"), version: ModelCodec.currentVersion) { parts, model in
                var places = SubscriptionPieces.write(model).places.byId.sorted { $0.subscription < $1.subscription }
                var real = BinaryWriter()
                SubscriptionPlaces.write(places, &real)
                let live = model.subscriptions.values.filter(\.isLive).sorted { $0.id < $1.id }
                let (sought, other) = (live[live.count - 1], live[live.count - 2])
                let index = try #require(places.firstIndex { $0.subscription == sought.id })
                let otherPlace = try #require(places.first { $0.subscription == other.id }?.place)
                places[index].place = otherPlace
                forged = (sought, other)
                var lying = BinaryWriter()
                SubscriptionPlaces.write(places, &lying)
                let tail = try #require(parts.last)
                return Array(parts.dropLast()) + [Array(tail.dropLast(real.count)) + lying.finish()]
            }
            let (sought, other) = try #require(forged)
            let (narrow, _) = try Self.pair(dir)
            let provider = try Self.adminAgent(of: .indirectProvider, written)
            let outcome = Self.update(narrow, sought.id.short, as: provider, SubscriptionChange(quantity: sought.quantity + 1))
            guard case .refused(let reason) = outcome else { Issue.record("a forged place was updated: \(outcome)"); return }
            #expect(reason.contains("subscription places") && reason.contains("\(sought.id)"))
            #expect(narrow.model.subscriptions[other.id] == nil)
        }
    }
}
