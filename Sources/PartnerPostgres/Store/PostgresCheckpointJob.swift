import Foundation
import PartnerCore
import PartnerStore

/// A checkpoint on a thread of its own, for an owner whose thread must never wait (the
/// dashboard's event loop): the model is a frozen copy (a value), encoded once, written to
/// the local cache, and stored in the database over a connection of the job's own (a
/// connection has one owner at a time). The owner polls.
final class PostgresCheckpointJob: @unchecked Sendable {
    let sequence: UInt64
    private let lock = NSLock()
    private let done = DispatchGroup()
    // Written once by the worker thread, read under the lock by the owner.
    private var result: Result<PostgresCheckpointReport, any Error>?

    init(model: PartnerModel, cache: PostgresSnapshotCache, conninfo: String?, workspace: String) {
        sequence = model.lastSequence
        done.enter()
        let thread = Thread { [self] in
            let outcome = Result {
                try Self.write(model: model, cache: cache, conninfo: conninfo, workspace: workspace)
            }
            lock.withLock { result = outcome }
            done.leave()
        }
        thread.name = "partnerdash-pg-checkpoint"
        thread.start()
    }

    /// Encodes `model` once; writes the local cache, then (with a conninfo: the role may)
    /// the database's snapshot unless one as new is there. A database that cannot be
    /// reached leaves `storedInDatabase` false: the cache is written all the same.
    static func write(model: PartnerModel, cache: PostgresSnapshotCache, conninfo: String?,
                      workspace: String) throws -> PostgresCheckpointReport {
        let sequence = model.lastSequence
        var report = PostgresCheckpointReport(sequence: sequence)
        guard sequence > 0 else { return report }
        let parts = try ModelCodec.encodeParts(model)
        report.cacheFile = try cache.store(payloadParts: parts, sequence: sequence, formatVersion: ModelCodec.currentVersion)
        guard let conninfo else { return report }
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(conninfo)
        } catch {
            return report
        }
        report.storedInDatabase = try store(parts, sequence: sequence, connection: connection, workspace: workspace)
        return report
    }

    /// Stores the snapshot unless the database has one as new; whether it did.
    static func store(_ parts: [[UInt8]], sequence: UInt64, connection: PostgresConnection, workspace: String) throws -> Bool {
        let snapshots = PostgresSnapshots(connection: connection, workspace: workspace)
        guard try snapshots.newestSequence() ?? 0 < sequence else { return false }
        try snapshots.store(SnapshotFile.encodedBytes(payloadParts: parts, sequence: sequence,
                                                      formatVersion: ModelCodec.currentVersion), covering: sequence)
        return true
    }

    /// Blocks until it is written (for an owner about to close, and tests).
    func wait() { done.wait() }

    /// The outcome once written (or failed); nil while it is being written.
    var outcome: Result<PostgresCheckpointReport, any Error>? {
        lock.withLock { result }
    }
}
