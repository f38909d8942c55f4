/// A piece of a snapshot's payload as a checkpoint writes it: bytes encoded now, or bytes an
/// older snapshot file holds already (the audit log's full chunks, which never change),
/// copied from that file by the kernel rather than read, checksummed and written again.
enum SnapshotPiece: Sendable {
    case bytes([UInt8])
    case copied(CopiedBytes)

    var count: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .copied(let copied): copied.range.count
        }
    }

    /// The bytes themselves, a copied range read (and checked) from its file: for a payload
    /// kept somewhere other than a file (the PostgreSQL store's rows, `payload`).
    func materialized() throws -> [UInt8] {
        switch self {
        case .bytes(let bytes): bytes
        case .copied(let copied): try copied.read(copied.range)
        }
    }
}

/// Bytes of an older snapshot file, to be copied as they lie there.
///
/// Why copying does not make damage valid: a copied block's checksum in the new table is
/// the older table's for the same bytes (`knownChecksum`), never one computed over what was
/// copied, so bytes that changed in the older file since its open checked them arrive as a
/// block that fails its check in the new file too, found by the next read. Where a block of
/// the new file holds copied bytes and others, the copied ones are read and checked against
/// the older table first (`read`), so no unchecked byte is ever summed into a new checksum.
struct CopiedBytes: Sendable {
    let source: SnapshotSectionReads
    /// File offsets in `source`, inside one section.
    let range: Range<Int>

    /// The older table's checksum for `part` (file offsets in `source`) when it is exactly
    /// one of that table's blocks.
    func knownChecksum(of part: Range<Int>) -> UInt32? {
        source.knownChecksum(of: part)
    }

    /// `part`'s bytes, every block holding them checked against the older table.
    func read(_ part: Range<Int>) throws -> [UInt8] {
        do {
            return try source.readChecked(part)
        } catch let damage as SnapshotSectionDamage {
            throw damage.storeError
        }
    }
}
