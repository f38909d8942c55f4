import Foundation
import PartnerCore

/// The audit log section from format 9: each full chunk of 1,024 records as the model
/// holds it (`AuditChunk`: its tables of distinct principals, accounts, resources,
/// customers and partner lists, its text arena, and a fixed-width row per record), then
/// the records after the last full chunk one by one, as format 8 wrote every record.
///
///     count (varint, every record) | full chunks (varint, count / 1,024)
///     | per chunk: text (varint length, bytes) | principals (strings) | accounts (optional ids)
///       | resources (strings) | customers (optional ids) | partner lists (id lists)
///       | 1,024 rows: sequence UInt64, date Double, text start, old length, new length (UInt32
///         each), principal, account, resource, customer, partner list (UInt16 each: table
///         indexes), operation and status (their wire numbers, one byte each)
///     | the rest, record by record (`write(_: AuditRecord)`)
///
/// Writing a chunk copies its arrays rather than making and writing 1,024 records (two
/// strings and a list each), and reading one fills its arrays without a string per value
/// text; the section is about a fifth smaller (111 → 86 MB at 200k), since each chunk
/// names a repeated principal, resource or partner list once. A chunk is immutable once
/// full, so its bytes are the same in every snapshot that holds it.
extension ModelCodec {
    /// The first snapshot format whose audit log section is written by chunk.
    static let chunkedAuditVersion: UInt32 = 9

    static func writeAuditLog(_ log: AuditLog, _ w: inout BinaryWriter) {
        w.writeVarUInt(UInt64(log.count))
        let chunks = log.compactChunks
        w.writeVarUInt(UInt64(chunks.count))
        for chunk in chunks { write(chunk, &w) }
        for record in log.recordsAfterChunks { write(record, &w) }
    }

    static func readAuditLog(_ r: inout BinaryReader) throws -> AuditLog {
        let count = try r.readCount("audit record count")
        let at = r.offset
        let chunks = try r.readCount("audit chunk count")
        guard chunks == count / AuditChunk.capacity else {
            throw StoreError.malformed(offset: at, reason: "\(chunks) full audit chunks for \(count) records")
        }
        var log = AuditLog.Builder()
        log.reserveCapacity(count)
        for _ in 0..<chunks {
            log.append(try readAuditChunk(&r))
            r.releaseRead()
        }
        for _ in 0..<(count - chunks * AuditChunk.capacity) {
            try readAuditRecord(&r, into: &log)
            r.releaseRead()
        }
        return log.finish()
    }

    private static func write(_ chunk: AuditChunk, _ w: inout BinaryWriter) {
        w.writeBytes(chunk.text)
        w.writeArray(chunk.principals) { $0.writeString($1) }
        w.writeArray(chunk.accounts) { write($1, &$0) }
        w.writeArray(chunk.resources) { $0.writeString($1) }
        w.writeArray(chunk.customers) { write($1, &$0) }
        w.writeArray(chunk.involved) { w, ids in w.writeArray(ids) { write($1, &$0) } }
        for row in chunk.rows {
            w.writeUInt64(row.sequence)
            w.writeDouble(row.date)
            w.writeUInt32(row.textStart)
            w.writeUInt32(row.oldLength)
            w.writeUInt32(row.newLength)
            writeIndex(row.principal, &w)
            writeIndex(row.account, &w)
            writeIndex(row.resource, &w)
            writeIndex(row.customer, &w)
            writeIndex(row.involved, &w)
            wire.operationTypes.write(AuditChunk.operations.value(row.operation), &w)
            wire.operationStatuses.write(AuditChunk.statuses.value(row.status), &w)
        }
    }

    private static func readAuditChunk(_ r: inout BinaryReader) throws -> AuditChunk {
        let at = r.offset
        let text = try r.readBytes()
        let principals = try r.readArray { try $0.readSharedString() }
        let accounts = try r.readArray(readOptionalIdent)
        let resources = try r.readArray { try $0.readSharedString() }
        let customers = try r.readArray(readOptionalIdent)
        let involved = try r.readArray(readSharedIdents)
        var rows: [AuditChunk.Row] = []
        rows.reserveCapacity(AuditChunk.capacity)
        for _ in 0..<AuditChunk.capacity {
            let sequence = try r.readUInt64(), date = try r.readDouble()
            let textStart = try r.readUInt32(), oldLength = try r.readUInt32(), newLength = try r.readUInt32()
            let principal = try readIndex(&r), account = try readIndex(&r), resource = try readIndex(&r)
            let customer = try readIndex(&r), partners = try readIndex(&r)
            let operation = AuditChunk.operations.byte(try wire.operationTypes.read(&r))
            let status = AuditChunk.statuses.byte(try wire.operationStatuses.read(&r))
            rows.append(AuditChunk.Row(
                sequence: sequence, date: date, textStart: textStart, oldLength: oldLength, newLength: newLength,
                principal: principal, account: account, resource: resource, customer: customer, involved: partners,
                operation: operation, status: status))
        }
        guard let chunk = AuditChunk(rows: rows, text: text, principals: principals, accounts: accounts, resources: resources,
                                     customers: customers, involved: involved) else {
            throw StoreError.malformed(offset: at, reason: "an audit chunk's row names a table entry or text it does not hold")
        }
        return chunk
    }

    /// A table index, little-endian (no array per row: the snapshot's encode writes 465,000 rows at 200k).
    private static func writeIndex(_ index: UInt16, _ w: inout BinaryWriter) {
        w.writeUInt8(UInt8(truncatingIfNeeded: index))
        w.writeUInt8(UInt8(truncatingIfNeeded: index >> 8))
    }

    private static func readIndex(_ r: inout BinaryReader) throws -> UInt16 {
        let low = try r.readUInt8(), high = try r.readUInt8()
        return UInt16(low) | UInt16(high) << 8
    }
}
