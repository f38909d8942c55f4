import Foundation
import PartnerCore

/// Audit records (in snapshots) and audit entries (in transactions).
extension ModelCodec {
    static func write(_ a: AuditRecord, _ w: inout BinaryWriter) {
        w.writeVarUInt(a.sequence)
        write(a.operationDate, &w)
        w.writeString(a.userPrincipalName)
        write(a.accountId, &w)
        write(a.operationType, &w)
        w.writeString(a.resourceName)
        write(a.customerId, &w)
        w.writeString(a.oldValue)
        w.writeString(a.newValue)
        wire.operationStatuses.write(a.operationStatus, &w)
        w.writeArray(a.involvedAccounts) { write($1, &$0) }
    }

    /// Reads one record into the log being built, its value texts copied from the
    /// snapshot's bytes into the chunk's arena (no string of their own).
    static func readAuditRecord(_ r: inout BinaryReader, into log: inout AuditLog.Builder) throws {
        let sequence = try r.readVarUInt()
        let date = try readDate(&r)
        let principal = try r.readSharedString()
        let account = try readOptionalIdent(&r)
        let operation = try readOperationType(&r)
        // A customer's name, or its name and a subscription's: the same for all its records.
        let resource = try r.readSharedString()
        let customer = try readOptionalIdent(&r)
        let old = try r.readStringBytes()
        let new = try r.readStringBytes()
        let status = try wire.operationStatuses.read(&r)
        let fields = AuditRecord(
            sequence: sequence, operationDate: date, userPrincipalName: principal, accountId: account,
            operationType: operation, resourceName: resource, customerId: customer, oldValue: "", newValue: "",
            operationStatus: status, involvedAccounts: try readSharedIdents(&r))
        log.append(fields, oldValue: old, newValue: new)
    }

    static func readAuditRecord(_ r: inout BinaryReader) throws -> AuditRecord {
        var log = AuditLog.Builder()
        try readAuditRecord(&r, into: &log)
        return log.finish()[0]
    }

    static func write(_ a: AuditEntry, _ w: inout BinaryWriter) {
        write(a.operationType, &w)
        w.writeString(a.resourceName)
        write(a.customerId, &w)
        w.writeString(a.oldValue)
        w.writeString(a.newValue)
        w.writeArray(a.involvedAccounts) { write($1, &$0) }
    }

    static func readAuditEntry(_ r: inout BinaryReader) throws -> AuditEntry {
        AuditEntry(
            operationType: try readOperationType(&r), resourceName: try r.readString(),
            customerId: try readOptionalIdent(&r), oldValue: try r.readString(), newValue: try r.readString(),
            involvedAccounts: try r.readArray(readIdent))
    }

    @inline(__always) static func write(_ operation: OperationType, _ w: inout BinaryWriter) {
        wire.operationTypes.write(operation, &w)
    }

    @inline(__always) static func readOperationType(_ r: inout BinaryReader) throws -> OperationType {
        try wire.operationTypes.read(&r)
    }
}
