#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PartnerCore

/// The benchmark's writer (the `writers` part of `partnerdash-bench`, and
/// `partnerdash-crash-writer --quantities` that `scripts/writers` runs on the main
/// package's build): changes the quantity of one of the first eight live subscriptions
/// (the same eight for every writer, so writers conflict) until it has made `writes`
/// attempts, each decided on the model as it is just before. One copy, so both measure
/// the same command.
public enum QuantityWriter {
    /// The date the writers' demo world is built at and their changes are decided at
    /// (fixed: throughput must not depend on the day of the run), and the date of the
    /// benchmark's other worlds whose dates do not matter to what they measure.
    public static let worldDate = Date(timeIntervalSince1970: 1_790_000_000)

    /// The workspace the writers share: the demo world at `worldDate`.
    public static func world(names: WorldNames, catalog: OfferCatalog, seed: UInt64) throws -> WorldBuilder {
        try DemoWorld.build(names: names, catalog: catalog, now: worldDate, fresh: SeededFreshValues(seed: seed))
    }

    /// What one attempt came to besides a refusal by the rules (a `DomainError`).
    public enum Attempt {
        case written
        /// The store retried a conflict as often as it may and stopped (PostgreSQL).
        case gaveUp
    }

    /// What one writer did, timed on CLOCK_MONOTONIC (every process on the machine shares
    /// it, so writers' spans can be joined) and in this process's CPU (user + system).
    public struct Outcome: Codable, Sendable {
        public var written = 0
        public var refused = 0
        public var gaveUp = 0
        public var startNanos: UInt64 = 0
        public var endNanos: UInt64 = 0
        public var cpuSeconds = 0.0
    }

    public struct SetUpFailed: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Makes `writes` attempts through `execute`; the provider's admin acts.
    public static func run(writes: Int, seed: UInt64, catalog: OfferCatalog, model: () -> PartnerModel,
                           execute: (Command, Actor) throws -> Attempt) throws -> Outcome {
        let cpu = processCPUSeconds()
        var outcome = Outcome(startNanos: monotonicNanos())
        var rng = SeededFreshValues(seed: seed)
        // Chosen once, not before every change: sorting every subscription is the loop's own
        // work, which no real writer does (it was a sixth of a command's CPU). A quantity
        // change leaves a subscription live, so the eight stay the same; chosen again if not.
        var candidates: [SubscriptionID] = []
        guard let user = model().user(principal: DemoWorld.providerAdmin) else { throw SetUpFailed(description: "no provider admin") }
        while outcome.written + outcome.refused + outcome.gaveUp < writes {
            // The model read afresh before each change and held across it, as a dashboard's screens hold it.
            let current = model()
            if candidates.isEmpty || candidates.contains(where: { current.subscriptions[$0]?.status != .active }) {
                candidates = Array(current.subscriptions.values.filter { $0.status == .active }.map(\.id).sorted().prefix(8))
            }
            guard !candidates.isEmpty else { throw SetUpFailed(description: "no live subscriptions") }
            let id = candidates[Int(rng.next() % UInt64(candidates.count))]
            guard let subscription = current.subscriptions[id], let offer = catalog[subscription.offerId] else { continue }
            // Up where it can: licenses go up at any time, down only inside the cancellation window.
            let quantity = subscription.quantity < offer.maximumQuantity ? subscription.quantity + 1 : subscription.quantity - 1
            do {
                switch try execute(.updateSubscription(id, SubscriptionChange(quantity: quantity)), .user(user.id)) {
                case .written: outcome.written += 1
                case .gaveUp: outcome.gaveUp += 1
                }
            } catch is DomainError {
                outcome.refused += 1
            }
        }
        outcome.endNanos = monotonicNanos()
        outcome.cpuSeconds = processCPUSeconds() - cpu
        return outcome
    }

    public static func monotonicNanos() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
