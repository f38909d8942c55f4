/// A snapshot on disk (`snapshot-<sequence>.bin`): the encoded model as of a
/// journal sequence number. The payload is opaque here; `formatVersion` says
/// how the caller encoded it. From format 8 a section table follows the header
/// (`SnapshotSectionTable`): the payload is read and checked section by section, only
/// where a reader needs it (`ByteBuffer.load`); before, the whole file was read and its one
/// checksum checked.
public struct SnapshotFile: Sendable {
    public let path: String
    public let sequence: UInt64
    public let formatVersion: UInt32
    /// The whole file (in memory of its own, or from format 8 read into it section by
    /// section as needed); the payload starts after the header (and the table). Decoded in
    /// place, never copied again.
    private let contents: ByteBuffer
    private let payloadStart: Int

    /// A reader over the payload, without copying it. A format-8 payload's sections are read
    /// from the file as they are decoded (`ModelSections`).
    public func payloadReader() -> BinaryReader {
        BinaryReader(contents, offset: payloadStart)
    }

    /// A copy of the payload bytes, every section read and checked first.
    public var payload: [UInt8] {
        get throws {
            try loadEverySection()
            return contents.copy(payloadStart..<contents.upperBound)
        }
    }

    /// Reads and checks every section not read yet (`StoreError.corrupt` when one is damaged).
    public func loadEverySection() throws {
        guard let table = contents.sectionTable else { return }
        do {
            try contents.load(entries: Array(table.entries.indices))
        } catch let damage as SnapshotSectionDamage {
            throw damage.storeError
        }
    }

    /// The bytes of the audit log section in the file (with its length prefix), from
    /// format 8's section table; nil before.
    public var auditLogSectionBytes: Int? {
        contents.sectionTable.map { $0.entries[ModelSections.auditLogSection].range.count }
    }

    /// Bytes of the payload read from the file so far: all of it before format 8.
    public var payloadBytesRead: Int { contents.bytesReadOnDemand ?? (contents.upperBound - payloadStart) }

    /// The most bytes of the file in memory at once so far (loaded and not given back): all
    /// of the payload before format 8.
    public var payloadBytesHeldAtMost: Int { contents.bytesHeldAtMost ?? (contents.upperBound - payloadStart) }

    /// Writes a snapshot durably: temporary file, write, fsync, rename, fsync the
    /// directory. A crash at any point leaves either no new snapshot or a complete one.
    /// Refuses to replace an existing file, damaged ones included: they are evidence.
    @discardableResult
    public static func write(payload: [UInt8], sequence: UInt64, formatVersion: UInt32, directory: String) throws -> String {
        try write(payloadParts: [payload], sequence: sequence, formatVersion: formatVersion, directory: directory)
    }

    /// The same, for a payload made in pieces (see `ModelCodec.encodeParts`), written without joining them.
    @discardableResult
    public static func write(payloadParts: [[UInt8]], sequence: UInt64, formatVersion: UInt32, directory: String) throws -> String {
        try write(payloadParts: payloadParts, sequence: sequence, formatVersion: formatVersion, directory: directory,
                  pieceBytes: writebackPieceBytes)
    }

    /// The piece size a snapshot is handed to the device in as it is written: small enough
    /// that a commit behind one waits a few milliseconds at most, large enough that the
    /// device sees long writes.
    static let writebackPieceBytes = 4 << 20

    /// The same, handing the file to the device every `pieceBytes` as it is written, so a
    /// snapshot's dirty pages never make another file's sync wait (`PacedFileWriter`).
    static func write(payloadParts: [[UInt8]], sequence: UInt64, formatVersion: UInt32, directory: String,
                      pieceBytes: Int) throws -> String {
        let final = FileSystem.join(directory, WorkspaceFileName.snapshot(sequence: sequence))
        guard !FileSystem.exists(final) else {
            throw StoreError.invalidArgument("\(final) already exists; a snapshot is never overwritten")
        }
        try FileSystem.writeAtomically([header(payloadParts: payloadParts, sequence: sequence, formatVersion: formatVersion)]
                                       + payloadParts, to: final, in: directory, pieceBytes: pieceBytes)
        return final
    }

