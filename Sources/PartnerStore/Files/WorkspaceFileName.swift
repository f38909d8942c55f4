/// Names of the files in a workspace. Sequence numbers are zero-padded to 20
/// digits (the width of UInt64.max) so that name order is sequence order.
enum WorkspaceFileName {
    /// One snapshot writer at a time (`SnapshotLock`).
    static let snapshotLock = "snapshot.lock"
    /// Torn tails cut off under the write lock are kept here, never just dropped.
    static let damaged = "damaged"
    static let temporarySuffix = ".tmp"

    static func journal(firstSequence: UInt64) -> String { "journal-\(padded(firstSequence)).log" }
    static func snapshot(sequence: UInt64) -> String { "snapshot-\(padded(sequence)).bin" }

    static func journalSequence(_ name: String) -> UInt64? { sequence(in: name, prefix: "journal-", suffix: ".log") }
    static func snapshotSequence(_ name: String) -> UInt64? { sequence(in: name, prefix: "snapshot-", suffix: ".bin") }

    static func isTemporary(_ name: String) -> Bool {
        name.hasSuffix(temporarySuffix) && (name.hasPrefix("journal-") || name.hasPrefix("snapshot-"))
    }

    /// Written into 20 bytes at once: a writer names the segment that would follow its own
    /// on every catch-up and tail check, so this is on every change's path.
    private static func padded(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 20) { digits in
            var rest = value
            for index in stride(from: 19, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return 20
        }
    }

    private static func sequence(in name: String, prefix: String, suffix: String) -> UInt64? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.count == 20, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }
}
