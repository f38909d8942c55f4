import Foundation
import PartnerCore
import PropertyBased
import Testing

/// Issue 11: an open of a snapshot checked when written looks again only at what the
/// journal replayed on top (`invariantViolations(after:)`). Its verdict must be the whole
/// check's, for what real commands do and for forged records that break each kind of rule.
@Suite("Invariants checked after a replay")
struct IncrementalInvariantTests {
    @Test func theCheckOfAReplayAgreesWithTheWholeCheck() async throws {
        var base = try World.standard()
        base.catalog = Family.catalog
        let forgeriesSeen = ForgeryTally()
        await propertyCheck(count: 30, input: Gen<UInt64>.value().withoutShrink().array(of: 20...60)) { steps in
            var sim = Simulation(world: base)
            let checkedAt = steps.count / 2
            for step in steps.prefix(checkedAt) { sim.step(step) }
            // The "snapshot": a model that holds every invariant.
            guard sim.world.model.invariantViolations(catalog: sim.world.catalog).isEmpty else {
                Issue.record("random commands broke an invariant")
                return
            }
            let checked = sim.world.model
            let snapshotAt = sim.world.journal.count
            for step in steps.dropFirst(checkedAt) {
                sim.step(step)
                #expect(verdicts(sim.world, replayedOn: checked, from: snapshotAt) == (true, true), "after \(sim.last)")
            }
            var r = StepRandom(seed: steps[0])
            for forgery in Forgery.allCases {
                var world = sim.world
                guard let events = forgery.events(world.model, &r) else { continue }
                world.commit(forged(events, at: world.now))
                let (whole, afterReplay) = verdicts(world, replayedOn: checked, from: snapshotAt)
                #expect(!whole, "the forgery \(forgery) breaks a rule")
                #expect(whole == afterReplay, "\(forgery): whole check \(whole), after the replay \(afterReplay)")
                forgeriesSeen.note(forgery)
            }
        }
        // Every kind of forgery was tried at least once, or the test proves less than it says.
        #expect(forgeriesSeen.kinds == Set(Forgery.allCases))
    }

    /// A store's checkpoints: the footprint of everything applied since the model was last
    /// checked, noted transaction by transaction; at a snapshot it travels with the frozen
    /// copy and a new one starts, and a snapshot whose check failed gives its footprint
    /// back (merged with what came after). At every step, and after each forgery on top,
    /// the check of that footprint must give the whole check's verdict.
    @Test func aFootprintAccumulatedOverCheckpointsAgreesWithTheWholeCheck() async throws {
        var base = try World.standard()
        base.catalog = Family.catalog
        let forgeriesSeen = ForgeryTally()
        let incremental = ForgeryTally()
        await propertyCheck(count: 30, input: Gen<UInt64>.value().withoutShrink().array(of: 30...80)) { steps in
            var sim = Simulation(world: base)
            var checkpoints = Checkpoints(model: sim.world.model)
            for step in steps {
                let applied = sim.world.journal.count
                sim.step(step)
                for entry in sim.world.journal[applied...] { checkpoints.apply(entry) }
                let whole = sim.world.model.invariantViolations(catalog: sim.world.catalog)
                #expect(whole.isEmpty, "random commands broke an invariant: \(whole)")
                #expect(checkpoints.verdict(catalog: sim.world.catalog), "after \(sim.last)")
                if !checkpoints.footprint.needsWholeCheck { incremental.count() }
                switch step % 8 {
                case 0: checkpoints.freeze()
                case 1: checkpoints.snapshotChecked()
                case 2: checkpoints.snapshotFailed()
                default: break
                }
            }
            var r = StepRandom(seed: steps[0])
            for forgery in Forgery.allCases {
                // On top of what was accumulated, and on a model checked just before it.
                for fresh in [false, true] {
                    var world = sim.world
                    var forgedOn = checkpoints
                    if fresh { forgedOn = Checkpoints(model: world.model) }
                    guard let events = forgery.events(world.model, &r) else { continue }
                    world.commit(forged(events, at: world.now))
                    forgedOn.apply(world.journal[world.journal.count - 1])
                    let whole = world.model.invariantViolations(catalog: world.catalog).isEmpty
                    #expect(!whole, "the forgery \(forgery) breaks a rule")
                    #expect(forgedOn.verdict(catalog: world.catalog) == whole, "\(forgery) (fresh: \(fresh))")
                    if fresh, !forgedOn.footprint.needsWholeCheck { forgeriesSeen.note(forgery) }
                }
            }
        }
        // Every forgery that is not an account change was caught by the check of a footprint,
        // not by the whole check it falls back to; and most steps checked a footprint too.
        #expect(forgeriesSeen.kinds == Set(Forgery.allCases).subtracting([.malformedAccountMpn]))
        #expect(incremental.counted > 300, "steps checked by their footprint: \(incremental.counted)")
    }

