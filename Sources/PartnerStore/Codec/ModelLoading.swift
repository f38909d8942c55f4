import Foundation
import PartnerCore

/// A snapshot payload decoded in two steps, so the dashboard can draw its first frame
/// before a large workspace is fully in memory: the small sections (accounts, users,
/// profiles, listings, change requests, invitations, partnerships) are decoded at once
/// and make `preview`; the large ones (customers, orders, subscriptions, audit log) are
/// decoded on background threads meanwhile, and `finish` waits for them.
final class ModelLoading: @unchecked Sendable {
    /// The small collections (and their indexes) exactly as the full model has them; no
    /// customers, orders, subscriptions or audit records.
    let preview: PartnerModel
    let lastSequence: UInt64
    /// The sections left unread until `loadDeferred` (what `init` was asked to defer, less
    /// what `stopDeferring` started reading).
    private(set) var deferring: DeferredSections
    /// Whether the snapshot's model was checked when written (`ModelCheckMark`).
    var checkMark: ModelCheckMark { located.mark }
    /// The figures a model without subscriptions still answers from (nil before version 6).
    var subscriptionSummary: SubscriptionSummary? { located.subscriptionSummary }
    /// What a store answers from while the orders and subscriptions are unread (nil before version 6).
    func deferredSubscriptions() -> DeferredSubscriptions? {
        guard let summary = located.subscriptionSummary else { return nil }
        let range = located.ranges[ModelSections.subscriptionsSection]
        return DeferredSubscriptions(summary: summary, section: located.source.window(range.lowerBound, range.upperBound),
                                     layout: sections.layout)
    }
    private let sections: ModelSections
    private let located: ModelSections.Located
    private let started: ContinuousClock.Instant
    private let done = DispatchGroup()
    private let lock = NSLock()
    // Written by the worker threads before `done.leave()`, under `lock`, read after `done.wait()`.
    private var failure: (any Error)?
    private var decodeTime: Duration = .zero
    private var times: [Duration] = []

    /// Finds the sections, decodes the small ones on this thread and starts the large ones
    /// (but those `deferring` names). With `releasingRead`, each large section's bytes are
    /// given back as it is decoded (`ByteBuffer.release`): the caller never reads them again.
    /// `window` is what the customers', orders' and subscriptions' sections load ahead of their decoder (`SectionWindow`).
    init(_ r: inout BinaryReader, version: UInt32, deferring: DeferredSections = [], releasingRead: Bool = false,
         window: Int = SectionWindow.defaultSize) throws {
        started = ContinuousClock().now
        self.deferring = deferring
        let located = try ModelSections.locate(&r, version: version)
        // Only an open that may leave the customers, orders or subscriptions unread reads
        // the summary and places; one that gives its bytes back decodes them all.
        self.located = releasingRead && !deferring.contains(.customers) ? located.givingBackSummaryAndPlaces() : located
        lastSequence = located.lastSequence
        sections = ModelSections(version: version, releasingRead: releasingRead, window: window)
        try sections.decodeSmall(located)
        preview = sections.assemble(lastSequence: located.lastSequence, small: true)
        startDecoding(ModelSections.largeSections(deferring: deferring).read)
    }

    /// Starts reading deferred sections after all (before `finish`), on a thread of their own.
    func stopDeferring(_ wanted: DeferredSections) {
        let before = ModelSections.largeSections(deferring: deferring).deferred
        deferring.subtract(wanted)
        let still = ModelSections.largeSections(deferring: deferring).deferred
        startDecoding(before.filter { !still.contains($0) })
    }

    private func startDecoding(_ large: [Int]) {
        guard !large.isEmpty else { return }
        // The count sizes the subscriptions' index; read only for them, so a listing that
        // leaves the customers unread reads none of their blocks.
        if large.contains(ModelSections.subscriptionsSection) { sections.countCustomers(located) }
        done.enter()
        let thread = Thread { [self] in
            let (sectionTimes, error) = sections.decodeLarge(large, located)
            lock.withLock {
                if let error, failure == nil { failure = error }
                decodeTime = max(decodeTime, ContinuousClock().now - started)
                times = times.isEmpty ? sectionTimes : zip(times, sectionTimes).map { $0 + $1 }
            }
            done.leave()
        }
        thread.name = "partnerdash-open"
        thread.start()
    }

    /// Whether the large sections being read are decoded, so `finish` would not wait for
    /// them (it still assembles the model): asked between a dashboard's keys.
    var isDecoded: Bool { done.wait(timeout: .now()) == .success }

    /// Waits until the large sections being read are decoded, without taking the model.
    func waitUntilDecoded() { done.wait() }

    /// Waits for the large sections and returns the whole model (what `ModelCodec.decodeModel`
    /// returns for the same bytes), noting the times in `timings`.
    func finish(timings: inout OpenTimings) throws -> PartnerModel {
        done.wait()
        let (failure, decodeTime, times) = lock.withLock { (self.failure, self.decodeTime, self.times) }
        timings.decodeSections = decodeTime
        timings.sectionGroups = times
        if let failure { throw failure }
        let clock = ContinuousClock()
        let buildStart = clock.now
        let model = sections.assemble(lastSequence: located.lastSequence)
        timings.buildModel = clock.now - buildStart
        return model
    }

    /// Whether the snapshot says where each partner's customers are (version 10).
    var hasCustomerPlaces: Bool { located.customerPlaces != nil }

    /// The snapshot's customers of `partner`, when `init` was told to leave the customers
    /// (`DeferredSections.customers`): each decoded alone, its blocks read and checked.
    func decodeCustomers(of partner: AccountID) throws -> [Customer] {
        try sections.decodeCustomers(of: partner, located)
    }

    /// The snapshot's customers of these ids, the same way.
    func decodeCustomers(_ ids: some Sequence<CustomerID>) throws -> [Customer] {
        try sections.decodeCustomers(ids, located)
    }

    /// Whether the snapshot says where each subscription is (version 11).
    var hasSubscriptionPlaces: Bool { located.subscriptionPlaces != nil }

    /// The snapshot's subscriptions whose id `prefix` matches, when `init` was told to leave
    /// the orders and subscriptions: each decoded alone, its blocks read and checked.
    func decodeSubscriptions(matching prefix: IdPrefix) throws -> [Subscription] {
        try sections.decodeSubscriptions(matching: prefix, located)
    }

    /// The snapshot's audit log, when `init` was told to leave it (after `finish`).
    func decodeDeferredAuditLog() throws -> AuditLog {
        try sections.decodeDeferredAuditLog(located)
    }
}

extension ModelCodec {
    /// Starts decoding a snapshot payload in two steps (see `ModelLoading`).
    static func beginDecodingModel(_ r: inout BinaryReader, version: UInt32, deferring: DeferredSections = [],
                                   releasingRead: Bool = false, window: Int = SectionWindow.defaultSize) throws -> ModelLoading {
        switch version {
        case readableVersions:
            return try ModelLoading(&r, version: version, deferring: deferring, releasingRead: releasingRead, window: window)
        default:
            throw StoreError.malformed(offset: r.offset, reason: "model format \(version) is not readable (reads \(readableVersions))")
        }
    }
}