    /// A checkpoint's snapshot, written from pieces some of which an older snapshot file holds
    /// already (`SnapshotPiece.copied`: copied by the kernel, their blocks' checksums taken
    /// from that file's table where the blocks are the same). Returns the file and its table.
    static func write(pieces: [SnapshotPiece], sequence: UInt64, formatVersion: UInt32, directory: String,
                      pieceBytes: Int = writebackPieceBytes) throws -> (path: String, table: SnapshotSectionTable?) {
        guard formatVersion >= SnapshotSectionTable.firstVersion else {
            let path = try write(payloadParts: try pieces.map { try $0.materialized() }, sequence: sequence,
                                 formatVersion: formatVersion, directory: directory, pieceBytes: pieceBytes)
            return (path, nil)
        }
        let final = FileSystem.join(directory, WorkspaceFileName.snapshot(sequence: sequence))
        guard !FileSystem.exists(final) else {
            throw StoreError.invalidArgument("\(final) already exists; a snapshot is never overwritten")
        }
        let table = try SnapshotSectionTable(pieces: pieces)
        let encodedTable = table.encoded()
        let payloadLength = pieces.reduce(0) { $0 + $1.count }
        let header = SnapshotHeader(formatVersion: formatVersion, sequence: sequence,
                                    payloadLength: UInt64(encodedTable.count + payloadLength),
                                    payloadChecksum: CRC32C.checksum(encodedTable)).encoded()
        try FileSystem.writeAtomically(pieces: [.bytes(header + encodedTable)] + pieces, to: final, in: directory,
                                       pieceBytes: pieceBytes)
        return (final, table)
    }

    /// The snapshot just written at `path` with `table`, opened again for what the model
    /// reads or copies from it from now on (its audit chunks, its customer and order chunks).
    /// `pieces` (what it was written from) say which blocks this process vouches for: those
    /// encoded from its memory, and those copied from blocks it had checked or written, out
    /// of a file still as it was then; pruning checks only the others again (`soundness`).
    static func openWritten(_ path: String, table: SnapshotSectionTable, pieces: [SnapshotPiece]) throws -> SnapshotSectionReads {
        let (fd, _) = try FileSystem.openToRead(path)
        let reads = SnapshotSectionReads(fd: fd, path: path, table: table)
        var unvouched: [Range<Int>] = []
        // One fstat a source, not one a copied run (a snapshot may copy thousands).
        var unchanged: [ObjectIdentifier: Bool] = [:]
        var offset = table.payloadStart
        for piece in pieces {
            if case .copied(let copied) = piece {
                let source = copied.source
                let sourceUnchanged = unchanged[ObjectIdentifier(source)] ?? source.unchangedSinceOpened
                unchanged[ObjectIdentifier(source)] = sourceUnchanged
                if !(sourceUnchanged && source.vouched(copied.range)) { unvouched.append(offset..<offset + piece.count) }
            }
            offset += piece.count
        }
        reads.vouchForWritten(except: unvouched)
        return reads
    }

    /// A snapshot file's bytes (header, then the payload) for a snapshot kept somewhere
    /// other than a file, such as a row in PostgreSQL: `read(bytes:source:readableVersions:)`
    /// checks them as `read(path:)` checks a file.
    public static func encodedBytes(payloadParts: [[UInt8]], sequence: UInt64, formatVersion: UInt32) -> [UInt8] {
        var bytes = header(payloadParts: payloadParts, sequence: sequence, formatVersion: formatVersion)
        bytes.reserveCapacity(bytes.count + payloadParts.reduce(0) { $0 + $1.count })
        for part in payloadParts { bytes += part }
        return bytes
    }

    /// Checks snapshot bytes that did not come from a file (see `encodedBytes`): damage is
    /// `StoreError.corrupt` naming `source`; versions as in `read(path:readableVersions:)`.
    public static func read(bytes: [UInt8], source: String, readableVersions: ClosedRange<UInt32>) throws -> SnapshotFile {
        switch try check(contents: ByteBuffer(bytes), path: source, readableVersions: readableVersions) {
        case let .success(snapshot): return snapshot
        case let .failure(damage): throw StoreError.corrupt(file: source, offset: damage.offset, reason: damage.reason)
        }
    }

