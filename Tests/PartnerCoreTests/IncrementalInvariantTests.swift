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
            let snapshotAt = sim.world.journal.count
            for step in steps.dropFirst(checkedAt) {
                sim.step(step)
                #expect(verdicts(sim.world, since: snapshotAt) == (true, true), "after \(sim.last)")
            }
            var r = StepRandom(seed: steps[0])
            for forgery in Forgery.allCases {
                var world = sim.world
                guard let events = forgery.events(world.model, &r) else { continue }
                world.commit(Transaction(date: world.now, userPrincipalName: "forger@example.com", accountId: nil, events: events,
                                         audit: AuditEntry(operationType: .update_subscription, resourceName: "forged", involvedAccounts: [])))
                let (whole, afterReplay) = verdicts(world, since: snapshotAt)
                #expect(!whole, "the forgery \(forgery) breaks a rule")
                #expect(whole == afterReplay, "\(forgery): whole check \(whole), after the replay \(afterReplay)")
                forgeriesSeen.note(forgery)
            }
        }
        // Every kind of forgery was tried at least once, or the test proves less than it says.
        #expect(forgeriesSeen.kinds == Set(Forgery.allCases))
    }

    /// Whether the whole check and the check after the replay find the model sound.
    private func verdicts(_ world: World, since sequence: Int) -> (whole: Bool, afterReplay: Bool) {
        let footprint = ReplayFootprint(world.journal[sequence...].map(\.transaction))
        let whole = world.model.invariantViolations(catalog: world.catalog)
        let afterReplay = world.model.invariantViolations(after: footprint, catalog: world.catalog)
        return (whole.isEmpty, afterReplay.isEmpty)
    }
}

/// Records a command's rules would never write: each breaks one kind of invariant.
enum Forgery: CaseIterable {
    case customerOnATakenDomain, customerOnAnAccountsDomain, customerWithAnotherAdmin, resellerOfRecordTwice
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

/// Which forgeries the property runs reached (shared by its concurrent runs).
final class ForgeryTally: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<Forgery> = []
    func note(_ forgery: Forgery) { lock.withLock { _ = seen.insert(forgery) } }
    var kinds: Set<Forgery> { lock.withLock { seen } }
}
