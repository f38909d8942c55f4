import PartnerCore

/// The part of a checkpoint that may run on another thread: everything in it
/// is a value, so the live model can keep changing meanwhile.
struct CheckpointPlan: Sendable {
    var model: PartnerModel
    var sequence: UInt64
    var directory: String
    /// Held from the plan until the covered segments are deleted: one snapshot writer at a time.
    /// Nil only for a workspace being created, which nobody else can have open yet.
    var snapshotLock: SnapshotLock? = nil
    /// Whether the snapshot checks the model first and marks it checked when it holds
    /// (`ModelCheckMark`), and against which catalog. Unmarked, every open checks it whole.
    var check: Check = .none

    enum Check: Sendable {
        case none
        /// `since`: what was applied to the model since it last held every invariant as
        /// checked against this catalog (`ReplayFootprint`); by default, not known (the whole check).
        case invariants(catalog: OfferCatalog?, since: ReplayFootprint = .wholeModel)
    }

    /// Checks the model if asked (on this thread, lowered or not as the caller is), encodes
    /// and durably writes the snapshot, then prunes older ones. Returns the file written,
    /// the sequence of the fallback snapshot kept, and the invariants the model broke (then
    /// the snapshot is written unmarked: see `ModelCheckMark`).
    /// `inBackground`: encoded on lowered threads (`BackgroundThreads`), for a caller that
    /// is itself such a thread, so the owner's thread is never the one that waits for a core.
    func writeSnapshot(inBackground: Bool = false) throws -> WrittenSnapshot {
        let (mark, broken, scope) = checked(inBackground: inBackground)
        let encoded = try ModelSections.encodePieces(model, inBackground: inBackground, mark: mark)
        let (file, table) = try SnapshotFile.write(
            pieces: encoded.pieces, sequence: sequence, formatVersion: ModelCodec.currentVersion, directory: directory)
        // Only lets the older file go sooner: a file that cannot be opened again leaves the
        // chunks reading from where they are, and the snapshot is durable all the same.
        let written = table.flatMap { try? SnapshotFile.openWritten(file, table: $0, pieces: encoded.pieces) }
        let fallback = try SnapshotFile.prune(
            directory: directory, newest: sequence, readableVersions: ModelCodec.readableVersions)
        return WrittenSnapshot(file: file, fallback: fallback, brokenInvariants: broken, invariantCheck: scope,
                               auditChunks: written.flatMap { Self.auditChunks(encoded, in: $0) },
                               customerChunks: written.map { Self.chunks(encoded.customerChunks, ModelSections.customersSection, in: $0) } ?? [],
                               orderChunks: written.map { Self.chunks(encoded.orderChunks, ModelSections.ordersSection, in: $0) } ?? [],
                               subscriptionChunks: written.map {
                                   Self.chunks(encoded.subscriptionChunks, ModelSections.subscriptionsSection, in: $0)
                               } ?? [])
    }

    /// The full audit chunks as the file just written holds them, read from it from now on
    /// (`WorkspaceStore` moves the live model's cold chunks there, so the file they were
    /// read from can go once it is pruned); nil when it holds none.
    private static func auditChunks(_ encoded: ModelSections.EncodedPieces, in file: SnapshotSectionReads) -> SnapshotAuditChunks? {
        guard !encoded.auditChunks.isEmpty else { return nil }
        let start = file.table.entries[ModelSections.auditLogSection].range.lowerBound
        return SnapshotAuditChunks(file: file, ranges: encoded.auditChunks.map { start + $0.lowerBound..<start + $0.upperBound })
    }

    /// A table's chunks as the file just written holds them, for the next snapshot to copy
    /// (`WorkspaceStore` notes them on the live model's chunks it still shares with the frozen copy).
    private static func chunks(_ places: [EncodedChunkBytes.Place?], _ section: Int,
                               in file: SnapshotSectionReads) -> [(any EncodedChunk)?] {
        let start = file.table.entries[section].range.lowerBound
        return places.map { $0?.inFile(file, sectionStart: start) }
    }

    /// A model that breaks an invariant is still written, unmarked: it bounds the journal
    /// every open replays, and every open then checks it whole and refuses it, as it
    /// refused it before (such a model can only come from a rule's bug or a catalog that
    /// changed under the workspace, never through an open).
    private func checked(inBackground: Bool) -> (ModelCheckMark, [String], InvariantCheck?) {
        guard case .invariants(let catalog, let footprint) = check else { return (.unchecked, [], nil) }
        let clock = ContinuousClock()
        let start = clock.now
        let broken = model.invariantViolations(after: footprint, catalog: catalog, inParallel: !inBackground)
        let done = InvariantCheck(scope: footprint.needsWholeCheck ? .wholeModel : .replayedRecords,
                                  transactions: footprint.auditRecords, duration: clock.now - start)
        return (broken.isEmpty ? .checked(with: catalog) : .unchecked, broken, done)
    }
}

/// What writing a snapshot left: its file, the older snapshot kept as the fallback, and
/// the invariants the model broke (empty when the snapshot is marked checked or unchecked by choice).
struct WrittenSnapshot: Sendable {
    var file: String
    var fallback: UInt64?
    var brokenInvariants: [String] = []
    var invariantCheck: InvariantCheck?
    /// The full audit chunks in the file written, chunk `i` the log's `i`-th (nil when none).
    var auditChunks: SnapshotAuditChunks?
    /// Where the file written holds each customer, order and subscription chunk of the model written.
    var customerChunks: [(any EncodedChunk)?] = []
    var orderChunks: [(any EncodedChunk)?] = []
    var subscriptionChunks: [(any EncodedChunk)?] = []
}