    /// The header and (from format 8) the section table: what goes before the payload.
    private static func header(payloadParts: [[UInt8]], sequence: UInt64, formatVersion: UInt32) -> [UInt8] {
        let payloadLength = payloadParts.reduce(0) { $0 + $1.count }
        guard formatVersion >= SnapshotSectionTable.firstVersion else {
            var crc = CRC32C()
            for part in payloadParts { crc.update(part) }
            return SnapshotHeader(formatVersion: formatVersion, sequence: sequence,
                                  payloadLength: UInt64(payloadLength), payloadChecksum: crc.value).encoded()
        }
        let table = SnapshotSectionTable(payloadParts: payloadParts).encoded()
        return SnapshotHeader(formatVersion: formatVersion, sequence: sequence, payloadLength: UInt64(table.count + payloadLength),
                              payloadChecksum: CRC32C.checksum(table)).encoded() + table
    }

    /// Snapshot sequence numbers present in the directory, newest first, whatever their state.
    public static func sequences(in directory: String) throws -> [UInt64] {
        try FileSystem.listDirectory(directory).compactMap(WorkspaceFileName.snapshotSequence).sorted(by: >)
    }

    /// Reads and checks one snapshot file, every section. Damage is `StoreError.corrupt`; a
    /// format outside `readableVersions` is `newerFormat` or a corrupt error saying it is too old.
    public static func read(path: String, readableVersions: ClosedRange<UInt32>) throws -> SnapshotFile {
        switch try check(path: path, readableVersions: readableVersions) {
        case let .success(snapshot): return snapshot
        case let .failure(damage): throw StoreError.corrupt(file: path, offset: damage.offset, reason: damage.reason)
        }
    }

    /// The newest snapshot that passes its checks. Damaged newer ones are
    /// skipped (and reported), never deleted. A snapshot in a newer format
    /// stops the search: older snapshots cannot stand in for data written by a newer program.
    /// From format 8 the sections `leavingUnread` names (by their place in the payload) are
    /// neither read nor checked here: they are when a reader first needs them.
    public static func loadNewest(directory: String, readableVersions: ClosedRange<UInt32>,
                                  leavingUnread: Set<Int> = []) throws -> SnapshotLoad {
        var skipped: [String] = []
        for sequence in try sequences(in: directory) {
            let path = FileSystem.join(directory, WorkspaceFileName.snapshot(sequence: sequence))
            switch try check(path: path, readableVersions: readableVersions, leavingUnread: leavingUnread) {
            case let .success(snapshot):
                return SnapshotLoad(snapshot: snapshot, skipped: skipped)
            case let .failure(damage):
                skipped.append("\(path) is damaged at byte \(damage.offset): \(damage.reason)")
            }
        }
        if !skipped.isEmpty {
            throw StoreError.noUsableSnapshot(problems: skipped)
        }
        return SnapshotLoad(snapshot: nil, skipped: [])
    }

    /// Once the snapshot at `newest` is durable: keeps it and the newest sound
    /// snapshot before it (the fallback), deletes older sound ones, and leaves
    /// damaged files alone. Returns the fallback's sequence: journal segments
    /// it covers are the only ones no snapshot still needs.
    @discardableResult
    public static func prune(directory: String, newest: UInt64, readableVersions: ClosedRange<UInt32>) throws -> UInt64? {
        var fallback: UInt64?
        var deleted = false
        for sequence in try sequences(in: directory) where sequence < newest {
            let path = FileSystem.join(directory, WorkspaceFileName.snapshot(sequence: sequence))
            guard soundness(path: path, readableVersions: readableVersions).isSound else { continue }
            if fallback == nil {
                fallback = sequence
            } else {
                try FileSystem.removeIfPresent(path)
                deleted = true
            }
        }
        if deleted { try FileSystem.syncDirectory(directory) }
        return fallback
    }

