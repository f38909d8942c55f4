import PartnerCore

/// A full audit chunk's 1,024 rows as they lie in a snapshot (40 bytes each, the layout
/// `ModelCodec+AuditChunks.swift` writes), checked and summarized in place for a chunk the
/// open leaves cold. Reading each row as a `Row` checked every field's length and looked
/// the operation and status up in a dictionary: half of the audit log's walk at 200k
/// (466,000 rows). Here a row is a few loads and comparisons; a run with any row that
/// fails is left to the row-by-row read, which names the error as it always did.
struct AuditRowRun {
    static let rowSize = 40
    static let byteCount = rowSize * AuditChunk.capacity

    /// How many entries each of the chunk's tables holds, and its text's length.
    struct Tables {
        let text: Int
        let principals: Int
        let accounts: Int
        let resources: Int
        let customers: Int
        let involved: Int
    }

    struct Summary {
        let first: UInt64
        let last: UInt64
        let descents: [ColdAuditChunk.Descent]
    }

    private let bytes: UnsafeRawBufferPointer

    /// `bytes` holds at least `byteCount` bytes.
    init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= Self.byteCount, "a run of rows is \(Self.byteCount) bytes")
        self.bytes = bytes
    }

    /// The rows' sequences (first, last, each place they go down), or nil when a row names
    /// a table entry, a text or a wire number the chunk or the format does not hold.
    func summary(within tables: Tables) -> Summary? {
        var descents: [ColdAuditChunk.Descent] = []
        var previous: UInt64 = 0
        for position in 0..<AuditChunk.capacity {
            let row = position * Self.rowSize
            guard fits(row, tables) else { return nil }
            let sequence = uint64(row)
            if position > 0 && previous > sequence {
                descents.append(ColdAuditChunk.Descent(position: position, earlier: previous, later: sequence))
            }
            previous = sequence
        }
        return Summary(first: uint64(0), last: previous, descents: descents)
    }

    /// What `AuditChunk.Row.fits` asks of a row read whole, and that its operation and
    /// status are wire numbers some case has (which reading one as a `Row` refuses).
    @inline(__always) private func fits(_ row: Int, _ tables: Tables) -> Bool {
        let textEnd = Int(uint32(row + 16)) + Int(uint32(row + 20)) + Int(uint32(row + 24))
        return textEnd <= tables.text
            && Int(uint16(row + 28)) < tables.principals && Int(uint16(row + 30)) < tables.accounts
            && Int(uint16(row + 32)) < tables.resources && Int(uint16(row + 34)) < tables.customers
            && Int(uint16(row + 36)) < tables.involved
            && Self.knownOperations[Int(bytes[row + 38])] && Self.knownStatuses[Int(bytes[row + 39])]
    }

    /// Indexed by wire number: whether some case is stored as it.
    private static let knownOperations = (0..<256).map { ModelCodec.wire.operationTypes.value(of: UInt8($0)) != nil }
    private static let knownStatuses = (0..<256).map { ModelCodec.wire.operationStatuses.value(of: UInt8($0)) != nil }

    @inline(__always) private func uint64(_ at: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    @inline(__always) private func uint32(_ at: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    @inline(__always) private func uint16(_ at: Int) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self))
    }
}
