import Foundation
import PartnerCore
import PartnerStore

/// The workspace's `outbox/`: every email the program sends, as an RFC 5322 `.eml` file
/// (0600). A change's mail is part of its commit (docs/STORE.md › The outbox): it is
/// staged whole under `outbox/.staging/` before the change is journaled (a message that
/// cannot be staged refuses the change, so nothing is saved), and moved into the outbox
/// by a rename once the change is committed. A staged message outlives any crash, so
/// `settle` (on every open and before every write) publishes those of committed changes
/// and removes those of changes that never were. Nothing under the final name is ever
/// partial.
public struct Outbox: Sendable {
    public let directory: URL
    /// The file operations, replaceable to make one fail (tests, `PARTNERDASH_OUTBOX_FAULT`).
    public var files: any MailFiles = SystemMailFiles()

    public init(workspace: URL) {
        directory = workspace.appendingPathComponent("outbox", isDirectory: true)
    }

    public var stagingDirectory: URL { directory.appendingPathComponent(".staging", isDirectory: true) }

    /// Writes each message whole under `.staging/`, synced with its directory entry, for
    /// the change `key` names; their `Message-ID`s are random, so unique across workspaces.
    /// Thrown errors mean the change must not be committed.
    public func stage(_ mails: [OutgoingMail], for key: MailRecordKey, at date: Date) throws -> [StagedMail] {
        guard !mails.isEmpty else { return [] }
        do {
            try files.makeDirectory(directory.path)
            try files.makeDirectory(stagingDirectory.path)
            let staged = try mails.enumerated().map { index, mail in
                let item = StagedMail(key: key, number: index + 1)
                let text = mail.rfc5322(date: date, messageId: Self.messageId(for: item))
                try files.writeSynced(Array(text.utf8), to: stagedPath(item))
                return item
            }
            try files.syncDirectory(stagingDirectory.path)
            return staged
        } catch {
            // Nothing of a change that will not be committed stays, torn or whole.
            for number in mails.indices.map({ $0 + 1 }) { try? files.remove(stagedPath(StagedMail(key: key, number: number))) }
            throw MailNotStaged(reason: Self.reason(error))
        }
    }

    /// Moves staged messages into the outbox (rename, then the directory synced) and
    /// returns their files. One another process published first counts as published.
    @discardableResult
    public func publish(_ staged: [StagedMail]) throws -> [URL] {
        guard !staged.isEmpty else { return [] }
        let published = try staged.map { item in
            let final = directory.appendingPathComponent(item.publishedName)
            do {
                try files.rename(stagedPath(item), to: final.path)
            } catch {
                // Another process settling the outbox may have moved it first.
                let movedAlready = FileManager.default.fileExists(atPath: final.path)
                    && !FileManager.default.fileExists(atPath: stagedPath(item))
                guard movedAlready else { throw error }
            }
            return final
        }
        try files.syncDirectory(directory.path)
        return published
    }

    /// What a staged message became: published (its change is committed), removed (its
    /// change never was, and another took its sequence or, under the write lock, none
    /// did), or left (its change may still be committing: a sequence not read yet).
    public struct Settlement: Equatable, Sendable {
        public var published: [URL] = []
        public var removed = 0
        /// Why a committed change's message could not be moved into the outbox.
        public var failure: String?

        public init() {}
    }

    /// Publishes the staged messages of the changes `model` has committed and removes
    /// those of changes that never were. `holdingWriteLock`: no other process can be
    /// between staging and journaling, so a message beyond the last sequence is a dead
    /// writer's and goes too; without the lock it is left for later.
    @discardableResult
    public func settle(committed model: PartnerModel, holdingWriteLock: Bool) -> Settlement {
        var settlement = Settlement()
        var toPublish: [StagedMail] = []
        for item in stagedMail() {
            guard let committed = Self.isCommitted(item, in: model) else { continue }
            if committed {
                toPublish.append(item)
            } else if item.key.sequence <= model.lastSequence || holdingWriteLock,
                      (try? files.remove(stagedPath(item))) != nil {
                settlement.removed += 1
            }
        }
        do {
            settlement.published = try publish(toPublish)
        } catch {
            settlement.failure = Self.reason(error)
        }
        return settlement
    }

    /// The staged messages whose changes `model` has committed: mail not yet in the
    /// outbox (`partnerdash check` reports them; any open publishes them).
    public func unpublished(committed model: PartnerModel) -> [StagedMail] {
        stagedMail().filter { Self.isCommitted($0, in: model) ?? true }
    }

    /// Whether `model` committed the change `item` was staged for: its sequence is there
    /// and the audit record at it is the same change (a staged mail of a change that lost
    /// its sequence to another writer is not). Nil when the record's audit chunk cannot be
    /// read (its snapshot damaged after the open): not known, so the mail is neither
    /// published nor removed, and is listed as waiting.
    private static func isCommitted(_ item: StagedMail, in model: PartnerModel) -> Bool? {
        guard item.key.sequence <= model.lastSequence else { return false }
        do {
            return try model.auditRecord(at: item.key.sequence).map(MailRecordKey.init(record:)) == item.key
        } catch {
            return nil
        }
    }

    /// The messages in the outbox, oldest first.
    public func messages() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    func stagedMail() -> [StagedMail] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stagingDirectory.path)) ?? []
        return names.sorted().compactMap(StagedMail.init(stagedName:))
    }

    func stagedPath(_ item: StagedMail) -> String {
        stagingDirectory.appendingPathComponent(item.stagedName).path
    }

    /// `<sequence>.<n>.<128 random bits>`: from the system's cryptographic source, so no
    /// two workspaces (or copies of one) ever make the same.
    static func messageId(for item: StagedMail) -> String {
        var random = SystemRandomNumberGenerator()
        let bits = (0..<2).map { _ in String(random.next() as UInt64, radix: 16) }.joined(separator: "")
        return "\(item.key.sequence).\(item.number).\(bits)"
    }

    /// The system's words for what went wrong ("No space left on device"), without the
    /// store's wording of the call and its paths.
    public static func reason(_ error: any Error) -> String {
        if case StoreError.io(_, _, let code) = error, let text = strerror(code) { return String(cString: text) }
        return String(describing: error)
    }

    /// `yyyyMMddTHHmmss` in UTC (export file names).
    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss"
        return f.string(from: date)
    }
}

/// A change's email could not be staged, so the change was not saved.
public struct MailNotStaged: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public var description: String {
        "nothing was saved: the change's email could not be written to the outbox (\(reason)); try again once that is fixed"
    }
}

/// A change was saved but its email could not be moved into the outbox: it is kept
/// whole under `outbox/.staging/`, and the next open of the workspace writes it.
public struct MailNotWritten: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public var outbox: URL
    public var description: String {
        "the change is saved, but its email could not be written to \(outbox.path) (\(reason)); it is kept whole in "
            + "its .staging folder and is written the next time the workspace is opened (`partnerdash outbox write`)"
    }
}