    private static func check(path: String, readableVersions: ClosedRange<UInt32>,
                              leavingUnread: Set<Int> = []) throws -> Result<SnapshotFile, SnapshotDamage> {
        let (fd, size) = try FileSystem.openToRead(path)
        // Closed here unless a format-8 snapshot's buffer takes it over to read sections later.
        var handedOver = false
        defer { if !handedOver { FileSystem.closeDescriptor(fd) } }
        var header = [UInt8](repeating: 0, count: SnapshotHeader.size)
        let got = try FileSystem.preadAll(fd, into: &header, count: header.count, from: 0, path: path)
        let decoded = header.withUnsafeBytes { SnapshotHeader.decode(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
        guard case let .success(found) = decoded, found.formatVersion >= SnapshotSectionTable.firstVersion else {
            return try check(contents: try ByteBuffer.readFile(path), path: path, readableVersions: readableVersions)
        }
        if let damage = try frameDamage(found, payloadSize: UInt64(size - SnapshotHeader.size), path: path,
                                        readableVersions: readableVersions) {
            return .failure(damage)
        }
        let table: SnapshotSectionTable
        switch try readTable(fd: fd, header: found, path: path) {
        case let .success(read): table = read
        case let .failure(damage): return .failure(damage)
        }
        handedOver = true
        return try checkSections(ByteBuffer.readingSections(fd: fd, size: size, path: path, table: table),
                                 path: path, header: found, table: table, leavingUnread: leavingUnread)
    }

    /// A format-8 file whose header and table are sound: the sections not `leavingUnread`,
    /// each block against its checksum.
    private static func checkSections(_ contents: ByteBuffer, path: String, header: SnapshotHeader, table: SnapshotSectionTable,
                                      leavingUnread: Set<Int>) throws -> Result<SnapshotFile, SnapshotDamage> {
        do {
            try contents.load(entries: table.entries.indices.filter { !leavingUnread.contains($0) })
        } catch let damage as SnapshotSectionDamage {
            return .failure(damage.damage)
        }
        return .success(SnapshotFile(path: path, sequence: header.sequence, formatVersion: header.formatVersion,
                                     contents: contents, payloadStart: table.payloadStart))
    }

    private static func readTable(fd: Int32, header: SnapshotHeader, path: String) throws -> Result<SnapshotSectionTable, SnapshotDamage> {
        var prefix = [UInt8](repeating: 0, count: 8)
        let got = try FileSystem.preadAll(fd, into: &prefix, count: 8, from: Int64(SnapshotHeader.size), path: path)
        let length = prefix.withUnsafeBytes {
            SnapshotSectionTable.length(fromPrefix: UnsafeRawBufferPointer(rebasing: $0[0..<got]), payloadLength: header.payloadLength)
        }
        guard let length else {
            return .failure(SnapshotDamage(offset: Int64(SnapshotHeader.size), reason: "the section table's length is not within the payload's \(header.payloadLength) bytes"))
        }
        var bytes = [UInt8](repeating: 0, count: length)
        let read = try FileSystem.preadAll(fd, into: &bytes, count: length, from: Int64(SnapshotHeader.size), path: path)
        return bytes.withUnsafeBytes { SnapshotSectionTable.decode(UnsafeRawBufferPointer(rebasing: $0[0..<read]), header: header) }
    }

    /// Whether the file passes every check `read(path:)` makes, read through a small buffer
    /// of its own: pruning, on a snapshot's thread, asks this of files as large as the one
    /// just written, and reading each into hundreds of megabytes of fresh memory cost the
    /// process page faults and CPU that the dashboard's thread waited behind.
    static func isSound(path: String, readableVersions: ClosedRange<UInt32>) -> Bool {
        soundness(path: path, readableVersions: readableVersions).isSound
    }

    /// Whether a file is sound, and how much of it was read to say so.
    enum Soundness: Equatable {
        case unsound
        /// Every block read and checked.
        case soundWhole
        /// A file this process checked or wrote, unchanged since (`CheckedSnapshots`): its
        /// header and table read again and found the same, and only the blocks it never
        /// checked read (`bytesRead` of them).
        case soundAsChecked(bytesRead: Int)

        var isSound: Bool { self != .unsound }
    }

    /// `isSound`, saying which way it decided. A file this process holds a vouched-for
    /// reading of is taken at its word where it is unchanged; anything else is read whole
    /// (STORE.md › Pruning).
    static func soundness(path: String, readableVersions: ClosedRange<UInt32>) -> Soundness {
        do {
            let (fd, size) = try FileSystem.openToRead(path)
            defer { FileSystem.closeDescriptor(fd) }
            // Whatever the shortcut doubts is decided by the whole check.
            let checked = SnapshotFileIdentity(descriptor: fd).map(CheckedSnapshots.readings(of:)) ?? []
            if !checked.isEmpty,
               let (sound, bytesRead) = try checkStreaming(fd: fd, size: size, path: path, readableVersions: readableVersions,
                                                           asChecked: checked), sound {
                return .soundAsChecked(bytesRead: bytesRead)
            }
            guard let (sound, _) = try checkStreaming(fd: fd, size: size, path: path, readableVersions: readableVersions,
                                                      asChecked: []), sound else { return .unsound }
            return .soundWhole
        } catch {
            return .unsound
        }
    }

    /// Reads and checks the file through a buffer of its own; with readings `asChecked`, only
    /// the blocks none of them vouches for, once the header and table are the same as theirs.
    /// Nil when the file is not sound before its blocks (header, length, table); else
    /// whether every block read matched, and the bytes of blocks read.
    private static func checkStreaming(fd: Int32, size: Int, path: String, readableVersions: ClosedRange<UInt32>,
                                       asChecked: [SnapshotSectionReads]) throws -> (sound: Bool, bytesRead: Int)? {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        func read(_ count: Int, at offset: Int) throws -> UnsafeRawBufferPointer? {
            guard try FileSystem.preadAll(fd, into: buffer.baseAddress!, count: count, from: Int64(offset), path: path) == count
            else { return nil }
            return UnsafeRawBufferPointer(rebasing: buffer[0..<count])
        }
        guard size >= SnapshotHeader.size, let first = try read(SnapshotHeader.size, at: 0),
              case let .success(header) = SnapshotHeader.decode(first),
              try frameDamage(header, payloadSize: UInt64(size - SnapshotHeader.size), path: path,
                              readableVersions: readableVersions) == nil
        else { return nil }
        guard header.formatVersion >= SnapshotSectionTable.firstVersion else {
            var crc = CRC32C()
            for offset in stride(from: SnapshotHeader.size, to: size, by: chunk) {
                guard let bytes = try read(min(chunk, size - offset), at: offset) else { return nil }
                crc.update(bytes)
            }
            return (crc.value == header.payloadChecksum, size - SnapshotHeader.size)
        }
        guard case let .success(table) = try readTable(fd: fd, header: header, path: path) else { return nil }
        guard asChecked.allSatisfy({ $0.table == table }) else { return nil }
        let needed: (Int, Int) -> Bool = { entry, block in !asChecked.contains { $0.isVouched(entry, block) } }
        // A section's blocks lie end to end, so one read takes as many whole blocks as the
        // buffer holds: a block per read cost 18,000 reads for a 298 MB snapshot.
        guard table.blockBytes <= chunk else { return try blocksStreamed(table, piece: chunk, needed: needed, read) }
        let blocksPerRead = chunk / table.blockBytes
        var bytesRead = 0
        for entry in table.entries.indices {
            let blockCount = table.entries[entry].blockChecksums.count
            for start in stride(from: 0, to: blockCount, by: blocksPerRead) {
                let group = start..<min(start + blocksPerRead, blockCount)
                guard let first = group.first(where: { needed(entry, $0) }),
                      let last = group.last(where: { needed(entry, $0) }) else { continue }
                let span = table.blockRange(entry, first).lowerBound..<table.blockRange(entry, last).upperBound
                guard let bytes = try read(span.count, at: span.lowerBound) else { return (false, bytesRead) }
                bytesRead += span.count
                for block in first...last {
                    let range = table.blockRange(entry, block)
                    let offset = range.lowerBound - span.lowerBound
                    let blockBytes = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + range.count])
                    guard CRC32C.checksum(blockBytes) == table.entries[entry].blockChecksums[block] else { return (false, bytesRead) }
                }
            }
        }
        return (true, bytesRead)
    }

