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

    /// The section (after its length prefix) as bytes; a chunk left cold in a snapshot file
    /// is read from it (checked), neither decoded nor encoded again.
    static func writeAuditLog(_ log: AuditLog, _ w: inout BinaryWriter) throws {
        for piece in try auditLogPieces(log).pieces { w.writeRaw(try piece.materialized()) }
    }

    /// The section (after its length prefix) as a checkpoint writes it: each run of cold
    /// chunks lying end to end in one snapshot file is copied from there as it lies
    /// (`SnapshotPiece.copied`), neither read nor decoded; the other chunks and the records
    /// after them are encoded. With where each full chunk lies, counted from the first
    /// piece's start. A cold chunk of another source (none a store makes) is read and encoded.
    static func auditLogPieces(_ log: AuditLog) throws -> (pieces: [SnapshotPiece], chunks: [Range<Int>]) {
        var out = PieceWriter()
        out.encode { w in
            w.writeVarUInt(UInt64(log.count))
            w.writeVarUInt(UInt64(log.fullChunks.count))
        }
        var chunks: [Range<Int>] = []
        for full in log.fullChunks {
            let start = out.count
            switch full {
            case .held(let chunk): out.encode { write(chunk, &$0) }
            case .cold(let cold):
                if let file = cold.source as? SnapshotAuditChunks {
                    out.copy(file.range(of: cold.index), of: file.file)
                } else {
                    let chunk = try cold.source.chunk(cold.index)
                    out.encode { write(chunk, &$0) }
                }
            }
            chunks.append(start..<out.count)
        }
        out.encode { w in for record in log.recordsAfterChunks { write(record, &w) } }
        return (out.finish(), chunks)
    }

    /// Pieces made one after another: encoded bytes, and runs of bytes copied from a file,
    /// a range that continues the run before it in the same file joining it.
    private struct PieceWriter {
        private var pieces: [SnapshotPiece] = []
        private var writer = BinaryWriter(capacity: 1 << 16)
        private var finished = 0
        /// Open while no byte has been encoded after it.
        private var run: CopiedBytes?

        /// Bytes so far.
        var count: Int { finished + (run?.range.count ?? 0) + writer.count }

        mutating func copy(_ range: Range<Int>, of source: SnapshotSectionReads) {
            if let open = run, open.source === source, open.range.upperBound == range.lowerBound {
                run = CopiedBytes(source: source, range: open.range.lowerBound..<range.upperBound)
                return
            }
            closeRun()
            closeBytes()
            run = CopiedBytes(source: source, range: range)
        }

        mutating func encode(_ body: (inout BinaryWriter) -> Void) {
            closeRun()
            body(&writer)
        }

        consuming func finish() -> [SnapshotPiece] {
            closeRun()
            closeBytes()
            return pieces
        }

        private mutating func closeRun() {
            guard let open = run else { return }
            pieces.append(.copied(open))
            finished += open.range.count
            run = nil
        }

        private mutating func closeBytes() {
            guard writer.count > 0 else { return }
            let done = writer
            writer = BinaryWriter(capacity: 1 << 16)
            finished += done.count
            pieces.append(.bytes(done.finish()))
        }
    }

    static func readAuditLog(_ r: inout BinaryReader) throws -> AuditLog {
        let (count, chunks) = try readAuditCounts(&r)
        var log = AuditLog.Builder()
        log.reserveCapacity(count)
        for _ in 0..<chunks {
            log.append(try readAuditChunk(&r))
            r.releaseRead()
        }
        try readRecordsAfterChunks(&r, count - chunks * AuditChunk.capacity, into: &log)
        return log.finish()
    }

    /// The section at `section` of a snapshot file read on demand (`file`), its full chunks
    /// left there, cold: only what `ColdAuditChunk` keeps is read from their bytes, which
    /// are checked (every block, as they are read) but not decoded. The section is read
    /// (and with `releasing`, given back) a window at a time, so the open never holds it
    /// whole: at 200k it is 82 MiB, 430 bytes a customer at the open's peak.
    static func readColdAuditLog(section: Range<Int>, of bytes: BinaryReader, file: SnapshotSectionReads,
                                 releasing: Bool) throws -> AuditLog {
        let window = SectionWindow(section)
        let counts = try window.read(from: section.lowerBound, of: bytes) { r in try readAuditCounts(&r) }
        var at = counts.end
        var ranges: [Range<Int>] = []
        var summaries: [ChunkSummary] = []
        let numbering = NamedAccounts.Numbering()
        var named: [AccountID] = []
        for _ in 0..<counts.value.chunks {
            let read = try window.read(from: at, of: bytes) { r in try summarizeAuditChunk(&r, numbering: numbering, named: &named) }
            summaries.append(read.value)
            ranges.append(at..<read.end)
            at = read.end
            if releasing { bytes.buffer.release(section.lowerBound..<at) }
        }
        let chunks = SnapshotAuditChunks(file: file, ranges: ranges)
        var log = AuditLog.Builder()
        for (index, summary) in summaries.enumerated() {
            log.append(cold: ColdAuditChunk(source: chunks, index: index, accounts: summary.accounts,
                                            firstSequence: summary.first, lastSequence: summary.last,
                                            descents: summary.descents))
        }
        // The records after the chunks: fewer than 1,024, decoded as before.
        try bytes.buffer.load(at..<section.upperBound)
        var rest = bytes.window(at, section.upperBound)
        try readRecordsAfterChunks(&rest, counts.value.count - counts.value.chunks * AuditChunk.capacity, into: &log)
        try rest.expectEnd("the audit log section")
        if releasing { bytes.buffer.release(section) }
        return log.finish()
    }

    /// The record count and the number of full chunks, which must agree.
    private static func readAuditCounts(_ r: inout BinaryReader) throws -> (count: Int, chunks: Int) {
        let count = try r.readCount("audit record count")
        let at = r.offset
        let chunks = try r.readCount("audit chunk count")
        guard chunks == count / AuditChunk.capacity else {
            throw StoreError.malformed(offset: at, reason: "\(chunks) full audit chunks for \(count) records")
        }
        return (count, chunks)
    }

    private static func readRecordsAfterChunks(_ r: inout BinaryReader, _ records: Int, into log: inout AuditLog.Builder) throws {
        for _ in 0..<records {
            try readAuditRecord(&r, into: &log)
            r.releaseRead()
        }
    }

    struct ChunkSummary {
        var accounts: NamedAccounts
        var first: UInt64
        var last: UInt64
        var descents: [ColdAuditChunk.Descent]
    }

    /// Reads past a chunk, keeping what `ColdAuditChunk` holds, and refuses what
    /// `readAuditChunk` would refuse (a row naming a table entry, a text or a case the
    /// chunk does not hold), so a chunk left cold is one that reads. The accounts are
    /// gathered in `named` (scratch the caller keeps from chunk to chunk) without making or
    /// interning a list per entry, and the rows are checked in place (`AuditRowRun`); only a
    /// run that fails there is read again row by row, for the same error as before.
    static func summarizeAuditChunk(_ r: inout BinaryReader, numbering: NamedAccounts.Numbering,
                                    named: inout [AccountID]) throws -> ChunkSummary {
        let at = r.offset
        let text = try r.readCount("byte string length")
        try r.skip(text)
        let principals = try skipStrings(&r)
        named.removeAll(keepingCapacity: true)
        let accounts = try readOptionalIdents(&r) { named.append($0) }
        let resources = try skipStrings(&r)
        let customers = try readOptionalIdents(&r)
        let involved = try readIdentLists(&r, into: &named)
        let tables = AuditRowRun.Tables(text: text, principals: principals, accounts: accounts, resources: resources,
                                        customers: customers, involved: involved)
        let rows = r.offset
        if let run = r.peekBytes(AuditRowRun.byteCount), let summary = AuditRowRun(run).summary(within: tables) {
            try r.skip(AuditRowRun.byteCount)
            return ChunkSummary(accounts: NamedAccounts(named, numbering: numbering), first: summary.first,
                                last: summary.last, descents: summary.descents)
        }
        try r.seek(to: rows)
        var first: UInt64 = 0, previous: UInt64 = 0
        var descents: [ColdAuditChunk.Descent] = []
        for position in 0..<AuditChunk.capacity {
            let row = try readAuditRow(&r)
            guard row.fits(text: text, principals: principals, accounts: accounts, resources: resources,
                           customers: customers, involved: involved) else {
                throw StoreError.malformed(offset: at, reason: Self.rowOutsideItsChunk)
            }
            let sequence = row.sequence
            if position == 0 { first = sequence }
            if position > 0 && previous > sequence {
                descents.append(ColdAuditChunk.Descent(position: position, earlier: previous, later: sequence))
            }
            previous = sequence
        }
        return ChunkSummary(accounts: NamedAccounts(named, numbering: numbering), first: first, last: previous,
                            descents: descents)
    }

    /// Reads a list of optional ids as `readArray(readOptionalIdent)` does (the same bytes,
    /// the same errors), handing each id present to `each`; returns the list's length.
    private static func readOptionalIdents(_ r: inout BinaryReader, _ each: (AccountID) -> Void = { _ in }) throws -> Int {
        let count = try r.readCount("array count")
        for _ in 0..<count {
            if let id = try readOptionalIdent(&r) { each(id) }
        }
        return count
    }

    /// Reads a list of id lists as `readArray(readSharedIdents)` does (the same bytes, the
    /// same errors), appending every id to `ids` and keeping no list; returns how many lists.
    private static func readIdentLists(_ r: inout BinaryReader, into ids: inout [AccountID]) throws -> Int {
        let lists = try r.readCount("array count")
        for _ in 0..<lists {
            let count = try r.readCount("array count")
            for _ in 0..<count { ids.append(try readIdent(&r)) }
        }
        return lists
    }

    /// Reads past a list of strings; returns how many.
    private static func skipStrings(_ r: inout BinaryReader) throws -> Int {
        let count = try r.readCount("array count")
        for _ in 0..<count { try r.skip(try r.readCount("string length")) }
        return count
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

    static func readAuditChunk(_ r: inout BinaryReader) throws -> AuditChunk {
        let at = r.offset
        let text = try r.readBytes()
        let principals = try r.readArray { try $0.readSharedString() }
        let accounts = try r.readArray(readOptionalIdent)
        let resources = try r.readArray { try $0.readSharedString() }
        let customers = try r.readArray(readOptionalIdent)
        let involved = try r.readArray(readSharedIdents)
        var rows: [AuditChunk.Row] = []
        rows.reserveCapacity(AuditChunk.capacity)
        for _ in 0..<AuditChunk.capacity { rows.append(try readAuditRow(&r)) }
        guard let chunk = AuditChunk(rows: rows, text: text, principals: principals, accounts: accounts, resources: resources,
                                     customers: customers, involved: involved) else {
            throw StoreError.malformed(offset: at, reason: rowOutsideItsChunk)
        }
        return chunk
    }

    private static let rowOutsideItsChunk = "an audit chunk's row names a table entry or text it does not hold"

    /// One row as `write(_:_:)` wrote it (read whole, or only summarized for a chunk left cold).
    private static func readAuditRow(_ r: inout BinaryReader) throws -> AuditChunk.Row {
        let sequence = try r.readUInt64(), date = try r.readDouble()
        let textStart = try r.readUInt32(), oldLength = try r.readUInt32(), newLength = try r.readUInt32()
        let principal = try readIndex(&r), account = try readIndex(&r), resource = try readIndex(&r)
        let customer = try readIndex(&r), partners = try readIndex(&r)
        let operation = AuditChunk.operations.byte(try wire.operationTypes.read(&r))
        let status = AuditChunk.statuses.byte(try wire.operationStatuses.read(&r))
        return AuditChunk.Row(
            sequence: sequence, date: date, textStart: textStart, oldLength: oldLength, newLength: newLength,
            principal: principal, account: account, resource: resource, customer: customer, involved: partners,
            operation: operation, status: status)
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
