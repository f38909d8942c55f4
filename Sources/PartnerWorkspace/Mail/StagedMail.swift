import Foundation
import PartnerCore

/// Which committed change a message belongs to: its journal sequence and a fingerprint
/// of the record (date, user, operation, resource), so that a message staged for a
/// change that never committed is told apart from the change that later took the same
/// sequence number (another process's, or a retry after a PostgreSQL conflict).
public struct MailRecordKey: Equatable, Sendable {
    public var sequence: UInt64
    public var fingerprint: String

    public init(sequence: UInt64, transaction: Transaction) {
        self.init(sequence: sequence, date: transaction.date, user: transaction.userPrincipalName,
                  operation: transaction.audit.operationType, resource: transaction.audit.resourceName)
    }

    /// The key of a committed record, as the journal gave it back.
    public init(record: AuditRecord) {
        self.init(sequence: record.sequence, date: record.operationDate, user: record.userPrincipalName,
                  operation: record.operationType, resource: record.resourceName)
    }

    private init(sequence: UInt64, date: Date, user: String, operation: OperationType, resource: String) {
        self.sequence = sequence
        // The date's bit pattern: the journal keeps the Double exactly.
        let text = "\(sequence)\n\(date.timeIntervalSinceReferenceDate.bitPattern)\n\(user)\n\(operation.rawValue)\n\(resource)"
        fingerprint = String(Secrets.hash(text).prefix(16))
    }
}

/// A message written whole (and synced) under `outbox/.staging/` before its change is
/// journaled, waiting to be moved into the outbox once the change is committed.
/// Names: `<sequence, 20 digits>-<n>-<fingerprint>.eml` staged, `<sequence>-<n>.eml`
/// published, so the outbox sorts oldest first for as long as sequences do.
public struct StagedMail: Equatable, Sendable {
    public var key: MailRecordKey
    /// Which of the change's messages (1, 2, …).
    public var number: Int

    public var stagedName: String { "\(Self.padded(key.sequence))-\(number)-\(key.fingerprint).eml" }
    public var publishedName: String { "\(Self.padded(key.sequence))-\(number).eml" }

    static func padded(_ sequence: UInt64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}

extension StagedMail {
    /// The staged file's name read back; nil for anything else.
    public init?(stagedName name: String) {
        guard name.hasSuffix(".eml") else { return nil }
        let parts = name.dropLast(4).split(separator: "-")
        guard parts.count == 3, parts[0].count == 20, let sequence = UInt64(parts[0]), let number = Int(parts[1]),
              parts[2].count == 16, parts[2].allSatisfy(\.isHexDigit) else { return nil }
        key = MailRecordKey(sequence: sequence, fingerprint: String(parts[2]))
        self.number = number
    }
}

extension MailRecordKey {
    /// A key read from a staged file's name.
    init(sequence: UInt64, fingerprint: String) {
        self.sequence = sequence
        self.fingerprint = fingerprint
    }
}

extension PartnerModel {
    /// The audit record the journal gave `sequence`, if the model has it (binary search:
    /// the log is in sequence order); throws when its chunk cannot be read.
    func auditRecord(at sequence: UInt64) throws -> AuditRecord? {
        try auditLog.record(withSequence: sequence)
    }
}