    /// Blocks larger than the buffer (no snapshot this build writes has them), each checked
    /// in pieces.
    private static func blocksStreamed(_ table: SnapshotSectionTable, piece: Int, needed: (Int, Int) -> Bool,
                                       _ read: (Int, Int) throws -> UnsafeRawBufferPointer?) throws -> (sound: Bool, bytesRead: Int) {
        var bytesRead = 0
        for (entry, block) in table.everyBlock where needed(entry, block) {
            let range = table.blockRange(entry, block)
            var crc = CRC32C()
            for offset in stride(from: range.lowerBound, to: range.upperBound, by: piece) {
                guard let bytes = try read(min(piece, range.upperBound - offset), offset) else { return (false, bytesRead) }
                crc.update(bytes)
            }
            bytesRead += range.count
            guard crc.value == table.entries[entry].blockChecksums[block] else { return (false, bytesRead) }
        }
        return (true, bytesRead)
    }

    private static func check(contents: ByteBuffer, path: String,
                              readableVersions: ClosedRange<UInt32>) throws -> Result<SnapshotFile, SnapshotDamage> {
        let bytes = contents.bytes
        let header: SnapshotHeader
        switch SnapshotHeader.decode(bytes) {
        case let .success(decoded): header = decoded
        case let .failure(damage): return .failure(damage)
        }
        if let damage = try frameDamage(header, payloadSize: UInt64(bytes.count - SnapshotHeader.size), path: path,
                                        readableVersions: readableVersions) {
            return .failure(damage)
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[SnapshotHeader.size...])
        guard header.formatVersion >= SnapshotSectionTable.firstVersion else {
            let computed = CRC32C.checksum(rest)
            guard computed == header.payloadChecksum else {
                return .failure(SnapshotDamage(
                    offset: Int64(SnapshotHeader.size),
                    reason: "payload checksum 0x\(Hex.word(computed)) does not match the header's 0x\(Hex.word(header.payloadChecksum))"))
            }
            return .success(SnapshotFile(path: path, sequence: header.sequence, formatVersion: header.formatVersion,
                                         contents: contents, payloadStart: SnapshotHeader.size))
        }
        let table: SnapshotSectionTable
        switch SnapshotSectionTable.decode(rest, header: header) {
        case let .success(decoded): table = decoded
        case let .failure(damage): return .failure(damage)
        }
        for (entry, block) in table.everyBlock {
            let range = table.blockRange(entry, block)
            if let damage = table.damage(entry, block, UnsafeRawBufferPointer(rebasing: bytes[range])) { return .failure(damage) }
        }
        return .success(SnapshotFile(path: path, sequence: header.sequence, formatVersion: header.formatVersion,
                                     contents: contents, payloadStart: table.payloadStart))
    }

    /// What the header says that the file contradicts (its length or its name), but the
    /// payload's checksum; a format this build does not read is thrown.
    private static func frameDamage(_ header: SnapshotHeader, payloadSize: UInt64, path: String,
                                    readableVersions: ClosedRange<UInt32>) throws -> SnapshotDamage? {
        guard header.formatVersion <= readableVersions.upperBound else {
            throw StoreError.newerFormat(file: path, found: header.formatVersion, supported: readableVersions.upperBound)
        }
        guard header.formatVersion >= readableVersions.lowerBound else {
            throw StoreError.corrupt(
                file: path, offset: 4,
                reason: "format \(header.formatVersion) is older than this partnerdash reads (\(readableVersions.lowerBound))")
        }
        guard header.payloadLength == payloadSize else {
            return SnapshotDamage(
                offset: Int64(SnapshotHeader.size),
                reason: "header promises \(header.payloadLength) payload bytes, the file has \(payloadSize)")
        }
        if let named = WorkspaceFileName.snapshotSequence(String(path.split(separator: "/").last ?? "")), named != header.sequence {
            return SnapshotDamage(offset: 8, reason: "header covers sequence \(header.sequence), the name says \(named)")
        }
        return nil
    }
}
