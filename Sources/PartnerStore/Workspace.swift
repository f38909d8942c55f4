import Foundation
import PartnerCore

/// One open workspace: the model in memory and every change made durable. The CLI and
/// the dashboard both go through `execute`, which is how a keystroke or a command line
/// becomes a journaled, applied, audited change.
public final class Workspace {
    public let directory: URL
    public let catalog: OfferCatalog
    public private(set) var model: PartnerModel
    public let outbox: Outbox
    /// The clock; tests and `gen` replace it.
    public var now: () -> Date = { Date() }
    /// Ids, tokens and passwords; tests replace it with a seeded source so
    /// screens that show a link render the same every run.
    public var fresh: any FreshValues = SecureFreshValues()
    let log: any TransactionLog

    init(directory: URL, catalog: OfferCatalog, log: any TransactionLog) throws {
        self.directory = directory
        self.catalog = catalog
        self.log = log
        self.outbox = Outbox(workspace: directory)
        self.model = try log.load()
    }

    /// The default data directory: `$PARTNERDASH_DATA`, else `$XDG_DATA_HOME/partnerdash`,
    /// else `~/.local/share/partnerdash`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["PARTNERDASH_DATA"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("partnerdash")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/partnerdash")
    }

    public static func exists(at directory: URL) -> Bool {
        JSONLinesTransactionLog.exists(in: directory)
    }

    /// Opens an existing workspace (taking the writer's lock).
    public static func open(at directory: URL, catalog: OfferCatalog) throws -> Workspace {
        guard exists(at: directory) else { throw WorkspaceError.missing(directory.path) }
        return try Workspace(directory: directory, catalog: catalog, log: JSONLinesTransactionLog(directory: directory))
    }

    /// Creates a workspace from the transactions of a built world (`init`, `demo`, `gen`)
    /// and delivers the mail they sent.
    public static func create(at directory: URL, catalog: OfferCatalog, from world: WorldBuilder) throws -> Workspace {
        guard !exists(at: directory) else { throw WorkspaceError.alreadyExists(directory.path) }
        try PrivateFiles.makeDirectory(directory)
        let log = try JSONLinesTransactionLog(directory: directory)
        let workspace = try Workspace(directory: directory, catalog: catalog, log: log)
        try workspace.commitAll(world.transactions)
        for (i, item) in world.outbox.enumerated() {
            try workspace.outbox.deliver(item.mail, at: item.date, id: String(format: "%04d", i))
        }
        return workspace
    }

    /// Decides `command` for `actor`, journals it (synced), applies it and delivers its mail.
    /// Returns only when the change is durable; on any error nothing is changed.
    @discardableResult
    public func execute(_ command: Command, as actor: Actor) throws -> Receipt {
        var context = CommandContext(now: now(), fresh: fresh, catalog: catalog)
        let decision = try model.decide(command, as: actor, context: &context)
        fresh = context.fresh
        try commit(decision.transaction)
        for mail in decision.receipt.mail {
            try outbox.deliver(mail, at: decision.transaction.date, id: "\(model.lastSequence)")
        }
        return decision.receipt
    }

    /// A fresh draft for the Draft email page; nothing is stored until `sendInvitation`.
    public func draftInvitation(to target: InvitationTarget, as actor: Actor) throws -> InvitationDraft {
        var context = CommandContext(now: now(), fresh: fresh, catalog: catalog)
        let draft = try model.draftInvitation(to: target, as: actor, context: &context)
        fresh = context.fresh
        return draft
    }

    func commit(_ transaction: Transaction) throws {
        let sequence = try log.append([transaction], expectedLastSequence: model.lastSequence)
        model.apply(transaction, sequence: sequence)
    }

    func commitAll(_ transactions: [Transaction]) throws {
        guard !transactions.isEmpty else { return }
        _ = try log.append(transactions, expectedLastSequence: model.lastSequence)
        for t in transactions { model.apply(t, sequence: model.lastSequence + 1) }
    }
}

public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case alreadyExists(String)

    public var description: String {
        switch self {
        case .missing(let path): return "no workspace at \(path) (create one with `partnerdash init` or `partnerdash demo`)"
        case .alreadyExists(let path): return "a workspace already exists at \(path)"
        }
    }
}

/// Where transactions are made durable.
protocol TransactionLog: AnyObject {
    func load() throws -> PartnerModel
    /// Appends after `expectedLastSequence`, synced; returns the last sequence written.
    func append(_ transactions: [Transaction], expectedLastSequence: UInt64) throws -> UInt64
}

/// Interim log (one JSON transaction per line) until the framed binary journal lands.
final class JSONLinesTransactionLog: TransactionLog {
    let url: URL

    static func exists(in directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("journal.jsonl").path)
    }

    init(directory: URL) throws {
        url = directory.appendingPathComponent("journal.jsonl")
        if !FileManager.default.fileExists(atPath: url.path) { try PrivateFiles.write(Data(), to: url) }
    }

    func load() throws -> PartnerModel {
        var model = PartnerModel()
        let data = try Data(contentsOf: url)
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            model.apply(try decoder.decode(Transaction.self, from: Data(line)), sequence: model.lastSequence + 1)
        }
        return model
    }

    func append(_ transactions: [Transaction], expectedLastSequence: UInt64) throws -> UInt64 {
        var data = (try? Data(contentsOf: url)) ?? Data()
        for t in transactions {
            data.append(try JSONEncoder().encode(t))
            data.append(UInt8(ascii: "\n"))
        }
        try PrivateFiles.write(data, to: url)
        return expectedLastSequence + UInt64(transactions.count)
    }
}
