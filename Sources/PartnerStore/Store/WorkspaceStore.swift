#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PartnerCore

/// One open workspace directory: the model in memory, kept durable by the journal and
/// snapshots. Any number of processes may have the same directory open (each marks it
/// open, see `WorkspaceLock`); writes are serialized by the write lock, under which a
/// writer first reads and applies what the others appended (`commit(deciding:)`).
/// Not thread-safe: use it from one actor (the main actor in the dashboard, the main
/// thread in the CLI).
///
/// Each transaction is one journal record (an import's are one record together,
/// `commitAsOneRecord`), so a command is replayed whole or not at all. A change is
/// applied to `model` only after its record is synced.
public final class WorkspaceStore {
    public let directory: String
    /// The workspace's model. While `isLoading` (a store from `beginOpen`), only its small
    /// collections are there: accounts, users, profiles, listings, change requests,
    /// invitations and partnerships, exactly as they will be; no customers, orders,
    /// subscriptions or audit records yet.
    public private(set) var model: PartnerModel
    public private(set) var recovery: StoreRecovery
    /// How long the steps of `open` took.
    public private(set) var openTimings = OpenTimings()
    public var lastSequence: UInt64 { model.lastSequence }
    /// Set once a write or sync has failed, or the store was closed: every later change
    /// is refused with this reason. The one answer to "is this workspace read-only?".
    public var readOnlyReason: String? {
        journal.readOnlyReason ?? (lock == nil ? Self.closedReason : nil)
    }
    public var isReadOnly: Bool { readOnlyReason != nil }
    static let closedReason = "the workspace was closed"
    /// Bytes journaled since the last checkpoint, for deciding when to take one.
    public var journalBytesSinceCheckpoint: Int64 { journal.currentSegmentBytes }
    /// A snapshot started by `startCheckpoint` is being written (`checkpoint` finishes
    /// before it returns).
    public var isCheckpointRunning: Bool { job != nil }
    /// Journal bytes after which `isCheckpointDue` says to checkpoint: replaying
    /// 8 MiB of transactions on open costs about what loading a snapshot does.
    public var checkpointThresholdBytes: Int64 = 8 << 20
    /// Whether the caller should start a checkpoint (the store never starts one itself).
    public var isCheckpointDue: Bool {
        !isCheckpointRunning && !isReadOnly && journal.currentSegmentBytes >= checkpointThresholdBytes
    }

    private var journal: FileJournal
    private var lock: WorkspaceLock?
    /// What the model's invariants are checked against when it is whole (rule 8's offers).
    private var catalog: OfferCatalog?
    /// The large sections being decoded, and what to replay on top once they are.
    private var loading: Loading?
    /// The snapshot sections the open left unread (`open(deferring:)`), until `loadDeferred`.
    private var deferred: Deferred?
    /// Why loading failed: the store refuses everything after.
    private var loadingFailure: (any Error)?
    /// What was applied to `model` since it last held every invariant as checked (by the
    /// open, or by the check of the last snapshot written): the next checkpoint checks only
    /// this on its frozen copy.
    private var sinceChecked = ReplayFootprint()

    private struct Deferred {
        var model: ModelLoading
        var snapshot: SnapshotFile
        /// Every transaction applied since the snapshot (the open's replay, then what
        /// `refresh` read), while orders and subscriptions are deferred: `loadDeferred`
        /// applies them again to the snapshot's whole model.
        var applied: [(transaction: Transaction, sequence: UInt64)]
        /// What the subscriptions are meanwhile (the tallies, the term ends due), while
        /// orders and subscriptions are deferred.
        var subscriptions: DeferredSubscriptions?
        /// The partners whose customers `loadCustomers(of:)` put in, while the customers are deferred.
        var customerPartners: Set<AccountID> = []
    }

    private struct Loading {
        var model: ModelLoading
        var snapshot: SnapshotFile
        var transactions: [(transaction: Transaction, sequence: UInt64)]
        var timings: OpenTimings
        var started: ContinuousClock.Instant
        /// The replay taken in, when orders and subscriptions stay deferred.
        var subscriptions: DeferredSubscriptions?
    }

    private init(directory: String, model: PartnerModel, recovery: StoreRecovery, journal: FileJournal, lock: WorkspaceLock,
                 loading: Loading?) {
        self.directory = directory
        self.model = model
        self.recovery = recovery
        self.journal = journal
        self.lock = lock
        self.loading = loading
    }

    /// Whether the customers, orders, subscriptions and audit log are still being read
    /// (a store from `beginOpen`); `finishLoading` waits for them.
    public var isLoading: Bool { loading != nil }

    /// Whether `finishLoading` would return without waiting for the background reads: the
    /// large sections are decoded (what is left is assembling them and replaying the
    /// journal). True when nothing is loading. A dashboard asks this between keys, so keys
    /// are handled while a large workspace loads.
    public var isLoadReady: Bool { loading?.model.isDecoded ?? true }

    /// Waits until `isLoadReady`, without finishing the load.
    public func waitUntilLoadReady() { loading?.model.waitUntilDecoded() }

    deinit { lock?.release() }

    /// Whether `directory` holds a workspace (at least one journal segment).
    public static func exists(directory: String) -> Bool {
        (try? lookForWorkspace(directory: directory)) ?? false
    }

    /// Whether `directory` holds a workspace; false when it does not exist, and a directory
    /// that cannot be read (permission denied, an I/O error) is thrown, not taken for none.
    public static func lookForWorkspace(directory: String) throws -> Bool {
        let names: [String]
        do {
            names = try FileSystem.listDirectory(directory)
        } catch let StoreError.io(_, _, code) where code == ENOENT || code == ENOTDIR {
            return false
        }
        return names.contains { WorkspaceFileName.journalSequence($0) != nil }
    }

    /// Makes an empty workspace (creating the directory 0700 if needed) and opens it.
    public static func create(directory: String) throws -> WorkspaceStore {
        try create(directory: directory, startingFrom: PartnerModel())
    }

    /// Makes a workspace whose history starts with `model` (a world built in
    /// memory without keeping its transactions, like `partnerdash gen`): a
    /// snapshot of it at its last sequence and an empty journal after it. The snapshot is
    /// checked (against `catalog`) and marked checked when the model holds every invariant;
    /// the open that follows refuses one that does not.
    public static func create(directory: String, startingFrom model: PartnerModel,
                              catalog: OfferCatalog? = nil) throws -> WorkspaceStore {
        try FileSystem.makePrivateDirectory(directory)
        // The write lock, so that two creations (or a creation and a `demo --force`) cannot interleave.
        let lock = try WorkspaceLock.handle(directory: directory)
        try lock.lockForWriting()
        defer { lock.release() }
        guard !exists(directory: directory) else {
            throw StoreError.invalidArgument("a workspace already exists in \(directory)")
        }
        if model.lastSequence > 0 {
            _ = try CheckpointPlan(model: model, sequence: model.lastSequence, directory: directory,
                                   check: .invariants(catalog: catalog)).writeSnapshot()
        }
        // The journal comes last: until it exists the directory is not a workspace, so a crash here leaves none.
        try FileJournal.create(directory: directory, firstSequence: model.lastSequence + 1)
        lock.release()
        return try open(directory: directory, catalog: catalog)
    }

