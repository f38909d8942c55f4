import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore
import PartnerWorkspace

/// `partnerdash copy`: a workspace's journal copied record for record, in order, from a
/// directory into PostgreSQL or back, with its outbox. The copy starts empty and ends
/// with the same model (the same `ModelDigest`), checked before it returns.
///
/// A file workspace whose journal no longer starts at sequence 1 (one made by `gen`, or
/// one whose checkpoints folded older records into a snapshot) is copied as its newest
/// snapshot, the base row of the journal in PostgreSQL (`PostgresJournalBase`), then the
/// records after it; back in a directory, the base row is the snapshot again and the
/// journal starts after it.
public enum WorkspaceCopy {
    public struct Report: Sendable {
        public var records: Int
        public var lastSequence: UInt64
        public var modelDigest: String
        public var outboxMessages: Int
        /// The sequence of the snapshot the copy starts from, when the source's journal no
        /// longer starts at 1 (`records` are the ones after it).
        public var baseSnapshot: UInt64?
    }

    /// File → PostgreSQL. The directory is read without a lock (as `check` reads it); the
    /// database workspace must not exist yet and is created by this role ('*').
    public static func fileToPostgres(directory: URL, to location: DataLocation, catalog: OfferCatalog,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Report {
        guard case .postgres(let conninfo, let workspace) = location else {
            throw StoreError.invalidArgument("--to must be a postgresql:// URI")
        }
        let files = WorkspaceStore.verify(directory: directory.path)
        guard files.isHealthy, let sourceModel = files.model else {
            throw StoreError.invalidArgument("\(directory.path) is not a sound workspace (run `partnerdash check --data \(directory.path)`): "
                + files.problems.joined(separator: "; "))
        }
        let journal = try FileJournal(directory: directory.path, keepingRecordsAfter: 0, repairing: false)
        // Records 1…firstSequence-1 live only in a snapshot: it goes first, as the base row.
        let base = journal.firstSequence > 1 ? try baseSnapshot(of: directory, journalStart: journal.firstSequence) : nil
        let after = base?.sequence ?? 0
        let records = journal.takeRecordsReadAtOpen().filter { $0.sequence > after && $0.sequence <= sourceModel.lastSequence }
        guard records.count == Int(sourceModel.lastSequence - after) else {
            throw StoreError.invalidArgument("\(directory.path) changed while it was read; copy again")
        }
        // A record's transactions are one user's (`ModelCodec.decodeTransactions` checks it).
        let actors = try records.map { try ModelCodec.decodeTransactions($0)[0].userPrincipalName }
        let store = try PostgresWorkspaceStore.create(conninfo: conninfo, workspace: workspace,
                                                      cacheDirectory: SharedWorkspace.cacheDirectory(environment), actor: "")
        store.close()
        let entries = records.map { JournalEntry(type: $0.type, payload: $0.payload) }
        let connection = try SharedWorkspace.connect(conninfo)
        let target = try PostgresJournal(connection: connection, workspace: workspace, actor: "")
        if let base {
            // The snapshot and the records after it in one database transaction: all of them or none.
            try PostgresJournalBase.start(target, connection: connection, snapshot: base.bytes, sequence: base.sequence,
                                          records: entries, actors: actors)
        } else if !records.isEmpty {
            // One database transaction: all the records or none.
            _ = try target.append(entries, actors: actors, expectedLastSequence: 0)
        }
        let copied = try SharedWorkspace.open(location, catalog: catalog, environment: environment)
        defer { copied.close() }
        let digest = try ModelDigest.hex(sourceModel)
        guard try ModelDigest.hex(copied.model) == digest else {
            throw StoreError.invalidArgument("the copy in PostgreSQL reads back as a different model (digest "
                + "\(try ModelDigest.hex(copied.model)), not \(digest))")
        }
        let mail = try copyOutbox(from: Outbox(workspace: directory), to: copied.outbox)
        return Report(records: records.count, lastSequence: sourceModel.lastSequence, modelDigest: digest, outboxMessages: mail,
                      baseSnapshot: base?.sequence)
    }

    /// The newest sound snapshot of a directory whose journal starts at `journalStart`, as
    /// a whole snapshot file's bytes; it must reach the journal (cover `journalStart - 1`).
    static func baseSnapshot(of directory: URL, journalStart: UInt64) throws -> (sequence: UInt64, bytes: [UInt8]) {
        let load = try SnapshotFile.loadNewest(directory: directory.path, readableVersions: ModelCodec.readableVersions)
        guard let snapshot = load.snapshot, snapshot.sequence >= journalStart - 1 else {
            throw StoreError.invalidArgument("the journal of \(directory.path) starts at sequence \(journalStart) and no sound "
                + "snapshot covers the records before it (run `partnerdash check --data \(directory.path)`)")
        }
        let bytes = SnapshotFile.encodedBytes(payloadParts: [try snapshot.payload], sequence: snapshot.sequence,
                                              formatVersion: snapshot.formatVersion)
        return (snapshot.sequence, bytes)
    }

    /// PostgreSQL → file: the rows are checked as `check` checks them, then written through
    /// `FileJournal` into `directory` (which the caller stages: it must hold no workspace).
    public static func postgresToFile(from location: DataLocation, directory: URL, catalog: OfferCatalog,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Report {
        guard case .postgres(let conninfo, let workspace) = location else {
            throw StoreError.invalidArgument("--from must be a postgresql:// URI")
        }
        let check = try PostgresWorkspaceCheck.run(conninfo: conninfo, workspace: workspace)
        guard check.isHealthy, let sourceModel = check.model else {
            throw StoreError.invalidArgument("\(location) is not sound (run `partnerdash check --data …`): "
                + check.problems.joined(separator: "; "))
        }
        try PrivateFiles.makeDirectory(directory)
        var rows = check.records[...]
        var after: UInt64 = 0
        if let base = check.baseSequence, let first = rows.first {
            // The base row becomes the directory's snapshot, and the journal starts after it (as `gen` makes one).
            let snapshot = try SnapshotFile.read(bytes: first.record.payload, source: "base snapshot",
                                                 readableVersions: ModelCodec.readableVersions)
            try SnapshotFile.write(payload: try snapshot.payload, sequence: base, formatVersion: snapshot.formatVersion,
                                   directory: directory.path)
            rows = rows.dropFirst()
            after = base
        }
        let journal = try FileJournal.create(directory: directory.path, firstSequence: after + 1)
        if !rows.isEmpty {
            _ = try journal.append(rows.map { JournalEntry(type: $0.record.type, payload: $0.record.payload) },
                                   expectedLastSequence: after)
        }
        let copied = try WorkspaceStore.open(directory: directory.path)
        defer { copied.close() }
        let digest = try ModelDigest.hex(sourceModel)
        guard try ModelDigest.hex(copied.model) == digest else {
            throw StoreError.invalidArgument("the copy in \(directory.path) reads back as a different model")
        }
        let local = Outbox(workspace: DataLocation.localFilesDirectory(conninfo: conninfo, workspace: workspace, environment: environment))
        let mail = try copyOutbox(from: local, to: Outbox(workspace: directory))
        return Report(records: rows.count, lastSequence: sourceModel.lastSequence, modelDigest: digest, outboxMessages: mail,
                      baseSnapshot: check.baseSequence)
    }

    /// The `.eml` files the target's outbox lacks, copied (0600).
    static func copyOutbox(from source: Outbox, to target: Outbox) throws -> Int {
        let messages = source.messages()
        guard !messages.isEmpty else { return 0 }
        try PrivateFiles.makeDirectory(target.directory)
        var copied = 0
        for file in messages {
            let destination = target.directory.appendingPathComponent(file.lastPathComponent)
            guard !FileManager.default.fileExists(atPath: destination.path) else { continue }
            try PrivateFiles.write(try Data(contentsOf: file), to: destination)
            copied += 1
        }
        return copied
    }
}