    /// Whether the whole check and the check of the records replayed on `checked` (the
    /// model at `sequence`), noted one by one, find the model sound.
    private func verdicts(_ world: World, replayedOn checked: PartnerModel, from sequence: Int) -> (whole: Bool, afterReplay: Bool) {
        var replayed = checked
        var footprint = ReplayFootprint()
        for entry in world.journal[sequence...] {
            footprint.note(entry.transaction, before: replayed)
            replayed.apply(entry.transaction, sequence: entry.sequence)
        }
        let whole = world.model.invariantViolations(catalog: world.catalog)
        let afterReplay = world.model.invariantViolations(after: footprint, catalog: world.catalog)
        return (whole.isEmpty, afterReplay.isEmpty)
    }

    private func forged(_ events: [Event], at date: Date) -> Transaction {
        Transaction(date: date, userPrincipalName: "forger@example.com", accountId: nil, events: events,
                    audit: AuditEntry(operationType: .update_subscription, resourceName: "forged", involvedAccounts: []))
    }
}

/// What a store does with footprints (`WorkspaceStore`'s `sinceChecked`), without the files.
private struct Checkpoints {
    var model: PartnerModel
    /// Applied since the model was last checked (or since the frozen copy, while one is out).
    var footprint = ReplayFootprint()
    /// The footprint a frozen copy took with it, until its check's outcome is known.
    var frozen: ReplayFootprint?

    init(model: PartnerModel) { self.model = model }

    mutating func apply(_ entry: World.Journaled) {
        footprint.note(entry.transaction, before: model)
        model.apply(entry.transaction, sequence: entry.sequence)
    }

    mutating func freeze() {
        guard frozen == nil else { return }
        frozen = footprint
        footprint = ReplayFootprint()
    }

    mutating func snapshotChecked() { frozen = nil }

    mutating func snapshotFailed() {
        guard var earlier = frozen else { return }
        earlier.merge(footprint)
        footprint = earlier
        frozen = nil
    }

    /// The live model's verdict: a frozen copy not yet known sound leaves its footprint to check too.
    func verdict(catalog: OfferCatalog) -> Bool {
        var all = frozen ?? ReplayFootprint()
        all.merge(footprint)
        return model.invariantViolations(after: all, catalog: catalog).isEmpty
    }
}

/// Records a command's rules would never write: each breaks one kind of invariant.
enum Forgery: CaseIterable {
    case customerOnATakenDomain, customerOnAnAccountsDomain, customerMovedToATakenDomain, twoCustomersOnOneNewDomain
    case customerWithAnotherAdmin, resellerOfRecordTwice
    case customerWithAnUnknownReseller
    case orderOfNoCustomer, orderReplacedForAnotherCustomer, orderWithoutLines
    case quantityOutOfRange, subscriptionOfNoOrder, subscriptionMovedToAnotherCustomer, subscriptionCreatedTwice
    case providerAsPartnerOfRecord
    case malformedAccountMpn, invitationWithABadTokenHash

