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
/// one whose checkpoints folded older records into a snapshot) cannot be copied into
/// PostgreSQL, whose journal always starts at 1; that is refused, naming the sequence.
public enum WorkspaceCopy {
    public struct Report: Sendable {
        public var records: Int
        public var lastSequence: UInt64
        public var modelDigest: String
        public var outboxMessages: Int
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
        guard journal.firstSequence == 1 else {
            throw StoreError.invalidArgument(
                "the journal of \(directory.path) starts at sequence \(journal.firstSequence): records 1…\(journal.firstSequence - 1) "
                + "live only in a snapshot (a workspace made by `gen`, or checkpointed), and a workspace in PostgreSQL starts "
                + "from a whole journal")
        }
        let records = journal.takeRecordsReadAtOpen().filter { $0.sequence <= sourceModel.lastSequence }
        guard records.count == Int(sourceModel.lastSequence) else {
            throw StoreError.invalidArgument("\(directory.path) changed while it was read; copy again")
        }
        let actors = try records.map { try ModelCodec.decodeTransaction($0).userPrincipalName }
        let store = try PostgresWorkspaceStore.create(conninfo: conninfo, workspace: workspace,
                                                      cacheDirectory: SharedWorkspace.cacheDirectory(environment), actor: "")
        store.close()
        if !records.isEmpty {
            let connection = try SharedWorkspace.connect(conninfo)
            let target = try PostgresJournal(connection: connection, workspace: workspace, actor: "")
            // One database transaction: all the records or none.
            _ = try target.append(records.map { JournalEntry(type: $0.type, payload: $0.payload) }, actors: actors,
                                  expectedLastSequence: 0)
        }
        let copied = try SharedWorkspace.open(location, catalog: catalog, environment: environment)
        defer { copied.close() }
        let digest = ModelDigest.hex(sourceModel)
        guard ModelDigest.hex(copied.model) == digest else {
            throw StoreError.invalidArgument("the copy in PostgreSQL reads back as a different model (digest "
                + "\(ModelDigest.hex(copied.model)), not \(digest))")
        }
        let mail = try copyOutbox(from: Outbox(workspace: directory), to: copied.outbox)
        return Report(records: records.count, lastSequence: sourceModel.lastSequence, modelDigest: digest, outboxMessages: mail)
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
        let journal = try FileJournal.create(directory: directory.path, firstSequence: 1)
        if !check.records.isEmpty {
            _ = try journal.append(check.records.map { JournalEntry(type: $0.record.type, payload: $0.record.payload) },
                                   expectedLastSequence: 0)
        }
        let copied = try WorkspaceStore.open(directory: directory.path)
        defer { copied.close() }
        let digest = ModelDigest.hex(sourceModel)
        guard ModelDigest.hex(copied.model) == digest else {
            throw StoreError.invalidArgument("the copy in \(directory.path) reads back as a different model")
        }
        let local = Outbox(workspace: DataLocation.localFilesDirectory(conninfo: conninfo, workspace: workspace, environment: environment))
        let mail = try copyOutbox(from: local, to: Outbox(workspace: directory))
        return Report(records: check.records.count, lastSequence: sourceModel.lastSequence, modelDigest: digest, outboxMessages: mail)
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
