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
    /// The sections left unread until `decodeDeferredAuditLog`.
    let deferring: DeferredSections
    /// Whether the snapshot's model was checked when written (`ModelCheckMark`).
    var checkMark: ModelCheckMark { located.mark }
    private let sections: ModelSections
    private let located: ModelSections.Located
    private let started: ContinuousClock.Instant
    private let done = DispatchGroup()
    private let lock = NSLock()
    // Written once by the worker thread before `done.leave()`, read after `done.wait()`.
    private var failure: (any Error)?
    private var decodeTime: Duration = .zero

    /// Finds the sections, decodes the small ones on this thread and starts the large ones
    /// (but those `deferring` names). With `releasingRead`, each large section's bytes are
    /// given back as it is decoded (`ByteBuffer.release`): the caller never reads them again.
    init(_ r: inout BinaryReader, version: UInt32, deferring: DeferredSections = [], releasingRead: Bool = false) throws {
        let clock = ContinuousClock()
        started = clock.now
        self.deferring = deferring
        located = try ModelSections.locate(&r, version: version)
        lastSequence = located.lastSequence
        sections = ModelSections(layout: ModelCodec.SubscriptionLayout(snapshotVersion: version), releasingRead: releasingRead)
        try sections.decodeSmall(located)
        preview = sections.assemble(lastSequence: located.lastSequence, small: true)
        done.enter()
        let thread = Thread { [self] in
            let outcome = Result { try sections.decodeLarge(located, deferring: deferring) }
            lock.withLock {
                if case .failure(let error) = outcome { failure = error }
                decodeTime = clock.now - started
            }
            done.leave()
        }
        thread.name = "partnerdash-open"
        thread.start()
    }

    /// Waits for the large sections and returns the whole model (what `ModelCodec.decodeModel`
    /// returns for the same bytes), noting the times in `timings`.
    func finish(timings: inout OpenTimings) throws -> PartnerModel {
        done.wait()
        let (failure, decodeTime) = lock.withLock { (self.failure, self.decodeTime) }
        timings.decodeSections = decodeTime
        timings.sectionGroups = sections.groupTimes
        if let failure { throw failure }
        let clock = ContinuousClock()
        let buildStart = clock.now
        let model = sections.assemble(lastSequence: located.lastSequence)
        timings.buildModel = clock.now - buildStart
        return model
    }

    /// The snapshot's audit log, when `init` was told to leave it (after `finish`).
    func decodeDeferredAuditLog() throws -> AppendOnlyLog<AuditRecord> {
        try sections.decodeDeferredAuditLog(located)
    }
}

extension ModelCodec {
    /// Starts decoding a snapshot payload in two steps (see `ModelLoading`).
    static func beginDecodingModel(_ r: inout BinaryReader, version: UInt32, deferring: DeferredSections = [],
                                   releasingRead: Bool = false) throws -> ModelLoading {
        switch version {
        case readableVersions:
            return try ModelLoading(&r, version: version, deferring: deferring, releasingRead: releasingRead)
        default:
            throw StoreError.malformed(offset: r.offset, reason: "model format \(version) is not readable (reads \(readableVersions))")
        }
    }
}