    func events(_ m: PartnerModel, _ r: inout StepRandom) -> [Event]? {
        let customers = m.customers.values.sorted { $0.id < $1.id }
        let subscriptions = m.subscriptions.values.sorted { $0.id < $1.id }
        let unknown = Ident(high: 0xF0F0, low: UInt64.random(in: 1...UInt64.max, using: &r))
        switch self {
        case .customerOnATakenDomain, .customerOnAnAccountsDomain:
            guard var c = r.pick(customers) else { return nil }
            let domain = self == .customerOnATakenDomain ? c.companyProfile.domain : m.accounts.values.sorted { $0.id < $1.id }[0].tenantDomain
            c.id = unknown
            c.companyProfile.domain = domain.uppercased()
            c.adminUserName = "admin@\(c.companyProfile.domain)"
            return [.customerCreated(c)]
        case .customerMovedToATakenDomain:
            guard var c = r.pick(customers), let other = customers.first(where: { $0.id != c.id }) else { return nil }
            c.companyProfile.domain = other.companyProfile.domain
            c.adminUserName = "admin@\(c.companyProfile.domain)"
            return [.customerUpdated(c)]
        case .twoCustomersOnOneNewDomain:
            guard var c = r.pick(customers) else { return nil }
            c.companyProfile.domain = "forged-\(UInt64.random(in: 1...UInt64.max, using: &r)).example.com"
            c.adminUserName = "admin@\(c.companyProfile.domain)"
            var twin = c
            twin.id = unknown
            return [.customerUpdated(c), .customerCreated(twin)]
        case .customerWithAnotherAdmin:
            guard var c = r.pick(customers) else { return nil }
            c.adminUserName = "root@example.com"
            return [.customerUpdated(c)]
        case .resellerOfRecordTwice:
            guard var c = r.pick(customers.filter { !$0.relationships.isEmpty }) else { return nil }
            c.relationships.append(c.relationships[0])
            return [.customerUpdated(c)]
        case .customerWithAnUnknownReseller:
            guard var c = r.pick(customers.filter { !$0.relationships.isEmpty }) else { return nil }
            c.relationships[0].partnerId = unknown
            return [.customerUpdated(c)]
        case .orderOfNoCustomer:
            guard var o = r.pick(m.orders.values.sorted { $0.id < $1.id }) else { return nil }
            o.id = unknown
            o.customerId = unknown
            return [.orderPlaced(o)]
        case .orderReplacedForAnotherCustomer:
            guard let s = r.pick(subscriptions), var o = m.orders[s.orderId],
                  let other = customers.first(where: { $0.id != s.customerId }) else { return nil }
            o.customerId = other.id
            return [.orderPlaced(o)]
        case .orderWithoutLines:
            guard var o = r.pick(m.orders.values.sorted { $0.id < $1.id }) else { return nil }
            o.lineItems = []
            return [.orderPlaced(o)]
        case .quantityOutOfRange:
            guard var s = r.pick(subscriptions) else { return nil }
            s.quantity = 100_000
            return [.subscriptionUpdated(s)]
        case .subscriptionOfNoOrder:
            guard var s = r.pick(subscriptions) else { return nil }
            s.orderId = unknown
            return [.subscriptionUpdated(s)]
        case .subscriptionMovedToAnotherCustomer:
            guard var s = r.pick(subscriptions), let other = customers.first(where: { $0.id != s.customerId }) else { return nil }
            s.customerId = other.id
            return [.subscriptionUpdated(s)]
        case .subscriptionCreatedTwice:
            guard let s = r.pick(subscriptions) else { return nil }
            return [.subscriptionCreated(s)]
        case .providerAsPartnerOfRecord:
            guard var s = r.pick(subscriptions),
                  let provider = m.accounts.values.first(where: { $0.kind == .indirectProvider }) else { return nil }
            s.partnerId = provider.mpnId
            return [.subscriptionUpdated(s)]
        case .malformedAccountMpn:
            guard var a = r.pick(m.accounts.values.sorted { $0.id < $1.id }) else { return nil }
            a.mpnId = "forged"
            return [.accountUpdated(a)]
        case .invitationWithABadTokenHash:
            guard var i = r.pick(m.invitations.values.sorted { $0.id < $1.id }) else { return nil }
            i.tokenHash = "forged"
            return [.invitationUpdated(i)]
        }
    }
}

/// Which forgeries the property runs reached, and how many times something happened
/// (shared by its concurrent runs).
final class ForgeryTally: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<Forgery> = []
    private var times = 0
    func note(_ forgery: Forgery) { lock.withLock { _ = seen.insert(forgery) } }
    func count() { lock.withLock { times += 1 } }
    var kinds: Set<Forgery> { lock.withLock { seen } }
    var counted: Int { lock.withLock { times } }
}
