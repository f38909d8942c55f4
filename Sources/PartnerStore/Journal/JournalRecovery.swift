/// What opening a journal had to repair. A torn tail is the expected result of
/// a crash during a write: those bytes were never acknowledged.
public struct JournalRecovery: Sendable, Equatable {
    /// The segment whose torn tail was cut off, if any.
    public var truncatedFile: String?
    /// Where the cut was made and how many bytes went.
    public var truncatedAtOffset: Int64
    public var truncatedBytes: Int64
    public var reason: String?
    /// Half-written segment or snapshot files left by a crash, removed on open.
    public var removedTemporaryFiles: [String]
    /// Where the cut-off bytes of each torn tail were kept (`damaged/`).
    public var savedTornTails: [String]
    /// Damaged segments the snapshot made unnecessary: left as they are, reported.
    public var damageCoveredBySnapshot: [String] = []

    public init() {
        truncatedFile = nil
        truncatedAtOffset = 0
        truncatedBytes = 0
        reason = nil
        removedTemporaryFiles = []
        savedTornTails = []
    }

    public var isClean: Bool { truncatedBytes == 0 && removedTemporaryFiles.isEmpty }
}