    /// Marks the workspace open, loads the newest sound snapshot and replays the journal after
    /// it, and checks the model's invariants as `partnerdash check` does (with `catalog`, the
    /// offers too): a model that breaks one is refused (`StoreError.brokenInvariants`).
    /// The snapshot sections `deferring` names are read (and their invariants checked) only
    /// when `loadDeferred` is called, which every change and checkpoint does first: meanwhile
    /// `model` lacks them (`deferredSections`). Orders and subscriptions are left unread only
    /// when the open's check needs none of them (`mayLeaveOrdersAndSubscriptions`).
    public static func open(directory: String, catalog: OfferCatalog? = nil,
                            deferring: DeferredSections = []) throws -> WorkspaceStore {
        let store = try beginOpen(directory: directory, catalog: catalog, deferring: deferring)
        try store.finishLoading()
        return store
    }

    /// `open` in two steps, for a program that wants to show something while a large
    /// workspace loads: returns once the workspace is marked open, the snapshot checked, the journal
    /// scanned and the small collections decoded (with the journal's changes to them
    /// applied), while the large collections are decoded on background threads.
    /// `finishLoading` (which every change calls first) waits for them and replays the
    /// journal. Any error `open` would throw is thrown here or by `finishLoading`.
    public static func beginOpen(directory: String, catalog: OfferCatalog? = nil,
                                 deferring: DeferredSections = []) throws -> WorkspaceStore {
        do {
            guard (try FileSystem.status(directory).st_mode & S_IFMT) == S_IFDIR else {
                throw StoreError.notAWorkspace(path: directory, reason: "it is not a directory")
            }
        } catch let StoreError.io(_, _, code) where code == ENOENT {
            throw StoreError.notAWorkspace(path: directory, reason: "no such directory")
        }
        guard try lookForWorkspace(directory: directory) else {
            throw StoreError.notAWorkspace(path: directory, reason: "it has no journal segment (journal-*.log)")
        }
        // Marked first, then read: a `demo --force` that saw no mark may be swapping the
        // directory meanwhile, which shows as a new inode at the path (or a file gone): open again.
        var attempt = 0
        var lock = try WorkspaceLock.markOpen(directory: directory)
        var read: Read
        while true {
            do {
                read = try readWithRetries(directory: directory, lock: lock, deferring: deferring, sectionsWhenDecoded: true)
                if lock.isStillAt(directory) { break }
            } catch where attempt < 8 && !lock.isStillAt(directory) {
                // Read while it was being replaced: the error is the replacement's, not the workspace's.
            }
            attempt += 1
            guard attempt <= 8 else { throw StoreError.locked("\(directory) keeps being replaced; try again") }
            lock.release()
            lock = try WorkspaceLock.markOpen(directory: directory)
        }
        if var loading = read.loading, loading.model.deferring.contains(.ordersAndSubscriptions) {
            loading.subscriptions = subscriptionsLeftUnread(loading, catalog: catalog)
            if loading.subscriptions == nil { loading.model.stopDeferring(.ordersAndSubscriptions) }
            read.loading = loading
        }
        if let loading = read.loading, loading.model.deferring.contains(.customers), !customersMayStayUnread(loading) {
            loading.model.stopDeferring(.customers)
        }
        let store = WorkspaceStore(directory: directory, model: read.model, recovery: read.recovery, journal: read.journal,
                                   lock: lock, loading: read.loading)
        store.openTimings = read.timings
        store.catalog = catalog
        if read.loading == nil {
            // Replayed from the journal alone: the model is whole already.
            try store.checkInvariants(of: read.model, timings: &store.openTimings)
        }
        return store
    }

    /// Orders and subscriptions may stay unread only when the snapshot is marked checked
    /// against this catalog and carries the figures a model without them answers from
    /// (`SubscriptionSummary`, version 6), and the replay can be taken in without them
    /// (`DeferredSubscriptions.takeIn`: no order, new subscription, account or user; from
    /// version 7, updates of subscriptions under their own customer). The open's check then
    /// leaves out the updated subscriptions, which `loadDeferred` checks once it reads them
    /// (as the deferred audit log's records are checked when read).
    private static func subscriptionsLeftUnread(_ loading: Loading, catalog: OfferCatalog?) -> DeferredSubscriptions? {
        guard loading.model.checkMark.covers(catalog), var subscriptions = loading.model.deferredSubscriptions() else { return nil }
        return subscriptions.takeIn(loading.transactions.lazy.map(\.transaction)) ? subscriptions : nil
    }

    /// The customers may stay unread (but those `loadCustomers(of:)` asks for) only beside
    /// the orders and subscriptions, whose `loadDeferred` reads the snapshot again whole,
    /// from a snapshot that says where each partner's customers are (format 10), and when
    /// nothing replayed names a customer, invitation or partnership: then every customer
    /// is the snapshot's, and the open's check needs none of them.
    private static func customersMayStayUnread(_ loading: Loading) -> Bool {
        loading.model.deferring.contains(.ordersAndSubscriptions) && loading.model.hasCustomerPlaces
            && !namesCustomers(loading.transactions.lazy.map(\.transaction))
    }

    /// Whether `transactions` change a customer, or an invitation or partnership (whose
    /// rules and checks read customers).
    private static func namesCustomers(_ transactions: some Sequence<Transaction>) -> Bool {
        transactions.contains { transaction in
            transaction.events.contains { event in
                switch event {
                case .customerCreated, .customerUpdated, .invitationUpdated, .partnershipUpdated: true
                default: false
                }
            }
        }
    }

    /// Opening serves only a model `partnerdash check` would pass: the same invariants
    /// (the audit log's once it is read, when the open deferred it). A snapshot marked
    /// checked (`ModelCheckMark`, against this catalog) held them all when it was written,
    /// so only what the journal replayed on top of it is looked at again
    /// (`replayedOnCheckedSnapshot`), with the same verdict as the whole check.
    private func checkInvariants(of model: PartnerModel, replayedOnCheckedSnapshot footprint: ReplayFootprint? = nil,
                                 timings: inout OpenTimings, auditLogRead: Bool = true) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let broken = if let footprint {
            model.invariantViolations(after: footprint, catalog: catalog, includingAuditLog: auditLogRead)
        } else {
            model.invariantViolations(catalog: catalog, includingAuditLog: auditLogRead)
        }
        timings.invariantScope = footprint == nil ? .wholeModel : .replayedRecords
        timings.invariants = clock.now - start
        timings.total += timings.invariants
        guard broken.isEmpty else { throw StoreError.brokenInvariants(directory: directory, broken: broken) }
    }

    private struct Read {
        var model: PartnerModel
        var recovery: StoreRecovery
        var journal: FileJournal
        var loading: Loading?
        var timings: OpenTimings
    }

    /// Reading needs no lock, but another process's checkpoint may delete a snapshot or
    /// segment between listing and reading it: then read again, from the newer snapshot.
    private static func readWithRetries(directory: String, lock: WorkspaceLock, deferring: DeferredSections = [],
                                        sectionsWhenDecoded: Bool = false) throws -> Read {
        var attempt = 0
        while true {
            do {
                return try read(directory: directory, lock: lock, deferring: deferring, sectionsWhenDecoded: sectionsWhenDecoded)
            } catch let StoreError.io(_, _, code) where code == ENOENT && attempt < 8 {
                attempt += 1
            } catch is JournalBehind where attempt < 8 {
                attempt += 1
            }
        }
    }

    /// With `sectionsWhenDecoded` (the open), an open that gives each large section back as it
    /// decodes it also reads each only when its decoding thread comes to it, rather than the
    /// whole file first: the file and the model it becomes were both resident at the open's
    /// peak. A damaged block is then found by the decode, and `finishLoading` reads the model
    /// again passing over that snapshot (`readAgainPassingOver`), whose read checks every
    /// section first, as before.
    private static func read(directory: String, lock: WorkspaceLock, deferring: DeferredSections,
                             sectionsWhenDecoded: Bool = false) throws -> Read {
        let clock = ContinuousClock()
        let start = clock.now
        var timings = OpenTimings()
        let readStart = clock.now
        var unread = Set(ModelSections.largeSections(deferring: deferring).deferred)
        if sectionsWhenDecoded && !deferring.contains(.ordersAndSubscriptions) { unread.formUnion(ModelSections.largeDecodingOrder) }
        let load = try SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions,
                                               leavingUnread: unread)
        timings.readSnapshot = clock.now - readStart
        timings.snapshotBytesReadFirst = load.snapshot?.payloadBytesRead ?? 0
        var modelLoading: ModelLoading?
        if let snapshot = load.snapshot {
            modelLoading = try corruptIfMalformed(snapshot) {
                var reader = snapshot.payloadReader()
                // Only this open reads the snapshot's bytes, so each large section is released
                // as it is decoded; except when orders and subscriptions may be deferred:
                // `loadDeferred` then decodes the kept payload again whole (`readWholeAgain`).
                return try ModelCodec.beginDecodingModel(&reader, version: snapshot.formatVersion, deferring: deferring,
                                                         releasingRead: !deferring.contains(.ordersAndSubscriptions))
            }
            if let loaded = modelLoading, loaded.lastSequence != snapshot.sequence {
                throw StoreError.corrupt(
                    file: snapshot.path, offset: 8,
                    reason: "the header covers sequence \(snapshot.sequence) but the model inside is at \(loaded.lastSequence)")
            }
        }
        let snapshotSequence = load.snapshot?.sequence ?? 0

        let journalStart = clock.now
        // Read without the write lock: reads never wait for a writer. A torn tail or a
        // temporary file is repaired only under the write lock (then no append is in progress).
        var journal = try FileJournal(directory: directory, keepingRecordsAfter: snapshotSequence, repairing: false)
        // On read-only media nothing can be repaired: the journal ends before a torn tail, as for any reader.
        if journal.needsRepair && journal.readOnlyReason == nil {
            if lock.holdsWriteLock {
                journal = try FileJournal(directory: directory, keepingRecordsAfter: snapshotSequence, repairing: true)
            } else {
                journal = try lock.whileWriting {
                    try FileJournal(directory: directory, keepingRecordsAfter: snapshotSequence, repairing: true)
                }
            }
        }
        try checkJournalReaches(snapshotSequence, journal: journal)
        let records = journal.takeRecordsReadAtOpen()
        let transactions = try records.flatMap { record in
            try decode(record, directory: directory).map { (transaction: $0, sequence: record.sequence) }
        }
        var model = modelLoading?.preview ?? PartnerModel()
        for (transaction, sequence) in transactions {
            // Without a snapshot everything is in the journal: the model is whole at once.
            if modelLoading == nil {
                model.apply(transaction, sequence: sequence)
            } else {
                model.applyToSmallCollections(transaction, sequence: sequence)
            }
        }
        // A snapshot's temporary file may be another process's snapshot being written:
        // removed only by the one allowed to write snapshots now.
        var removed: [String] = []
        if let snapshotLock = try SnapshotLock.tryAcquire(directory: directory, toRemoveTemporaries: true) {
            defer { snapshotLock.release() }
            for name in try FileSystem.listDirectory(directory)
            where name.hasPrefix("snapshot-") && name.hasSuffix(WorkspaceFileName.temporarySuffix) {
                try FileSystem.removeIfPresent(FileSystem.join(directory, name))
                removed.append(name)
            }
        }
        let recovery = StoreRecovery(
            journal: journal.recovery, snapshotSequence: load.snapshot?.sequence, skippedSnapshots: load.skipped,
            replayedRecords: records.count, removedTemporaryFiles: journal.recovery.removedTemporaryFiles + removed)
        timings.journal = clock.now - journalStart
        timings.preview = clock.now - start
        var loading: Loading?
        if let modelLoading, let snapshot = load.snapshot {
            loading = Loading(model: modelLoading, snapshot: snapshot, transactions: transactions, timings: timings, started: start)
        } else {
            timings.total = clock.now - start
        }
        return Read(model: model, recovery: recovery, journal: journal, loading: loading, timings: timings)
    }

    /// Waits until the whole model is in memory (see `beginOpen`); returns at once when it
    /// is. A snapshot whose large sections turn out unreadable is thrown here as `open`
    /// would have thrown it, and the store refuses everything from then on.
    public func finishLoading() throws {
        if let loadingFailure { throw loadingFailure }
        guard let loading else { return }
        self.loading = nil
        let clock = ContinuousClock()
        do {
            var timings = loading.timings
            var full = try Self.corruptIfMalformed(loading.snapshot) { try loading.model.finish(timings: &timings) }
            let replayStart = clock.now
            var replayed = ReplayFootprint()
            for (transaction, sequence) in loading.transactions {
                replayed.note(transaction, before: full)
                full.apply(transaction, sequence: sequence)
            }
            timings.journal += clock.now - replayStart
            timings.total = clock.now - loading.started
            let deferring = loading.model.deferring
            if deferring.contains(.ordersAndSubscriptions) { replayed = replayed.leavingOutSubscriptions }
            let trusted = loading.model.checkMark.covers(catalog) ? replayed : nil
            try checkInvariants(of: full, replayedOnCheckedSnapshot: trusted, timings: &timings,
                                auditLogRead: !deferring.contains(.auditLog))
            model = full
            timings.snapshotBytesRead = loading.snapshot.payloadBytesRead
            timings.snapshotBytesHeldAtMost = loading.snapshot.payloadBytesHeldAtMost
            openTimings = timings
            if !deferring.isEmpty {
                deferred = Deferred(model: loading.model, snapshot: loading.snapshot,
                                    applied: deferring.contains(.ordersAndSubscriptions) ? loading.transactions : [],
                                    subscriptions: loading.subscriptions)
            }
        } catch let damage as SnapshotSectionDamage {
            try readAgainPassingOver(damage)
        } catch {
            loadingFailure = error
            throw error
        }
    }

    /// A section the open left unread turned out damaged when it was read (format 8 checks
    /// each section as it reads it): nothing of that snapshot is used. The model is read
    /// again as an open reads it whole, which checks every section and so passes over the
    /// damaged snapshot to the sound one before it and the journal after that (kept back to
    /// it for this), and checked whole; the damaged file stays on disk. When that fails too,
    /// the store refuses everything after, as for any unreadable snapshot.
    private func readAgainPassingOver(_ damage: SnapshotSectionDamage) throws {
        do {
            loading = nil
            deferred = nil
            let reread = try reloadFromNewestSnapshot()
            var timings = OpenTimings()
            try checkInvariants(of: model, timings: &timings)
            // The read again checked every section, so it names the damaged file itself.
            recovery.snapshotSequence = reread.snapshotSequence
            recovery.replayedRecords = reread.replayedRecords
            recovery.skippedSnapshots += reread.skippedSnapshots.isEmpty
                ? ["\(damage.file) is damaged at byte \(damage.damage.offset): \(damage.damage.reason)"] : reread.skippedSnapshots
        } catch {
            loadingFailure = error
            throw error
        }
    }
    /// The one way to change the workspace: reads and applies what other processes
    /// appended since this store last read and calls `decide` with that model; under the
    /// write lock, reads again and, when that found anything, calls `decide` again with the
    /// fresh model; then writes what it returned as one append (one record per transaction,
    /// after checking the tail on disk is where reading ended). `decide` may thus be called
    /// twice, and once without the lock (`holdsWriteLock` says which). The lock is let go before
    /// the `fdatasync`, so other writers append while this one syncs (group commit: one
    /// sync covers every record before it in the file); the change is applied and this
    /// returns only once it is synced. So every rule `decide` checks holds against the
    /// latest state. On any error nothing of this change is applied (others' records read
    /// on the way are); after an I/O error the store is read-only. Returns the last
    /// sequence number.
    @discardableResult
    public func commit(deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        try commit(asOneRecord: false, deciding: decide)
    }

    /// `commit(deciding:)` with every transaction `decide` returns in one record (type 4,
    /// one sequence): a crash keeps all of them or none, as for one command (an import).
    @discardableResult
    public func commitAsOneRecord(deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        try commit(asOneRecord: true, deciding: decide)
    }

    /// `commitAsOneRecord` of the term ends due by `now` (rule 11): `decide` gets the latest
    /// model and the subscriptions whose term may have ended, at least the `wanted` earliest
    /// (`termEndCandidates`). While orders and subscriptions are deferred and the snapshot
    /// says where its term ends are (version 7), they stay unread: the candidates are decoded
    /// alone, and the renewals taken in (`DeferredSubscriptions`); what the commit catches up
    /// first and cannot be taken in reads them all, as any commit does.
    @discardableResult
    public func commitTermEnds(dueBy now: Date, atLeast wanted: Int,
                               deciding decide: (PartnerModel, [Subscription]) throws -> [Transaction]) throws -> UInt64 {
        let keepingDeferred = deferred?.subscriptions?.decidesTermEnds ?? false
        return try commit(asOneRecord: true, keepingDeferred: keepingDeferred) { latest in
            let candidates = try termEndCandidates(by: now, atLeast: wanted)
            guard deferredSections.contains(.customers) else { return try decide(latest, candidates) }
            // The audit entries name the candidates' customers, which a listing's open left unread.
            try loadCustomers(candidates.lazy.map(\.customerId))
            return try decide(model, candidates)
        }
    }

    /// `commit(deciding:)` of a command whose decision reads no more than `scope` says
    /// (PartnerCore's `Command.decisionScope`). For one subscription's update the sections
    /// the open left unread stay unread: it is decided on a model holding that subscription
    /// and its customer (`loadSubscriptions`), and kept only when it is that subscription's
    /// update under the same customer, which the deferred subscriptions take in. Otherwise
    /// nothing is written and it is decided again on the whole model, as every commit is.
    /// Others' records found on the way, a snapshot due, or a damaged block read the rest
    /// as they always do (`applyAll`, `beginCheckpoint`, `readAgainPassingOver`).
    @discardableResult
    public func commit(reading scope: DecisionScope, deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        guard case .subscription(let id) = scope, deferred != nil else { return try commit(deciding: decide) }
        do {
            return try commit(asOneRecord: false, keepingDeferred: true) { _ in
                try loadSubscriptions(matching: IdPrefix(exactly: id))
                let transactions = try decide(model)
                guard Self.update(of: id, only: transactions, in: model) else { throw DecidedBeyondItsScope() }
                return transactions
            }
        } catch is DecidedBeyondItsScope {
            return try commit(deciding: decide)
        }
    }

    /// A decision kept to one subscription (`commit(reading:deciding:)`) changed more: it is
    /// made again on the whole model.
    private struct DecidedBeyondItsScope: Error {}

    /// Whether every event of `transactions` updates subscription `id` under the customer it has in `model`.
    private static func update(of id: SubscriptionID, only transactions: [Transaction], in model: PartnerModel) -> Bool {
        guard let customer = model.subscriptions[id]?.customerId else { return transactions.isEmpty }
        return transactions.allSatisfy { transaction in
            transaction.events.allSatisfy { event in
                guard case .subscriptionUpdated(let subscription) = event else { return false }
                return subscription.id == id && subscription.customerId == customer
            }
        }
    }

    /// The live subscriptions whose term may have ended by `now`, at least the `wanted`
    /// earliest (`PartnerModel.termEndCandidates`): from the deferred subscriptions when
    /// they decide term ends, else from the model (after `loadDeferred(forTermEndsBy:)`).
    public func termEndCandidates(by now: Date, atLeast wanted: Int) throws -> [Subscription] {
        try finishLoading()
        if let deferred, let subscriptions = deferred.subscriptions, subscriptions.decidesTermEnds {
            do {
                return try Self.corruptIfMalformed(deferred.snapshot) { try subscriptions.termEndCandidates(by: now, atLeast: wanted) }
            } catch let damage as SnapshotSectionDamage {
                try readAgainPassingOver(damage)
                return model.termEndCandidates(by: now, atLeast: wanted)
            }
        }
        try loadDeferred(forTermEndsBy: now)
        return model.termEndCandidates(by: now, atLeast: wanted)
    }

    private func commit(asOneRecord: Bool, keepingDeferred: Bool = false,
                        deciding decide: (PartnerModel) throws -> [Transaction]) throws -> UInt64 {
        guard let lock else { throw StoreError.readOnly(reason: Self.closedReason) }
        if keepingDeferred { try finishLoading() } else { try loadDeferred() }
        if let reason = readOnlyReason { throw StoreError.readOnly(reason: reason) }
        // What others appended is read, and the change decided and encoded on it, before
        // the lock is taken (reading needs none), so that under it, when nobody appended
        // meanwhile, only the tail check and the `write` are left: with several writers
        // the lock is held for less. Segments a checkpoint started are looked for only
        // under the lock (they are rare). A record of many transactions (an import, term
        // ends) is decided under the lock only: deciding it twice costs more than it saves.
        let clock = ContinuousClock()
        let started = clock.now
        try catchUp(repairing: false, followingSegments: false)
        let ahead = asOneRecord || !decidesBeforeTheLock ? nil : try decideBeforeTheLock(decide)
        try beforeTakingTheLockForTesting?()
        let waiting = clock.now
        var locked = waiting
        let decided: (transactions: [Transaction], written: UnsyncedAppend)? = try lock.whileWriting {
            locked = clock.now
            try catchUp(repairing: true)
            guard let change = try decideUnderTheLock(ahead, decide, asOneRecord: asOneRecord) else { return nil }
            return (change.transactions, try journal.write(change.entries, expectedLastSequence: model.lastSequence))
        }
        guard let (transactions, written) = decided else { return lastSequence }
        let unlocked = clock.now
        let keptUnsynced = defersSyncs ? leaveUnsynced(written) : try syncOutsideTheLock(written, lock: lock)
        commitTimes.commits += 1
        commitTimes.beforeTheLock += waiting - started
        commitTimes.waitingForTheLock += locked - waiting
        commitTimes.holdingTheLock += unlocked - locked
        commitTimes.syncing += clock.now - unlocked
        var sequence = written.firstSequence
        var sequenced: [(Transaction, UInt64)] = []
        for transaction in transactions {
            sequenced.append((transaction, sequence))
            if !asOneRecord { sequence += 1 }
        }
        try applyAll(sequenced)
        if let keptUnsynced { throw keptUnsynced }
        return written.lastSequence
    }

    /// How this store's changes were decided, and where their time went (counted, for `scripts/writers`).
    public private(set) var decisionsBeforeTheLock = DecisionsBeforeTheLock()
    public private(set) var commitTimes = CommitTimes()

    /// Whether `commit(deciding:)` decides before taking the write lock (false: under it
    /// only, as before; to compare the two within one build, `scripts/writers`).
    public var decidesBeforeTheLock = true

    /// Whether this store holds the workspace's write lock now (inside `commit`'s `decide`
    /// only when it is called under the lock).
    public var holdsWriteLock: Bool { lock?.holdsWriteLock ?? false }

    /// `decide` on the model the read before the lock left. A rule's refusal is thrown
    /// when a read of the whole journal (the following segment included, which the read
    /// before the lock skips) still finds nothing new: it was decided on the latest state
    /// of that moment, as PostgreSQL's store lets a refusal on rows read in the call stand.
    /// Nil when it has nothing to do, declines (`Workspace` stages mail under the lock
    /// only), or was refused on a model that turned out stale: decided under the lock.
    private func decideBeforeTheLock(_ decide: (PartnerModel) throws -> [Transaction]) throws -> DecidedChange? {
        let transactions: [Transaction]
        do {
            transactions = try decide(model)
        } catch let refusal as DomainError {
            let decidedOn = lastSequence
            try catchUp(repairing: false)
            guard lastSequence != decidedOn else {
                decisionsBeforeTheLock.refused += 1
                throw refusal
            }
            transactions = []
        } catch {
            transactions = []
        }
        guard !transactions.isEmpty else {
            decisionsBeforeTheLock.declined += 1
            return nil
        }
        return DecidedChange(transactions, asOneRecord: false, on: model)
    }

    /// Under the lock, once caught up: the change decided before it when the catch-up read
    /// nothing (the model is the one it was decided on, so is the latest), else `decide`
    /// again on the fresh model. Nil: nothing to do.
    private func decideUnderTheLock(_ ahead: DecidedChange?, _ decide: (PartnerModel) throws -> [Transaction],
                                    asOneRecord: Bool) throws -> DecidedChange? {
        if let ahead {
            if ahead.decidedOn == model.lastSequence {
                decisionsBeforeTheLock.written += 1
                return ahead
            }
            decisionsBeforeTheLock.madeAgain += 1
        }
        let transactions = try decide(model)
        return transactions.isEmpty ? nil : DecidedChange(transactions, asOneRecord: asOneRecord, on: model)
    }

    /// Group commit inside one process (`partnerdash batch`): while true, `commit` writes a
    /// change and applies it, but leaves its `fdatasync` to `syncDeferredChanges`, which
    /// makes every change since the last sync durable with one. A change is not acknowledged
    /// until then: the caller holds back every answer (and anything it read from the model
    /// meanwhile) until that sync returns. The records are read by others before they are
    /// synced, as group commit across processes already allows (see `commit(deciding:)`),
    /// and a checkpoint syncs them before its snapshot covers them.
    public var defersSyncs = false

    /// The sequences written and applied since the last sync while `defersSyncs`; nil when
    /// every change of this store is synced.
    public private(set) var unsyncedChanges: ClosedRange<UInt64>?
    /// The last of them: syncing its file syncs every one before it (an earlier segment
    /// was synced when the next one was started).
    private var lastUnsynced: UnsyncedAppend?

    private func leaveUnsynced(_ written: UnsyncedAppend) -> StoreError? {
        unsyncedChanges = (unsyncedChanges?.lowerBound ?? written.firstSequence)...written.lastSequence
        lastUnsynced = written
        return nil
    }

    /// Syncs the changes `defersSyncs` left unsynced, with one `fdatasync`. When it fails,
    /// the store turns read-only and the error names them: they were never acknowledged,
    /// stay in the journal (others may have read them, and this process applied them) and
    /// may be lost if the machine stops before anyone syncs the file.
    public func syncDeferredChanges() throws {
        guard let written = lastUnsynced, let changes = unsyncedChanges else { return }
        lastUnsynced = nil
        unsyncedChanges = nil
        do {
            try beforeSyncForTesting?()
            try journal.sync(written)
        } catch {
            journal.stopWriting(because: error)
            let which = changes.count == 1 ? "the change (sequence \(changes.lowerBound))" : "the changes (sequences \(changes.lowerBound)–\(changes.upperBound))"
            throw StoreError.readOnly(reason: "\(error); \(which) stay in the journal unacknowledged, "
                + "and may be lost if the machine stops before the next sync")
        }
    }

    /// Test hook: runs after the catch-up made before taking the write lock, before the lock.
    var beforeTakingTheLockForTesting: (() throws -> Void)?

    /// Test hook: runs after an append is written and the write lock let go, before its
    /// sync; may throw (a failed sync).
    var beforeSyncForTesting: (() throws -> Void)?

    /// Syncs an append written under the lock. A failed sync refuses the change and turns
    /// the store read-only: under the lock again its records are cut off (thrown). When
    /// others already appended after them (and may have read them) they stay: the error is
    /// returned, for the caller to apply them like anyone's records and then throw it.
    private func syncOutsideTheLock(_ written: UnsyncedAppend, lock: WorkspaceLock) throws -> StoreError? {
        do {
            try beforeSyncForTesting?()
            try journal.sync(written)
            // It covered every change left unsynced before it.
            lastUnsynced = nil
            unsyncedChanges = nil
            return nil
        } catch {
            let cut: Bool
            do {
                cut = try lock.whileWriting { journal.abandon(written, because: error) }
            } catch {
                cut = false
            }
            if cut { throw error }
            journal.stopWriting(because: error)
            return StoreError.readOnly(reason: "\(error); the change (sequence \(written.firstSequence)) stays in the journal, "
                + "since another process appended after it, but may be lost if the machine stops before the next sync")
        }
    }

    /// Journals transactions made against `model` as it is now. When another process has
    /// appended since, they were made against a stale model: nothing is written, the
    /// others' records are applied, and `StoreError.conflict` is thrown (decide again).
    @discardableResult
    public func commit(_ transactions: [Transaction]) throws -> UInt64 {
        let seen = lastSequence
        return try commit(deciding: { fresh in
            guard fresh.lastSequence == seen else {
                throw StoreError.conflict(expected: seen, actual: fresh.lastSequence)
            }
            return transactions
        })
    }

    @discardableResult
    public func commit(_ transaction: Transaction) throws -> UInt64 {
        try commit([transaction])
    }

    /// Reads and applies what other processes appended since this store last read,
    /// without writing or waiting for a writer (an append still in progress is read next
    /// time). Returns whether the model changed. While the store is still loading
    /// (`beginOpen`) it does nothing.
    @discardableResult
    public func refresh() throws -> Bool {
        guard lock != nil, loading == nil, loadingFailure == nil else { return false }
        let before = lastSequence
        try catchUp(repairing: false)
        return lastSequence != before
    }

    private func catchUp(repairing: Bool, followingSegments: Bool = true) throws {
        let records: [JournalRecord]
        do {
            records = try journal.catchUp(repairing: repairing, followingSegments: followingSegments)
        } catch is JournalBehind {
            try reloadFromNewestSnapshot()
            return
        }
        guard !records.isEmpty else { return }
        let transactions = try records.flatMap { record in try Self.decode(record, directory: directory).map { ($0, record.sequence) } }
        try applyAll(transactions)
    }

    /// Applies transactions read or committed. While orders and subscriptions are deferred,
    /// those the deferred subscriptions take in are kept for `loadDeferred`; anything else
    /// (applied to a model without them, a change to an order or subscription would be
    /// lost) reads them all first.
    private func applyAll(_ transactions: [(Transaction, UInt64)]) throws {
        if deferredSections.contains(.customers) && Self.namesCustomers(transactions.lazy.map(\.0)) { try loadDeferred() }
        if deferredSections.contains(.ordersAndSubscriptions) {
            if deferred?.subscriptions?.takeIn(transactions.lazy.map(\.0)) == true {
                deferred?.applied += transactions.map { (transaction: $0.0, sequence: $0.1) }
            } else {
                try loadDeferred()
            }
        }
        for (transaction, sequence) in transactions { apply(transaction, sequence: sequence) }
    }

    /// Every change to the whole model goes through here, so the next checkpoint knows what to check.
    private func apply(_ transaction: Transaction, sequence: UInt64) {
        sinceChecked.note(transaction, before: model)
        model.apply(transaction, sequence: sequence)
    }

    /// This store fell so far behind that another process's checkpoint deleted the journal
    /// segment it would read next: the model is read again from the newest snapshot.
    /// What the read found on the way (a snapshot passed over, the records replayed).
    @discardableResult
    private func reloadFromNewestSnapshot() throws -> StoreRecovery {
        guard let lock else { throw StoreError.readOnly(reason: Self.closedReason) }
        var read = try Self.readWithRetries(directory: directory, lock: lock)
        if let loading = read.loading {
            var timings = loading.timings
            var full = try Self.corruptIfMalformed(loading.snapshot) { try loading.model.finish(timings: &timings) }
            for (transaction, sequence) in loading.transactions { full.apply(transaction, sequence: sequence) }
            read.model = full
        }
        let listeners = journal.wakeUps
        journal = read.journal
        model = read.model
        // Read again without the open's check: the next checkpoint checks it whole.
        sinceChecked = .wholeModel
        deferred = nil
        listeners.wake(lastSequence: model.lastSequence)
        return read.recovery
    }

    /// Checkpoint on the calling thread (the CLI). The dashboard uses `startCheckpoint`.
    /// With `onlyIfDue`, a checkpoint another process has just taken (found once caught up)
    /// counts: nothing is written when the current segment is then below the threshold.
    @discardableResult
    public func checkpoint(onlyIfDue: Bool = false) throws -> CheckpointReport {
        guard let plan = try beginCheckpoint(onlyIfDue: onlyIfDue) else { return upToDate() }
        return try finishCheckpoint(plan, Result { try plan.writeSnapshot() })
    }

    /// Checkpoint for the dashboard, whose event loop must never wait: the model is
    /// frozen (a copy of a value) and a new journal segment started here; the snapshot is
    /// encoded and written on a background thread while commits go on, and the owner
    /// polls (`pollCheckpoint`), which deletes the covered segments once it is durable.
    /// Every step is safe to crash in. Returns false when there is nothing new to write
    /// or one is running already.
    @discardableResult
    public func startCheckpoint(onlyIfDue: Bool = false) throws -> Bool {
        guard job == nil, let plan = try beginCheckpoint(onlyIfDue: onlyIfDue) else { return false }
        job = CheckpointJob(plan: plan)
        return true
    }

    /// Finishes a checkpoint started by `startCheckpoint` once its snapshot is durable:
    /// the covered journal segments are deleted here, on the owner's thread. Nil while
    /// it is still being written (or when none was started).
    public func pollCheckpoint() throws -> CheckpointReport? {
        guard let job, let outcome = job.outcome else { return nil }
        self.job = nil
        return try finishCheckpoint(job.plan, outcome)
    }

    /// Blocks until a started checkpoint's snapshot is written; `pollCheckpoint` then
    /// finishes it. For an owner about to close, and for tests.
    public func waitUntilCheckpointWritten() {
        job?.wait()
    }

    /// The snapshot sections the open left unread: `model` has none of their records yet.
    public var deferredSections: DeferredSections { deferred?.model.deferring ?? [] }

    /// Reads the sections the open deferred (after waiting for the rest, as `finishLoading`),
    /// puts them in the model and checks their invariants; at once when there are none. Every
    /// change and checkpoint calls it first, so a decision or a snapshot always has the whole
    /// model. A section that does not parse, or breaks its invariants, is thrown, and the
    /// store refuses every change after (reads go on from what was read).
    public func loadDeferred() throws {
        try finishLoading()
        guard let deferred else { return }
        do {
            if deferred.model.deferring.contains(.ordersAndSubscriptions) { return try readWholeAgain(deferred) }
            let earlier = try Self.corruptIfMalformed(deferred.snapshot) { try deferred.model.decodeDeferredAuditLog() }
            model.prependAuditLog(earlier)
            self.deferred = nil
            let broken = model.auditLogViolations()
            guard broken.isEmpty else { throw StoreError.brokenInvariants(directory: directory, broken: broken) }
        } catch let damage as SnapshotSectionDamage {
            try readAgainPassingOver(damage)
        } catch {
            loadingFailure = error
            throw error
        }
    }

    /// Orders and subscriptions run through the model's indexes (each customer's
    /// subscriptions, the term ends), so they cannot be put in beside what was replayed: the
    /// snapshot's model is decoded again whole and every transaction applied since is applied
    /// to it again, which is what a whole open builds. The snapshot held every invariant (it
    /// is marked checked), so those transactions are checked as an open checks its replay.
    private func readWholeAgain(_ deferred: Deferred) throws {
        var timings = OpenTimings()
        var whole = try Self.corruptIfMalformed(deferred.snapshot) {
            var reader = deferred.snapshot.payloadReader()
            return try ModelCodec.beginDecodingModel(&reader, version: deferred.snapshot.formatVersion).finish(timings: &timings)
        }
        var replayed = ReplayFootprint()
        for (transaction, sequence) in deferred.applied {
            replayed.note(transaction, before: whole)
            whole.apply(transaction, sequence: sequence)
        }
        self.deferred = nil
        let broken = whole.invariantViolations(after: replayed, catalog: catalog)
        guard broken.isEmpty else { throw StoreError.brokenInvariants(directory: directory, broken: broken) }
        model = whole
        // Everything applied since the open was applied again here and checked on the whole
        // model: what was noted meanwhile, against a model without subscriptions, is covered.
        sinceChecked = ReplayFootprint()
    }

    /// Puts in the snapshot's customers of `partner` while the open left the customers
    /// unread (`DeferredSections.customers`): then `model` holds every customer that has a
    /// relationship with a partner asked for, and those only (so `customerList(visibleTo:
    /// sharedWith:)` for that reseller is the whole model's). Nothing when they were read.
    /// A damaged block reads the model again whole from a sound snapshot, as for any
    /// deferred section.
    public func loadCustomers(of partner: AccountID) throws {
        try finishLoading()
        guard let deferred, deferred.model.deferring.contains(.customers), !deferred.customerPartners.contains(partner) else { return }
        if try insertSnapshotCustomers({ try $0.decodeCustomers(of: partner) }) { self.deferred?.customerPartners.insert(partner) }
    }

    /// Puts in the snapshot's customers of these ids that the model lacks, while the customers
    /// are deferred: extra customers of the snapshot leave every list asked for as it was (a
    /// customer is in one only through a relationship with a partner asked for, whose
    /// customers are all in already).
    private func loadCustomers(_ ids: some Sequence<CustomerID>) throws {
        guard let deferred, deferred.model.deferring.contains(.customers) else { return }
        let missing = Set(ids.filter { model.customers[$0] == nil })
        guard !missing.isEmpty else { return }
        _ = try insertSnapshotCustomers { try $0.decodeCustomers(missing) }
    }

    /// Puts in the snapshot's subscriptions whose id `prefix` matches, and their customers,
    /// while the open left the orders and subscriptions unread: every subscription is then
    /// the snapshot's (a new one reads them all) or an update of one, which the model holds
    /// already, so `model.findSubscription` of the text that gave `prefix` finds what the
    /// whole model finds, and deciding that subscription's update needs nothing more
    /// (`commit(reading:deciding:)`). A snapshot written before format 11 does not say where
    /// they are: the model is read whole. A damaged block reads it again whole from a sound
    /// snapshot, as for any deferred section; a place holding another subscription is refused.
    public func loadSubscriptions(matching prefix: IdPrefix) throws {
        try finishLoading()
        guard let deferred, deferred.model.deferring.contains(.ordersAndSubscriptions) else { return }
        guard deferred.model.hasSubscriptionPlaces else { return try loadDeferred() }
        let read: [Subscription]
        do {
            read = try Self.corruptIfMalformed(deferred.snapshot) { try deferred.model.decodeSubscriptions(matching: prefix) }
        } catch let damage as SnapshotSectionDamage {
            return try readAgainPassingOver(damage)
        }
        model.insertSnapshotSubscriptions(read)
        try loadCustomers(read.lazy.map(\.customerId))
    }

    /// Puts in the customers `decode` reads from the deferred snapshot; false when a damaged
    /// block made the model be read again whole (from a sound snapshot), as for any deferred section.
    private func insertSnapshotCustomers(_ decode: (ModelLoading) throws -> [Customer]) throws -> Bool {
        guard let deferred else { return false }
        do {
            model.insertSnapshotCustomers(try Self.corruptIfMalformed(deferred.snapshot) { try decode(deferred.model) })
            return true
        } catch let damage as SnapshotSectionDamage {
            try readAgainPassingOver(damage)
            return false
        }
    }

    /// Reads the deferred orders and subscriptions when a term may have ended by `now`
    /// among them and the snapshot cannot say which (signing in records those first, rule
    /// 11): from version 7 it can (`termEndCandidates`); before, no live term ends before the
    /// snapshot's `SubscriptionSummary.earliestLiveTermEnd`, and nothing replayed since
    /// touched a subscription (a version 6 summary takes in no subscription update).
    public func loadDeferred(forTermEndsBy now: Date) throws {
        guard let deferred, deferred.model.deferring.contains(.ordersAndSubscriptions) else { return }
        // The term ends due are found without them (`termEndCandidates`).
        if deferred.subscriptions?.decidesTermEnds == true { return }
        // No live subscription at all (no earliest end): no term can end.
        if let summary = deferred.model.subscriptionSummary, summary.earliestLiveTermEnd.map({ now < $0 }) ?? true { return }
        try loadDeferred()
    }

    /// A customer's subscription tally (the Customers list's column): while the
    /// subscriptions are deferred, the snapshot's `SubscriptionSummary` with the updates
    /// taken in since (`DeferredSubscriptions`), else from the model.
    public func subscriptionTally(of customer: CustomerID) -> SubscriptionTally {
        if let subscriptions = deferred?.subscriptions { return subscriptions.tally(of: customer) }
        return model.subscriptionTally(of: customer)
    }

    /// Releases the open mark; later commits are refused.
    public func close() {
        // Changes left unsynced were never acknowledged; syncing them still spares them a
        // machine stop (and a failure here has nobody left to tell).
        try? syncDeferredChanges()
        lock?.release()
        lock = nil
    }

    // MARK: Private

    private var job: CheckpointJob?

    /// Takes `snapshot.lock` (none when another process is writing a snapshot: then this
    /// one is skipped), then under the write lock catches up and starts a new segment, so
    /// the snapshot covers exactly the segments before it.
    private func beginCheckpoint(onlyIfDue: Bool = false) throws -> CheckpointPlan? {
        guard let lock else { throw StoreError.readOnly(reason: Self.closedReason) }
        try loadDeferred()
        if let reason = readOnlyReason { throw StoreError.readOnly(reason: reason) }
        guard !isCheckpointRunning else { throw StoreError.invalidArgument("a checkpoint is already running") }
        guard let snapshotLock = try SnapshotLock.tryAcquire(directory: directory) else { return nil }
        let plan: CheckpointPlan? = try lock.whileWriting {
            try catchUp(repairing: true)
            if onlyIfDue && journal.currentSegmentBytes < checkpointThresholdBytes { return nil }
            let sequence = model.lastSequence
            // A snapshot file for this sequence (even a damaged one, which is never replaced) means nothing new to write.
            guard sequence > 0, !(try SnapshotFile.sequences(in: directory)).contains(where: { $0 >= sequence }) else {
                return nil
            }
            try journal.startNewSegment()
            // The frozen copy takes what it must check; what is applied from now on is the next one's.
            defer { sinceChecked = ReplayFootprint() }
            return CheckpointPlan(model: model, sequence: sequence, directory: directory, snapshotLock: snapshotLock,
                                  check: .invariants(catalog: catalog, since: sinceChecked))
        }
        if plan == nil { snapshotLock.release() }
        return plan
    }

    private func finishCheckpoint(_ plan: CheckpointPlan, _ outcome: Result<WrittenSnapshot, any Error>) throws -> CheckpointReport {
        defer { plan.snapshotLock?.release() }
        let written: WrittenSnapshot
        do {
            written = try outcome.get()
        } catch {
            keepUnchecked(plan)
            throw error
        }
        if !written.brokenInvariants.isEmpty { keepUnchecked(plan) }
        if let chunks = written.auditChunks {
            model.readAuditChunks(from: chunks, holding: chunks.count, writtenFrom: plan.model)
        }
        model.noteEncodedChunks(customers: written.customerChunks, orders: written.orderChunks,
                                subscriptions: written.subscriptionChunks, writtenFrom: plan.model)
        var deleted = 0
        // The journal is kept back to the fallback snapshot, so falling back to it loses nothing.
        // A process still reading an older segment reloads from the newest snapshot when it finds the next one gone.
        if let fallback = written.fallback, lock != nil {
            deleted = try journal.deleteSegments(coveredBy: fallback)
        }
        return CheckpointReport(sequence: plan.sequence, snapshotFile: written.file, deletedSegments: deleted,
                                brokenInvariants: written.brokenInvariants, invariantCheck: written.invariantCheck)
    }

    /// The frozen copy was not found sound (or not checked to the end): the live model's
    /// last check is still the one before it, so the next checkpoint checks its footprint too.
    private func keepUnchecked(_ plan: CheckpointPlan) {
        guard case .invariants(_, let frozen) = plan.check else { return }
        var footprint = frozen
        footprint.merge(sinceChecked)
        sinceChecked = footprint
    }

    private func upToDate() -> CheckpointReport {
        CheckpointReport(sequence: model.lastSequence, snapshotFile: nil, deletedSegments: 0)
    }

    /// A payload that passed its checksum but does not parse is damage in that file.
    private static func corruptIfMalformed<T>(_ snapshot: SnapshotFile, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let StoreError.malformed(offset, reason) {
            throw StoreError.corrupt(file: snapshot.path, offset: Int64(offset), reason: reason)
        }
    }

    static func decode(_ record: JournalRecord, directory: String) throws -> [Transaction] {
        do {
            return try ModelCodec.decodeTransactions(record)
        } catch let StoreError.malformed(offset, reason) {
            throw StoreError.corrupt(
                file: FileSystem.join(directory, "journal record \(record.sequence)"), offset: Int64(offset), reason: reason)
        }
    }

    /// The snapshot and the journal must meet: no record missing between them, none covered twice.
    static func checkJournalReaches(_ snapshotSequence: UInt64, journal: FileJournal) throws {
        try checkJournalReaches(snapshotSequence, first: journal.firstSequence, last: journal.lastSequence,
                                segmentFiles: journal.segmentFiles)
    }

    /// The journal must hold every record after the snapshot: none missing between them,
    /// and none the snapshot has that the journal lost. `open` refuses otherwise; `verify`
    /// reports it.
    static func checkJournalReaches(_ snapshotSequence: UInt64, first: UInt64, last: UInt64, segmentFiles: [String]) throws {
        guard first <= snapshotSequence &+ 1 else {
            throw StoreError.corrupt(
                file: segmentFiles[0], offset: 0,
                reason: "the journal starts at sequence \(first) but the newest usable snapshot covers only up to \(snapshotSequence): records \(snapshotSequence + 1)…\(first - 1) are missing")
        }
        guard last >= snapshotSequence else {
            throw StoreError.corrupt(
                file: segmentFiles[segmentFiles.count - 1], offset: 0,
                reason: "the journal ends at sequence \(last) but the snapshot covers up to \(snapshotSequence)")
        }
    }
}
